namespace CimController.Host
{
    /// <summary>Result of applying a pulse-event group.</summary>
    public sealed record FfpGroupResult(int Applied, uint BeforeMilliohms, uint AfterMilliohms, uint[]? EachMilliohms);
}

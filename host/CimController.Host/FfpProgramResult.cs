using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>Result of FFP programming to a target resistance.</summary>
    public readonly record struct FfpProgramResult(int Status, int Direction, int Events, uint BeforeMilliohms, uint AfterMilliohms)
    {
        /// <summary>Readable status.</summary>
        public string StatusName => FfpStatus.Name(Status);
        /// <summary>Final resistance, Ω.</summary>
        public double AfterOhms => AfterMilliohms / 1000.0;
    }
}

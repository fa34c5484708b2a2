namespace CimController.Firmware
{
    /// <summary>Monotonic milliseconds (Environment.TickCount64 on nanoFramework and .NET).</summary>
    public interface IClock
    {
        long NowMs { get; }
    }

    /// <summary>The system tick clock.</summary>
    public sealed class SystemClock : IClock
    {
        public long NowMs { get { return System.Environment.TickCount64; } }
    }
}

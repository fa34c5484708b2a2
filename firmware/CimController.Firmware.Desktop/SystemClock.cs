namespace CimController.Firmware.Desktop;

/// <summary>The desktop's monotonic tick clock (<see cref="System.Environment.TickCount64"/>).</summary>
public sealed class SystemClock : IClock
{
    /// <inheritdoc />
    public long NowMs => System.Environment.TickCount64;
}

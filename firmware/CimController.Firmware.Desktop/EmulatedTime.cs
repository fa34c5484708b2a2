using CimController.Firmware;

namespace CimController.Firmware.Desktop;

/// <summary>
/// Emulated board time for the discrete board emulator: the driver's settling and pulse delays advance it at once
/// instead of waiting, and the emulator reads it for its cells' time-dependent physics.
/// </summary>
public sealed class EmulatedTime : IDelay
{
    private long _microseconds;

    /// <summary>Microseconds since creation, as the emulated board sees them.</summary>
    public long Now() => System.Threading.Interlocked.Read(ref _microseconds);

    /// <inheritdoc />
    public void DelayMicroseconds(int microseconds)
    {
        if (microseconds > 0)
        {
            System.Threading.Interlocked.Add(ref _microseconds, microseconds);
        }
    }
}

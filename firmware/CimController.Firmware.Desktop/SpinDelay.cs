using System.Diagnostics;
using CimController.Firmware;

namespace CimController.Firmware.Desktop;

/// <summary>
/// Real microsecond delays for a discrete board on spidev: sleeps for the whole milliseconds and spins on the
/// high-resolution Stopwatch for the rest (bounded by the requested time).
/// </summary>
public sealed class SpinDelay : IDelay
{
    /// <inheritdoc />
    public void DelayMicroseconds(int microseconds)
    {
        if (microseconds <= 0)
        {
            return;
        }
        long start = Stopwatch.GetTimestamp();
        long ticks = microseconds * Stopwatch.Frequency / 1_000_000;
        if (microseconds > 2000)
        {
            System.Threading.Thread.Sleep((microseconds - 1000) / 1000);
        }
        while (Stopwatch.GetTimestamp() - start < ticks)
        {
            System.Threading.Thread.SpinWait(20);
        }
    }
}

using System.Threading;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The clock of a recorded scenario: every reading returns the current value and moves it on by one millisecond, so
/// time-driven behaviour (progress frames, time budgets, the inter-byte timeout, the watchdog) happens after a fixed
/// number of readings instead of after wall time; <see cref="Advance"/> jumps ahead. Replays read the recorded values.
/// </summary>
public sealed class SteppingClock : IClock
{
    private long _ms = 1_000;

    public long NowMs => Interlocked.Increment(ref _ms) - 1;

    /// <summary>Moves the clock on by <paramref name="ms"/>.</summary>
    public void Advance(long ms) => Interlocked.Add(ref _ms, ms);
}

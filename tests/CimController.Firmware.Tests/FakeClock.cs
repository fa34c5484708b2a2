using System.Threading;

namespace CimController.Firmware.Tests;

/// <summary>A clock the test moves by hand.</summary>
public sealed class FakeClock : IClock
{
    private long _now = 1_000;

    public long NowMs => Interlocked.Read(ref _now);

    public void Advance(long ms) => Interlocked.Add(ref _now, ms);
}

using System;
using System.Threading;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// Sits outside a <see cref="SilenceWatchdogLink"/> and signals when it has made the board safe, so a scenario can wait
/// for that instead of for time. It touches neither clock nor board: the recording is the same as without it.
/// </summary>
public sealed class WatchdogProbe : IHostLink
{
    private readonly ManualResetEventSlim _safe = new(false);
    private SilenceWatchdogLink? _watchdog;

    public IHostLink Wrap(SilenceWatchdogLink watchdog)
    {
        _watchdog = watchdog;
        return this;
    }

    /// <summary>Safe states the watchdog has entered.</summary>
    public int SafeStates => _watchdog?.SafeStates ?? 0;

    /// <summary>Waits up to <paramref name="timeout"/> for the first safe state.</summary>
    public bool WaitForSafeState(TimeSpan timeout) => _safe.Wait(timeout);

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        int n = _watchdog!.Read(buffer, offset, count, timeoutMs);
        if (_watchdog.SafeStates > 0) _safe.Set();
        return n;
    }

    public void Write(byte[] buffer, int offset, int count) => _watchdog!.Write(buffer, offset, count);
}

using System;
using System.Collections.Generic;
using CimController.Firmware.Transcripts;
using CimController.Protocol;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>Replays a transcript on desktop .NET with the same replayer the nanoCLR runs; the heap figures are bytes allocated.</summary>
public static class DesktopReplay
{
    public static ReplayOutcome Run(byte[] transcript, int index = 0)
    {
        var replayer = new Replayer(new TranscriptReader(new MemorySource(transcript)));
        replayer.Session.Reserve(replayer.Header.Config.MaxPayload + 64);
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        long t0 = DateTime.UtcNow.Ticks;
        bool ok = replayer.Start();
        long t1 = DateTime.UtcNow.Ticks;
        long a1 = GC.GetAllocatedBytesForCurrentThread();
        ok = ok && replayer.ServeAll();
        long t2 = DateTime.UtcNow.Ticks;
        long a2 = GC.GetAllocatedBytesForCurrentThread();
        ReplaySession s = replayer.Session;
        var stats = new Dictionary<int, CommandStat>();
        for (int t = 0; t < 256; t++)
            if (s.Stats.Count[t] > 0)
                stats[t] = new CommandStat(s.Stats.Count[t], s.Stats.Ticks[t], s.Stats.OverheadTicks[t], s.Stats.RequestBytes[t]);
        return new ReplayOutcome(index, ok, s.Failure, s.EventIndex, s.SpiTransactions, s.FramesOut, t1 - t0, t2 - t1, s.OverheadTicks, a1 - a0, a2 - a0, stats);
    }
}

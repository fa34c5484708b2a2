using System.Collections.Generic;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>Time and size of the commands answered with one reply type during a replay (ticks of 100 ns).</summary>
public sealed record CommandStat(int Count, long Ticks, long OverheadTicks, long RequestBytes)
{
    /// <summary>Ticks spent in the firmware core (the replay interfaces' own time taken out).</summary>
    public long CoreTicks => Ticks - OverheadTicks;
}

/// <summary>One transcript's replay, on the nanoCLR or on desktop .NET.</summary>
public sealed record ReplayOutcome(int Index, bool Passed, string Failure, long Events, long SpiTransactions, long FramesOut, long BuildTicks,
    long ServeTicks, long OverheadTicks, long HeapBuiltBytes, long HeapEndBytes, IReadOnlyDictionary<int, CommandStat> Stats);

using System;
using System.Collections.Generic;
using CimController.Host;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

public static partial class Scenarios
{
    internal const uint TrainToken = 0x5EED0001;

    /// <summary>b-RRAM window and 2-bit programming granularity of Wu 2023 in nS: (32.9 - 8.2) uS / 3.</summary>
    private const uint GminNs = 8_200, GmaxNs = 32_900, ThresholdNs = 8_233;

    /// <summary>
    /// The training messages (Wu 2023 mixed precision): configure, load, updates that cross the threshold, the same update
    /// again (answered from the cache, nothing applied twice), an update out of order (refused), state and status.
    /// </summary>
    public static Scenario Training() => new("training", "emulator", "brram", 31, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        const int weights = 48;
        StartSession(c, weights, new[] { 0, 32 });
        var rng = new Random(3101);
        float[] step = new float[weights];
        TrainUpdateResult last = null!;
        for (uint s = 1; s <= 4; s++)
        {
            for (int i = 0; i < weights; i++) step[i] = (float)(rng.NextDouble() * 12_000 - 6_000);
            last = c.TrainUpdate(TrainToken, s, 0, 0, step);
        }
        TrainUpdateResult again = c.TrainUpdate(TrainToken, 4, 0, 0, step);
        Assert.AreEqual(last.Writes.Count, again.Writes.Count, "the repeated update is answered from the cache");
        var e = Assert.ThrowsExactly<CimProtocolException>(() => c.TrainUpdate(TrainToken, 2, 0, 0, step));
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        var state = c.TrainStateGet(TrainToken, 0, weights);
        Assert.AreEqual(weights, state.Weights.Length);
        TrainStatusInfo status = c.TrainStatus();
        Assert.AreEqual(4u, status.LastStep);
    });

    /// <summary>Configures and loads <paramref name="weights"/> device pairs over the tiles (pair columns 2k, 2k + 1), W_FP 0.</summary>
    internal static void StartSession(CimClient c, int weights, int[] layerStarts)
    {
        c.TrainConfigure(new TrainSessionSettings(TrainToken, TrainMode.Mixed, weights, layerStarts, ThresholdNs, GminNs, GmaxNs));
        var entries = new List<TrainWeightEntry>(weights);
        for (int i = 0; i < weights; i++)
        {
            int pairsPerTile = 64 * 32;
            int tile = i / pairsPerTile, k = i % pairsPerTile;
            entries.Add(new TrainWeightEntry(tile, k % 64, 2 * (k / 64), 0f, 0f, 0));
        }
        int chunk = Math.Min(2000, (c.MaxPayload - TrainLayout.LoadHeaderLength) / TrainLayout.LoadEntryBytes);
        for (int first = 0; first < weights; first += chunk)
            c.TrainLoad(TrainToken, first, entries.GetRange(first, Math.Min(chunk, weights - first)));
    }
}

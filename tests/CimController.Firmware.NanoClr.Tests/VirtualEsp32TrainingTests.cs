using System;
using System.Diagnostics;
using System.Linq;
using CimController.Firmware.Desktop.Esp32;
using CimController.Host;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// Mixed-precision training (Wu 2023) with the real image's update accumulator on the interpreter: the Wu 2023 LeNet's
/// 3,320 device pairs configured and loaded as the trainer does, then batches of updates whose threshold crossings the
/// image programs with write-verify, a repeated update answered from its cache, state and status read back, and the heap
/// the session holds. (A whole `cimctl train` run through the image spends almost all its time programming the 6,640
/// initial devices: firmware/README.md, "The virtual ESP32".)
/// </summary>
[TestClass]
public sealed class VirtualEsp32TrainingTests
{
    private const int Seed = 31;

    [TestMethod]
    public void TrainingBatchesUpdateTheImagesAccumulatorAndItsStateStaysInTheHeap()
    {
        NanoClrKit kit = NanoClrKit.Require();
        using VirtualEsp32 esp32 = VirtualEsp32Fixture.Start(kit, seed: Seed);
        using CimClient c = VirtualEsp32Fixture.Connect(esp32);
        uint freeBefore = c.Stats().HeapFreeBytes;
        int pairs = Scenarios.LeNetPairs + 100; // conv1 copied twice, as the trainer's default layout has it
        var sw = Stopwatch.StartNew();
        Scenarios.StartSession(c, pairs, new[] { 0, 200, 1400 });
        Console.WriteLine($"configured and loaded {pairs} pairs in {sw.ElapsedMilliseconds} ms");
        var rng = new Random(3101);
        Console.WriteLine($"update seed 3101");
        var step = new float[pairs];
        long writes = 0;
        Host.TrainUpdateResult last = null!;
        for (uint s = 1; s <= 3; s++)
        {
            for (int i = 0; i < pairs; i++) step[i] = (float)(rng.NextDouble() * 8_000 - 4_000);
            sw.Restart();
            for (int first = 0; first < pairs; first += c.TrainUpdateChunk)
            {
                last = c.TrainUpdate(Scenarios.TrainToken, s, 0, first, step.AsSpan(first, Math.Min(c.TrainUpdateChunk, pairs - first)));
                writes += last.Writes.Count;
            }
            Console.WriteLine($"batch {s}: {pairs} updates pushed in {sw.ElapsedMilliseconds} ms, {writes} pair writes so far");
        }
        Assert.IsTrue(writes > 0, "updates of +-4 uS cross the 8.2 uS granularity within three batches");
        int lastFirst = pairs - (pairs - 1) % c.TrainUpdateChunk - 1;
        var again = c.TrainUpdate(Scenarios.TrainToken, 3, 0, lastFirst, step.AsSpan(lastFirst));
        Assert.AreEqual(last.Writes.Count, again.Writes.Count, "a repeated update is answered from the image's cache");
        var state = c.TrainStateGet(Scenarios.TrainToken, 0, 256);
        Assert.IsTrue(state.Weights.All(float.IsFinite));
        var status = c.TrainStatus();
        Assert.AreEqual(pairs, status.Loaded);
        Assert.AreEqual(3u, status.LastStep);
        Assert.AreEqual((uint)writes, status.WritesTotal);
        uint freeAfter = c.Stats().HeapFreeBytes;
        Console.WriteLine($"free heap {freeBefore:N0} B before the session, {freeAfter:N0} B with it: {(long)freeBefore - freeAfter:N0} B held for {pairs} pairs");
        Assert.IsTrue(freeAfter < freeBefore, "the training state takes heap");
        var e = Assert.ThrowsExactly<CimProtocolException>(() => c.TrainUpdate(Scenarios.TrainToken, 1, 0, 0, step.AsSpan(0, 10)));
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code, "an update out of order is refused");
    }
}

using System;
using System.Collections.Generic;
using CimController.Firmware;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Training.Tests;

/// <summary>An ideal pair writer: every write lands exactly on its targets; records what was written.</summary>
public sealed class IdealPairWriter : IPairWriter
{
    public readonly List<(int Tile, int Row, int Column, uint Plus, uint Minus)> Writes = new();
    public bool Record = true;

    public void WritePair(int tile, int row, int column, uint plusNanosiemens, uint minusNanosiemens, int maxTrials, uint toleranceNanosiemens, int averages, PairWriteResult result)
    {
        if (Record)
        {
            Writes.Add((tile, row, column, plusNanosiemens, minusNanosiemens));
        }

        result.Status = WriteVerifyStatus.InBand;
        result.Trials = 1;
        result.Pulses = 3;
        result.PlusNanosiemens = plusNanosiemens;
        result.MinusNanosiemens = minusNanosiemens;
    }
}

/// <summary>The firmware's update accumulator and its messages (threshold semantics, exactly-once, reset detection, allocation).</summary>
[TestClass]
public sealed class AccumulatorTests
{
    private const int P = FrameFormat.PayloadOffset;
    private const uint Token = 0xC0FFEE;
    private const uint Threshold = 8000; // nS
    private const uint Gmin = 8000, Gmax = 32000;

    private static byte[] Frame(Action<PayloadWriter> payload, out int length)
    {
        var buffer = new byte[FrameFormat.Overhead + 65535];
        var w = new PayloadWriter();
        w.Reset(buffer, P, 65535);
        payload(w);
        length = w.Length;
        return buffer;
    }

    private static (TrainingCommand Cmd, IdealPairWriter Writer, FirmwareStats Stats, byte[] Reply) Session(int weights, int mode, float[] w0, float[]? acc0 = null, int[]? layers = null)
    {
        var writer = new IdealPairWriter();
        var stats = new FirmwareStats();
        var cmd = new TrainingCommand(writer, stats);
        var reply = new byte[FrameFormat.Overhead + 65535];
        layers ??= new[] { 0 };
        byte[] f = Frame(x =>
        {
            x.WriteUInt32(Token); x.WriteByte(mode); x.WriteByte(2); x.WriteByte(4); x.WriteByte(layers.Length);
            x.WriteUInt32((uint)weights); x.WriteUInt32(Threshold); x.WriteUInt32(Gmin); x.WriteUInt32(Gmax); x.WriteUInt32(500); x.WriteUInt32(0); x.WriteUInt32(0);
            foreach (int l in layers) x.WriteUInt32((uint)l);
        }, out int n);
        cmd.Execute(MessageType.TrainConfigure, f, n, reply, 65535);
        f = Frame(x =>
        {
            x.WriteUInt32(Token); x.WriteUInt32(0); x.WriteUInt16(weights);
            for (int i = 0; i < weights; i++)
            {
                x.WriteByte(i % 4); x.WriteUInt16(i / 32); x.WriteUInt16(2 * (i % 32));
                x.WriteUInt32(BitConverter.SingleToUInt32Bits(w0[i])); x.WriteUInt32(BitConverter.SingleToUInt32Bits(acc0?[i] ?? 0f)); x.WriteUInt16(0);
            }
        }, out n);
        cmd.Execute(MessageType.TrainLoad, f, n, reply, 65535);
        return (cmd, writer, stats, reply);
    }

    private static byte[] UpdateFrame(uint step, int first, float[] d, out int n) => Frame(x =>
    {
        x.WriteUInt32(Token); x.WriteUInt32(step); x.WriteUInt16(1); x.WriteUInt32((uint)first); x.WriteUInt16(d.Length);
        foreach (float v in d) x.WriteUInt32(BitConverter.SingleToUInt32Bits(v));
    }, out n);

    private static List<int> WrittenIndices(byte[] reply, int length)
    {
        int written = ByteOrder.ReadUInt16(reply, P + 14);
        Assert.AreEqual(TrainLayout.UpdateReplyHeaderLength + (written * TrainLayout.WriteEntryBytes), length);
        var list = new List<int>();
        for (int k = 0; k < written; k++) list.Add((int)ByteOrder.ReadUInt32(reply, P + TrainLayout.UpdateReplyHeaderLength + (k * TrainLayout.WriteEntryBytes)));
        return list;
    }

    [TestMethod]
    public void OnlyCrossingElementsAreWrittenToTheIdealValueAndTheirAccumulatorsZeroed()
    {
        var w0 = new float[] { 1000f, -2000f, 0f, 5000f, 0f };
        var acc0 = new float[] { 7000f, 0f, -7500f, 100f, 0f };
        var (cmd, writer, _, reply) = Session(5, TrainMode.Mixed, w0, acc0);
        // 0: 7000 + 1500 = 8500 crosses -> W = 1000 + 8500 = 9500; 1: -3000 stays; 2: -7500 - 600 = -8100 crosses -> W = -8100;
        // 3: 100 + 7000 = 7100 stays; 4: 30000 crosses and clamps to the window (24000).
        var d = new float[] { 1500f, -3000f, -600f, 7000f, 30000f };
        byte[] f = UpdateFrame(1, 0, d, out int n);
        int len = cmd.Execute(MessageType.TrainUpdate, f, n, reply, 65535);
        CollectionAssert.AreEqual(new[] { 0, 2, 4 }, WrittenIndices(reply, len));
        UpdateAccumulator a = cmd.Accumulator;
        Assert.AreEqual(9500f, a.WeightOf(0)); Assert.AreEqual(0f, a.AccumulatorOf(0));
        Assert.AreEqual(-2000f, a.WeightOf(1)); Assert.AreEqual(-3000f, a.AccumulatorOf(1));
        Assert.AreEqual(-8100f, a.WeightOf(2)); Assert.AreEqual(0f, a.AccumulatorOf(2));
        Assert.AreEqual(5000f, a.WeightOf(3)); Assert.AreEqual(7100f, a.AccumulatorOf(3));
        Assert.AreEqual(24000f, a.WeightOf(4)); Assert.AreEqual(0f, a.AccumulatorOf(4));
        Assert.AreEqual(3, writer.Writes.Count);
        // one-sided pair targets: w >= 0 -> G+ = Gmin + w, G- = Gmin
        Assert.AreEqual((0, 0, 0, Gmin + 9500u, Gmin), writer.Writes[0]);
        Assert.AreEqual((2, 0, 4, Gmin, Gmin + 8100u), writer.Writes[1]);
        Assert.AreEqual((0, 0, 8, Gmax, Gmin), writer.Writes[2]);
        Assert.AreEqual(1, a.WritesOf(0)); Assert.AreEqual(0, a.WritesOf(1));
        Assert.AreEqual(3u, a.WritesTotal);
    }

    [TestMethod]
    public void NaiveWritesFarMoreOftenThanMixedAndLosesSubThresholdUpdates()
    {
        const int weights = 200, steps = 100;
        var rng = new Random(7);
        Console.WriteLine("seed 7");
        var updates = new float[steps][];
        for (int s = 0; s < steps; s++)
        {
            updates[s] = new float[weights];
            for (int i = 0; i < weights; i++) updates[s][i] = (float)((rng.NextDouble() * 2 - 1) * 6000 + 600); // drift + noise, |d| often above threshold / 2
        }

        long Count(int mode)
        {
            var (cmd, _, _, reply) = Session(weights, mode, new float[weights]);
            for (int s = 0; s < steps; s++)
            {
                byte[] f = UpdateFrame((uint)(s + 1), 0, updates[s], out int n);
                cmd.Execute(MessageType.TrainUpdate, f, n, reply, 65535);
            }

            return cmd.Accumulator.WritesTotal;
        }

        long mixed = Count(TrainMode.Mixed), naive = Count(TrainMode.Naive);
        Console.WriteLine($"writes over {steps} steps x {weights} weights: mixed {mixed}, naive {naive}");
        Assert.IsTrue(naive > 2 * mixed, $"naive {naive} vs mixed {mixed}");
        // sub-threshold updates are lost in naive mode: an update of 0.4 threshold never moves a weight
        var (c2, w2, _, r2) = Session(1, TrainMode.Naive, new float[1]);
        for (int s = 1; s <= 10; s++)
        {
            byte[] f = UpdateFrame((uint)s, 0, new[] { 0.4f * Threshold }, out int n);
            c2.Execute(MessageType.TrainUpdate, f, n, r2, 65535);
        }

        Assert.AreEqual(0, w2.Writes.Count);
        Assert.AreEqual(0f, c2.Accumulator.WeightOf(0));
    }

    [TestMethod]
    public void ARepeatedUpdateIsAnsweredFromTheCacheAndNotAppliedTwice()
    {
        var (cmd, writer, _, reply) = Session(4, TrainMode.Mixed, new float[4]);
        var d = new float[] { 9000f, 1f, 2f, -9000f };
        byte[] f = UpdateFrame(1, 0, d, out int n);
        int len1 = cmd.Execute(MessageType.TrainUpdate, f, n, reply, 65535);
        byte[] first = reply.AsSpan(P, len1).ToArray();
        var reply2 = new byte[reply.Length];
        int len2 = cmd.Execute(MessageType.TrainUpdate, f, n, reply2, 65535);
        CollectionAssert.AreEqual(first, reply2.AsSpan(P, len2).ToArray());
        Assert.AreEqual(2, writer.Writes.Count, "the repeat wrote nothing");
        Assert.AreEqual(1f, cmd.Accumulator.AccumulatorOf(1), "the repeat added nothing");
        // an older step or a gap is refused
        var e = Assert.ThrowsExactly<ProtocolException>(() => cmd.Execute(MessageType.TrainUpdate, UpdateFrame(3, 0, d, out int n3), n3, reply, 65535));
        StringAssert.Contains(e.Message, "out of order");
    }

    [TestMethod]
    public void AFirmwareResetEndsTheSessionWithNotReady()
    {
        var (cmd, _, stats, reply) = Session(2, TrainMode.Mixed, new float[2]);
        stats.Resets++;
        var e = Assert.ThrowsExactly<ProtocolException>(() => cmd.Execute(MessageType.TrainUpdate, UpdateFrame(1, 0, new float[2], out int n), n, reply, 65535));
        Assert.AreEqual(ErrorCode.NotReady, e.Code);
        StringAssert.Contains(e.Message, "reset");
    }

    [TestMethod]
    public void UpdatePushAllocatesNothingAfterWarmUp()
    {
        const int weights = 3220;
        var (cmd, writer, _, reply) = Session(weights, TrainMode.Mixed, new float[weights], layers: new[] { 0, 100, 1300 });
        writer.Record = false;
        var rng = new Random(3);
        var frames = new byte[50][];
        var lengths = new int[50];
        for (int s = 0; s < 50; s++)
        {
            var d = new float[1000];
            for (int i = 0; i < d.Length; i++) d[i] = (float)((rng.NextDouble() * 2 - 1) * 3000);
            frames[s] = UpdateFrame((uint)(s + 1), 0, d, out lengths[s]);
        }

        // TrainUpdate chunks: weights 0..999 of each step; the next step needs the rest, so use chunks covering all weights.
        var tails = new[] { UpdateFrameRange(1000, 1000, rng), UpdateFrameRange(2000, 1000, rng), UpdateFrameRange(3000, 220, rng) };
        void Step(int s)
        {
            cmd.Execute(MessageType.TrainUpdate, frames[s], lengths[s], reply, 65535);
            foreach ((byte[] f, int n) in tails)
            {
                ByteOrder.WriteUInt32(f, P + 4, (uint)(s + 1));
                cmd.Execute(MessageType.TrainUpdate, f, n, reply, 65535);
            }
        }

        for (int s = 0; s < 10; s++) Step(s);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int s = 10; s < 50; s++) Step(s);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"{bytes} bytes allocated for 40 steps x 4 TrainUpdate chunks ({cmd.Accumulator.WritesTotal} pair writes in all)");
        Assert.AreEqual(0L, bytes);
        Assert.IsTrue(cmd.Accumulator.WritesTotal > 100);
    }

    private static (byte[], int) UpdateFrameRange(int first, int count, Random rng)
    {
        var d = new float[count];
        for (int i = 0; i < d.Length; i++) d[i] = (float)((rng.NextDouble() * 2 - 1) * 3000);
        byte[] f = UpdateFrame(1, first, d, out int n);
        return (f, n);
    }

    [TestMethod]
    public void StateMemoryPerWeightAndLeNetFit()
    {
        int lenet = 3220;
        long state = (long)lenet * UpdateAccumulator.BytesPerWeight;
        Console.WriteLine($"Wu LeNet: {lenet} weights x {UpdateAccumulator.BytesPerWeight} B = {state} B ({state / 1024.0:0.0} KiB) of accumulator state");
        Assert.AreEqual(14, UpdateAccumulator.BytesPerWeight);
        Assert.IsTrue(state < 64 * 1024);
    }
}

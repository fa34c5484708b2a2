using System;
using System.Collections.Generic;
using CimController.Firmware;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Training.Tests;

/// <summary>The update accumulator under a pair write that throws: a chunk is applied all or nothing, in both modes.</summary>
[TestClass]
public sealed class AccumulatorErrorTests
{
    private const int P = FrameFormat.PayloadOffset;
    private const uint Token = 0xACC0;
    private const uint Threshold = 8000, Gmin = 8000, Gmax = 32000;

    /// <summary>Lands every write on its targets, except that write number <see cref="ThrowAt"/> (1-based) throws once.</summary>
    private sealed class FailingPairWriter : IPairWriter
    {
        public int ThrowAt;
        public int Calls;
        public readonly List<(int Row, int Column, uint Plus, uint Minus)> Writes = new();

        public void WritePair(int tile, int row, int column, uint plusNanosiemens, uint minusNanosiemens, int maxTrials, uint toleranceNanosiemens, int averages, PairWriteResult result)
        {
            Calls++;
            if (Calls == ThrowAt)
            {
                throw new BoardException(ErrorCode.BoardTimeout, 0, "board did not finish the pulse");
            }
            Writes.Add((row, column, plusNanosiemens, minusNanosiemens));
            result.Status = WriteVerifyStatus.InBand;
            result.Trials = 1;
            result.Pulses = 5;
            result.PlusNanosiemens = plusNanosiemens;
            result.MinusNanosiemens = minusNanosiemens;
        }
    }

    private static byte[] Frame(Action<PayloadWriter> payload, out int length)
    {
        var buffer = new byte[FrameFormat.Overhead + 4096];
        var w = new PayloadWriter();
        w.Reset(buffer, P, 4096);
        payload(w);
        length = w.Length;
        return buffer;
    }

    private static (TrainingCommand Cmd, FailingPairWriter Writer, byte[] Reply) Session(int mode, float[] w0, float[] acc0)
    {
        var writer = new FailingPairWriter();
        var cmd = new TrainingCommand(writer, new FirmwareStats(), 1, 16, 16);
        var reply = new byte[FrameFormat.Overhead + 4096];
        byte[] f = Frame(x =>
        {
            x.WriteUInt32(Token); x.WriteByte(mode); x.WriteByte(2); x.WriteByte(1); x.WriteByte(2);
            x.WriteUInt32((uint)w0.Length); x.WriteUInt32(Threshold); x.WriteUInt32(Gmin); x.WriteUInt32(Gmax); x.WriteUInt32(500); x.WriteUInt32(0); x.WriteUInt32(0);
            x.WriteUInt32(0); x.WriteUInt32(2);
        }, out int n);
        cmd.Execute(MessageType.TrainConfigure, f, n, reply, 4096);
        f = Frame(x =>
        {
            x.WriteUInt32(Token); x.WriteUInt32(0); x.WriteUInt16(w0.Length);
            for (int i = 0; i < w0.Length; i++)
            {
                x.WriteByte(0); x.WriteUInt16(i); x.WriteUInt16(0);
                x.WriteUInt32(BitConverter.SingleToUInt32Bits(w0[i])); x.WriteUInt32(BitConverter.SingleToUInt32Bits(acc0[i])); x.WriteUInt16(3);
            }
        }, out n);
        cmd.Execute(MessageType.TrainLoad, f, n, reply, 4096);
        return (cmd, writer, reply);
    }

    private static byte[] Update(uint step, int epoch, float[] d, out int n) => Frame(x =>
    {
        x.WriteUInt32(Token); x.WriteUInt32(step); x.WriteUInt16(epoch); x.WriteUInt32(0); x.WriteUInt16(d.Length);
        foreach (float v in d) x.WriteUInt32(BitConverter.SingleToUInt32Bits(v));
    }, out n);

    private static string Snapshot(UpdateAccumulator a, int weights)
    {
        var parts = new List<string>();
        for (int i = 0; i < weights; i++) parts.Add($"{a.WeightOf(i)}/{a.AccumulatorOf(i)}/{a.WritesOf(i)}");
        return string.Join(" ", parts) + $" | step {a.LastStep} next {a.NextFirst} chunks {a.ChunksApplied} epoch {a.Epoch} writes {a.WritesTotal}/{a.WritesThisEpoch} " +
            $"failed {a.FailedWrites} pulses {a.Pulses} layers {a.LayerWrites(0)}/{a.LayerWrites(1)}";
    }

    [TestMethod]
    [DataRow(TrainMode.Mixed)]
    [DataRow(TrainMode.Naive)]
    public void APairWriteThatThrowsLeavesEveryFieldAsItWasAndTheRetryAppliesOnce(int mode)
    {
        var w0 = new float[] { 1000f, -2000f, 0f, 500f };
        var acc0 = new float[] { 7000f, 0f, -7500f, 100f };
        var (cmd, writer, reply) = Session(mode, w0, acc0);
        // Weights 0, 2 and 3 are written in both modes (mixed: their dW_FP reaches 11500, -16500 and 8100; naive: 1, -1
        // and 1 granularity steps); weight 1 moves only its dW_FP, in mixed mode. The second pair write throws.
        var d = new float[] { 4500f, -300f, -9000f, 8000f };
        UpdateAccumulator a = cmd.Accumulator;
        string before = Snapshot(a, 4);
        writer.ThrowAt = 2;
        byte[] f = Update(1, 5, d, out int n);
        var e = Assert.ThrowsExactly<BoardException>(() => cmd.Execute(MessageType.TrainUpdate, f, n, reply, 4096));
        Console.WriteLine($"mode {mode}: {e.Message}");
        Assert.AreEqual(before, Snapshot(a, 4), "nothing of the chunk was applied (W_FP, dW_FP, writes, step, epoch, counters)");
        Assert.AreEqual(1, writer.Writes.Count, "one pair was programmed before the fault");

        int len = cmd.Execute(MessageType.TrainUpdate, f, n, reply, 4096);
        Assert.AreEqual(3, ByteOrder.ReadUInt16(reply, P + 14), "three pairs written by the retry");
        Console.WriteLine($"mode {mode}: {before} -> {Snapshot(a, 4)}");
        Assert.AreEqual(1u, a.LastStep);
        Assert.AreEqual(4, a.NextFirst);
        Assert.AreEqual(5, a.Epoch);
        Assert.AreEqual(3u, a.WritesTotal);
        Assert.AreEqual(3u, a.WritesThisEpoch);
        Assert.AreEqual(15u, a.Pulses, "the retry's pulses only");
        Assert.AreEqual((1u, 2u), (a.LayerWrites(0), a.LayerWrites(1)), "layer 0 holds weights 0-1, layer 1 weights 2-3");
        Assert.AreEqual(4, a.WritesOf(0), "loaded 3 + one write");
        Assert.AreEqual(3, a.WritesOf(1));
        if (mode == TrainMode.Mixed)
        {
            Assert.AreEqual(12_500f, a.WeightOf(0)); Assert.AreEqual(0f, a.AccumulatorOf(0));
            Assert.AreEqual(-2000f, a.WeightOf(1)); Assert.AreEqual(-300f, a.AccumulatorOf(1));
            Assert.AreEqual(-16500f, a.WeightOf(2));
            Assert.AreEqual(8600f, a.WeightOf(3));
        }
        else
        {
            Assert.AreEqual(9000f, a.WeightOf(0)); Assert.AreEqual(7000f, a.AccumulatorOf(0), "naive leaves dW_FP untouched");
            Assert.AreEqual(-2000f, a.WeightOf(1)); Assert.AreEqual(0f, a.AccumulatorOf(1));
            Assert.AreEqual(-8000f, a.WeightOf(2));
            Assert.AreEqual(8500f, a.WeightOf(3));
        }

        var again = new byte[reply.Length];
        int len2 = cmd.Execute(MessageType.TrainUpdate, f, n, again, 4096);
        CollectionAssert.AreEqual(reply.AsSpan(P, len).ToArray(), again.AsSpan(P, len2).ToArray(), "the repeat is answered from the cache");
        Assert.AreEqual(4, writer.Writes.Count, "1 before the fault + 3 in the retry, none in the repeat");
    }
}

using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

/// <summary>Golden bytes of the training messages (TrainLayout): one fixed instance per type, its exact payload, both directions.</summary>
[TestClass]
public sealed class TrainMessageGoldenTests
{
    private static int[] Starts(params int[] first)
    {
        var all = new int[TrainLayout.MaxLayers];
        first.CopyTo(all, 0);
        return all;
    }

    [TestMethod]
    public void TrainConfigureRequestGoldenBytes()
    {
        var m = new TrainConfigureRequest
        {
            Token = 0x11223344, Mode = TrainMode.Naive, MaxTrials = 2, Averages = 4, Layers = 2, Weights = 300, ThresholdNanosiemens = 1000,
            GminNanosiemens = 2000, GmaxNanosiemens = 60000, ToleranceNanosiemens = 500, LastStep = 7, ResumeFirst = 0, LayerStarts = Starts(0, 200),
        };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r),
            "44332211 01 02 04 02 2C010000 E8030000 D0070000 60EA0000 F4010000 07000000 00000000 00000000 C8000000");
        Assert.AreEqual(TrainLayout.ConfigureHeaderLength + 8, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void TrainConfiguredReplyGoldenBytes()
    {
        var m = new TrainConfiguredReply { Token = 0x11223344, Weights = 300, Capacity = 1 << 20, BytesPerWeight = 14 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "44332211 2C010000 00001000 0E000000");
    }

    [TestMethod]
    public void TrainRangeRequestGoldenBytesAreTrainLoadsHeaderAndTrainStateGet()
    {
        var load = new TrainRangeRequest { Token = 0xA1B2C3D4, First = 70000, Count = 3 };
        GoldenBytes.Check(load, (x, w) => x.Write(w), (x, r) => x.Read(r), "D4C3B2A1 70110100 0300");
        var stateGet = new TrainRangeRequest { Token = 0x01020304, First = 10, Count = 4 };
        GoldenBytes.Check(stateGet, (x, w) => x.Write(w), (x, r) => x.Read(r), "04030201 0A000000 0400");
        Assert.AreEqual(TrainLayout.LoadHeaderLength, GoldenBytes.Written(load.Write).Length, "TrainLoad's header");
        Assert.AreEqual(TrainLayout.StateGetLength, GoldenBytes.Written(stateGet.Write).Length, "TrainStateGet");
    }

    [TestMethod]
    public void TrainLoadEntryGoldenBytes()
    {
        var m = new TrainLoadEntry { Tile = 3, Row = 258, Column = 40, Weight = 1.5f, Accumulator = -2.25f, Writes = 9 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "03 0201 2800 0000C03F 000010C0 0900");
        Assert.AreEqual(0x3F, GoldenBytes.Written(m.Write)[TrainLoadEntry.WeightOffset + 3], "W_FP's f32 starts at WeightOffset");
        Assert.AreEqual(0xC0, GoldenBytes.Written(m.Write)[TrainLoadEntry.AccumulatorOffset + 3], "dW_FP's f32 starts at AccumulatorOffset");
    }

    [TestMethod]
    public void TrainLoadedReplyGoldenBytes()
    {
        var m = new TrainLoadedReply { Token = 0xA1B2C3D4, Loaded = 3 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "D4C3B2A1 03000000");
    }

    [TestMethod]
    public void TrainUpdateRequestGoldenBytesLeaveTheUpdatesInPlace()
    {
        var m = new TrainUpdateRequest { Token = 0x01020304, Step = 5, Epoch = 2, First = 256, Count = 2, UpdatesOffset = TrainLayout.UpdateHeaderLength };
        byte[] updates = GoldenBytes.Hex("0000803F 000000C0");
        PayloadReader r = GoldenBytes.Check(m, (x, w) => x.Write(w), (x, rd) => x.Read(rd), "04030201 05000000 0200 00010000 0200", updates);
        Assert.AreEqual(1.0f, r.ReadSingle());
        Assert.AreEqual(-2.0f, r.ReadSingle());
    }

    [TestMethod]
    public void TrainUpdatedReplyGoldenBytes()
    {
        var m = new TrainUpdatedReply { Token = 0x01020304, Step = 5, First = 256, Count = 2, Written = 1, Failed = 1, Pulses = 70000 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "04030201 05000000 00010000 0200 0100 0100 70110100");
        Assert.AreEqual(TrainLayout.UpdateReplyHeaderLength, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void TrainWriteEntryGoldenBytes()
    {
        var m = new TrainWriteEntry { Index = 257, Status = 2, Trials = 3, Pulses = 0x1234, PlusNanosiemens = 50000, MinusNanosiemens = 2000 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "01010000 02 03 3412 50C30000 D0070000");
        Assert.AreEqual(TrainLayout.WriteEntryBytes, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void TrainStateReplyGoldenBytes()
    {
        var m = new TrainStateReply { First = 10, Count = 4 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "0A000000 0400");
    }

    [TestMethod]
    public void TrainStateEntryGoldenBytes()
    {
        var m = new TrainStateEntry { Weight = 0.5f, Accumulator = -0.75f, Writes = 12 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "0000003F 000040BF 0C00");
    }

    [TestMethod]
    public void TrainStatusReplyGoldenBytes()
    {
        var layerWrites = new uint[TrainLayout.MaxLayers];
        layerWrites[0] = 600;
        layerWrites[1] = 400;
        var m = new TrainStatusReply
        {
            Token = 0x01020304, Mode = TrainMode.Mixed, Layers = 2, Weights = 300, Loaded = 300, LastStep = 7, LastFirst = 256, ChunksApplied = 20,
            Epoch = 3, WritesTotal = 1000, WritesThisEpoch = 100, FailedWrites = 5, Pulses = 70000, ResetsAtStart = 1, ResetsNow = 1, LayerWrites = layerWrites,
        };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r),
            "04030201 00 02 2C010000 2C010000 07000000 00010000 14000000 0300 E8030000 64000000 05000000 70110100 01000000 01000000 58020000 90010000");
    }
}

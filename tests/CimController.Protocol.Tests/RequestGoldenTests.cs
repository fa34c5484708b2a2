using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

/// <summary>Golden bytes of the Vmm and FFP requests and of FfpProgramResult: one fixed instance per type, its exact payload, both directions.</summary>
[TestClass]
public sealed class RequestGoldenTests
{
    private static PayloadReader ReaderOver(byte[] bytes)
    {
        var r = new PayloadReader();
        r.Reset(bytes, 0, bytes.Length);
        return r;
    }

    [TestMethod]
    public void VmmRequestGoldenBytesLeaveTheInputsInPlace()
    {
        var q = new VmmRequest { Tile = 2, Row0 = 5, Rows = 2, Col0 = 16, Cols = 4, VectorCount = 1, Flags = VmmFlags.Differential, Inputs = [0x10, 0x20], Conversions = 3 };
        byte[] bytes = GoldenBytes.Written(q.Write);
        Assert.AreEqual("0205000200100004000100" + "01" + "1020" + "03", System.Convert.ToHexString(bytes));
        var got = new VmmRequest();
        PayloadReader r = ReaderOver(bytes);
        got.Read(r);
        Assert.AreEqual((2, 5, 2, 16, 4, 1, VmmFlags.Differential, 3), (got.Tile, got.Row0, got.Rows, got.Col0, got.Cols, got.VectorCount, got.Flags, got.Conversions));
        Assert.AreSame(bytes, got.Inputs);
        Assert.AreEqual((VmmRequest.HeaderLength, 0x10, 0x20, 0), (got.InputOffset, got.Inputs[got.InputOffset], got.Inputs[got.InputOffset + 1], r.Remaining));
    }

    [TestMethod]
    public void FfpApplyGroupRequestGoldenBytesLeaveTheVoltagesInPlace()
    {
        var q = new FfpApplyGroupRequest { Tile = 1, Row = 2, Col = 3, Direction = FfpDirection.Potentiation, WidthNs = 0, Flags = FfpGroupFlags.ReadEach, Averages = 4, Count = 2, Voltages = new byte[4] };
        q.SetMillivolts(0, 1500);
        q.SetMillivolts(1, 1600);
        byte[] bytes = GoldenBytes.Written(q.Write);
        Assert.AreEqual("01 0200 0300 00 00000000 01 04 0200 DC05 4006".Replace(" ", ""), System.Convert.ToHexString(bytes));
        var got = new FfpApplyGroupRequest();
        got.Read(ReaderOver(bytes));
        Assert.AreEqual((1, 2, 3, FfpDirection.Potentiation, 0u, FfpGroupFlags.ReadEach, 4, 2), (got.Tile, got.Row, got.Col, got.Direction, got.WidthNs, got.Flags, got.Averages, got.Count));
        Assert.AreEqual((1500, 1600), (got.Millivolts(0), got.Millivolts(1)));
        Assert.AreEqual(FfpApplyGroupRequest.HeaderLength, got.VoltagesOffset);
    }

    [TestMethod]
    public void FfpCalibrateRequestGoldenBytes()
    {
        var m = new FfpCalibrateRequest
        {
            Tile = 1, Row = 2, Col = 3, Direction = FfpDirection.Potentiation, Flags = FfpCalibrateFlags.ClearStore, WriteMv = 1200, Pulses = 100, WidthNs = 1000,
            ResetMv = 3000, ResetWidthNs = 1_000_000, ResetCount = 1, Averages = 4, TimeBudgetMs = 600000, HasTimeBudget = true,
        };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "01 0200 0300 00 01 B004 6400 E8030000 B80B 40420F00 0100 04 C0270900");
        Assert.AreEqual(FfpCalibrateRequest.LengthWithBudget, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void FfpBuildTableRequestGoldenBytes()
    {
        var m = new FfpBuildTableRequest { RMinMilliohms = 1_000_000, BinWidthMilliohms = 100_000, Bins = 64, BandLowMilliohms = 100, BandHighMilliohms = 300, WidthNs = 1000, Version = 2 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "40420F00 A0860100 4000 64000000 2C010000 E8030000 02000000");
        Assert.AreEqual(FfpBuildTableRequest.Length, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void FfpSweepRequestGoldenBytes()
    {
        var m = new FfpSweepRequest { Tile = 1, Row = 2, Col = 3, Direction = FfpDirection.Depression, MaxEvents = 2000, StopMilliohms = 0, NoProgressEvents = 20, Averages = 4, TimeBudgetMs = 600000 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "01 0200 0300 01 D007 00000000 1400 04 C0270900");
        Assert.AreEqual(FfpSweepRequest.Length, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void FfpProgramRequestGoldenBytes()
    {
        var m = new FfpProgramRequest
        {
            Tile = 1, Row = 2, Col = 3, TargetMilliohms = 10_000_000, ToleranceMilliohms = 100_000, MaxEvents = 2000, NoProgressEvents = 20, Averages = 4, TimeBudgetMs = 600000,
        };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "01 0200 0300 80969800 A0860100 D007 1400 04 C0270900");
        Assert.AreEqual(FfpProgramRequest.Length, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void FfpProgramReplyGoldenBytes()
    {
        var m = new FfpProgramReply { Status = FfpStatus.InTolerance, Direction = FfpDirection.Depression, Events = 12, BeforeMilliohms = 10_000_000, AfterMilliohms = 5_000_000 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "00 01 0C00 80969800 404B4C00");
        Assert.AreEqual(FfpProgramReply.Length, GoldenBytes.Written(m.Write).Length);
    }
}

using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

/// <summary>Golden bytes of the FFP and write-verify replies and of the write-verify cell layout: one fixed instance per type, its exact payload, both directions.</summary>
[TestClass]
public sealed class FfpAndWriteVerifyGoldenTests
{
    [TestMethod]
    public void FfpCalibrationReplyGoldenBytes()
    {
        var m = new FfpCalibrationReply { Direction = FfpDirection.Depression, WriteMv = 1200, Pulses = 3, Slot = 2, StartMilliohms = 10_000_000 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "01 B004 0300 02 80969800");
        Assert.AreEqual(FfpCalibrationReply.HeaderLength, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void FfpSweepReplyGoldenBytes()
    {
        var m = new FfpSweepReply { Direction = FfpDirection.Potentiation, Stop = FfpStatus.WindowEnd, Events = 2, StartMilliohms = 0x01020304 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "00 06 0200 04030201");
        Assert.AreEqual(FfpSweepReply.HeaderLength, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void FfpSweepEventGoldenBytes()
    {
        var m = new FfpSweepEvent { Millivolts = 1500, Milliohms = 9_000_000 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "DC05 40548900");
        Assert.AreEqual(FfpSweepReply.EventBytes, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void FfpGroupReplyGoldenBytes()
    {
        var m = new FfpGroupReply { Pulses = 4, BeforeMilliohms = 10_000_000, AfterMilliohms = 5_000_000 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "0400 80969800 404B4C00");
        Assert.AreEqual(FfpGroupReply.HeaderLength, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void FfpTableAcceptedReplyGoldenBytes()
    {
        var m = new FfpTableAcceptedReply { Version = 7, Crc = 0xCAFEBABE, Bins = 64 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "07000000 BEBAFECA 4000");
        Assert.AreEqual(FfpTableAcceptedReply.Length, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void WriteVerifyReplyGoldenBytes()
    {
        var m = new WriteVerifyReply { Cells = 2, Pulses = 300, ElapsedMs = 1500, Failures = 1 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "0200 2C010000 DC050000 0100");
        Assert.AreEqual(WriteVerifyReply.HeaderLength, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void WriteVerifyCellReplyGoldenBytes()
    {
        var m = new WriteVerifyCellReply { Status = WriteVerifyStatus.InBand, Trials = 2, Pulses = 45, ConductanceNanosiemens = 25000 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "00 02 2D00 A8610000");
        Assert.AreEqual(WriteVerifyReply.CellBytes, GoldenBytes.Written(m.Write).Length);
    }

    private const string DefaultHeaderHex =
        "01 {0} 04 05 DC05 B80B 6400 DC05 B80B 6400 E8030000 F4010000 00000000 00000000 F401 1E00 60EA0000 4000";

    [TestMethod]
    public void WriteVerifyCellListGoldenBytes()
    {
        var q = new WriteVerifyRequest { Tile = 1, Mode = WriteVerifyMode.CellList, CellCount = 1 };
        byte[] bytes = GoldenBytes.Written(w => { q.WriteHeader(w); q.WriteLayout(w); WriteVerifyRequest.WriteListCell(w, 3, 4, 20000); });
        Assert.AreEqual(string.Format(DefaultHeaderHex, "00").Replace(" ", "") + "0100" + "0300 0400 204E0000".Replace(" ", ""), System.Convert.ToHexString(bytes));
        var got = new WriteVerifyRequest();
        var r = new PayloadReader();
        r.Reset(bytes, 0, bytes.Length);
        got.Read(r);
        Assert.AreEqual((1, WriteVerifyMode.CellList, 1), (got.Tile, got.Mode, got.CellCount));
        Assert.AreEqual((3, 4, 20000u), (got.CellRow(0), got.CellColumn(0), got.CellTargetNanosiemens(0)));
        Assert.AreEqual(0, r.Remaining);
    }

    [TestMethod]
    public void WriteVerifyRegionGoldenBytes()
    {
        var q = new WriteVerifyRequest { Tile = 1, Mode = WriteVerifyMode.Region, Row0 = 2, Rows = 1, Col0 = 8, Cols = 2 };
        byte[] bytes = GoldenBytes.Written(w =>
        {
            q.WriteHeader(w);
            q.WriteLayout(w);
            WriteVerifyRequest.WriteRegionTarget(w, 20000);
            WriteVerifyRequest.WriteRegionTarget(w, 40000);
        });
        Assert.AreEqual(string.Format(DefaultHeaderHex, "01").Replace(" ", "") + "0200 0100 0800 0200 204E0000 409C0000".Replace(" ", ""), System.Convert.ToHexString(bytes));
        var got = new WriteVerifyRequest();
        var r = new PayloadReader();
        r.Reset(bytes, 0, bytes.Length);
        got.Read(r);
        Assert.AreEqual((2, 1, 8, 2, 2), (got.Row0, got.Rows, got.Col0, got.Cols, got.CellCount));
        Assert.AreEqual((2, 9, 40000u), (got.CellRow(1), got.CellColumn(1), got.CellTargetNanosiemens(1)));
    }
}

using System;
using CimController.Emulator;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>Every message against the emulated board (ideal profile, noise off).</summary>
[TestClass]
public sealed class DispatcherTests
{
    private const int Seed = 20231;

    [TestMethod]
    public void HelloRepliesInfoFromConfigAndBoard()
    {
        using var f = new FirmwareFixture(Seed);
        var reply = f.Send(TestFrames.Hello(41));
        Assert.AreEqual(MessageType.Info, reply.Type);
        Assert.AreEqual(41, reply.Sequence);
        var info = new InfoMessage();
        info.Read(reply.Reader());
        Assert.AreEqual(ProtocolVersion.Major, info.ProtocolMajor);
        Assert.AreEqual(ProtocolVersion.Minor, info.ProtocolMinor);
        Assert.AreEqual("emulator", info.BoardKind);
        Assert.AreEqual("ideal", info.ProfileName);
        Assert.IsFalse(string.IsNullOrEmpty(info.FirmwareVersion));
        Assert.AreEqual(4, info.Tiles);
        Assert.AreEqual(64, info.Rows);
        Assert.AreEqual(64, info.Columns);
        Assert.AreEqual(8, info.RowDacBits);
        Assert.AreEqual(8, info.AdcBits);
        Assert.AreEqual(10, info.WordLineDacBits);
        Assert.AreEqual(8, info.ColumnsPerAdc);
        Assert.AreEqual(70000u, info.AdcFullScaleNanoamps);
        Assert.AreEqual(100, info.ReadMillivolts);
        Assert.AreEqual(3000, info.MaxSetMillivolts);
        Assert.AreEqual(3000, info.MaxResetMillivolts);
        Assert.AreEqual(10u, info.MinPulseWidthNs);
        Assert.AreEqual(10000u, info.MaxPulseWidthNs);
        Assert.AreEqual(FrameFormat.MaxPayloadLimit, info.MaxPayload);
        Assert.AreEqual(100000u, info.ClockKilohertz);
    }

    [TestMethod]
    public void HelloReportsTallTiles()
    {
        using var f = new FirmwareFixture(Seed, rows: 256);
        var info = new InfoMessage();
        info.Read(f.Send(TestFrames.Hello(1)).Reader());
        Assert.AreEqual(256, info.Rows);
    }

    [TestMethod]
    [DataRow(0, 0, 64, 0, 64, 1)]
    [DataRow(3, 10, 17, 5, 7, 7)]
    [DataRow(1, 63, 1, 0, 64, 3)]
    [DataRow(2, 0, 64, 0, 64, 300)] // 300 x 64 inputs exceed the 16384-byte board buffer: two MACs, 4096-byte bursts
    public void VmmCodesMatchTheIdealBoardWithinQuantisation(int tile, int r0, int nRows, int c0, int cols, int vectors)
    {
        int seed = Seed + tile * 1000 + vectors;
        using var f = new FirmwareFixture(seed);
        var rng = new Random(seed);
        Console.WriteLine($"input seed {seed}: tile {tile}, rows {r0}+{nRows}, cols {c0}+{cols}, {vectors} vectors");
        var inputs = new byte[vectors * nRows];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (byte)rng.Next(0, 48); // keeps the column currents below full scale
        var reply = f.Send(TestFrames.Vmm(7, tile, r0, nRows, c0, cols, inputs));
        Assert.AreEqual(MessageType.VmmResult, reply.Type, reply.ToString());
        Assert.AreEqual(7, reply.Sequence);
        var r = reply.Reader();
        Assert.AreEqual(vectors, r.ReadUInt16());
        Assert.AreEqual(cols, r.ReadUInt16());
        Assert.AreEqual(0, r.ReadByte());
        uint cycles = r.ReadUInt32();
        uint ops = r.ReadUInt32();
        Assert.AreEqual((uint)vectors, ops, "one tile operation per input vector");
        Assert.AreEqual((uint)(vectors * 9 * Math.Min(cols, 8)), cycles, "9 cycles per conversion, min(cols, 8) conversions per ADC");
        Assert.AreEqual(VmmReply.PayloadLength(vectors, cols, 0), reply.Payload.Length);
        int codesAt = VmmReply.HeaderLength;
        for (int v = 0; v < vectors; v++)
        {
            for (int c = 0; c < cols; c++)
            {
                double expected = f.ExpectedCode(tile, r0, nRows, c0 + c, inputs, v * nRows);
                int code = reply.Payload[codesAt + v * cols + c];
                Assert.IsTrue(Math.Abs(code - expected) <= 0.5 + 1e-3,
                    $"vector {v} column {c0 + c}: code {code}, ideal {expected:F3}");
            }
        }
    }

    [TestMethod]
    public void VmmDifferentialReturnsPairDifferences()
    {
        using var f = new FirmwareFixture(Seed);
        // Known pairs: G+ high on even columns, G- low on odd ones, so differences are positive and large.
        var g = new float[64 * 64];
        for (int row = 0; row < 64; row++)
            for (int col = 0; col < 64; col++)
                g[row * 64 + col] = col % 2 == 0 ? 40f + col % 7 : 12f + row % 5;
        f.Board.SetTile(1, g);
        var rng = new Random(Seed);
        const int vectors = 5, rows = 32, cols = 12;
        var inputs = new byte[vectors * rows];
        rng.NextBytes(inputs);
        for (int i = 0; i < inputs.Length; i++) inputs[i] >>= 2;
        var reply = f.Send(TestFrames.Vmm(9, 1, 8, rows, 4, cols, inputs, VmmFlags.Differential));
        Assert.AreEqual(MessageType.VmmResult, reply.Type, reply.ToString());
        var r = reply.Reader();
        Assert.AreEqual(vectors, r.ReadUInt16());
        Assert.AreEqual(cols, r.ReadUInt16());
        Assert.AreEqual(VmmFlags.Differential, r.ReadByte());
        r.ReadUInt32();
        r.ReadUInt32();
        Assert.AreEqual(VmmReply.PayloadLength(vectors, cols, VmmFlags.Differential), reply.Payload.Length);
        var codes = new byte[vectors * cols];
        for (int i = 0; i < codes.Length; i++) codes[i] = (byte)r.ReadByte();
        bool anyNonZero = false;
        for (int v = 0; v < vectors; v++)
        {
            for (int k = 0; k < cols / 2; k++)
            {
                int diff = r.ReadInt16();
                Assert.AreEqual(codes[v * cols + 2 * k] - codes[v * cols + 2 * k + 1], diff, $"vector {v} pair {k}");
                double ideal = f.ExpectedCode(1, 8, rows, 4 + 2 * k, inputs, v * rows) - f.ExpectedCode(1, 8, rows, 5 + 2 * k, inputs, v * rows);
                Assert.IsTrue(Math.Abs(diff - ideal) <= 1.0 + 1e-3, $"vector {v} pair {k}: {diff} vs ideal {ideal:F3}");
                anyNonZero |= diff != 0;
            }
        }
        Assert.AreEqual(0, r.Remaining);
        Assert.IsTrue(anyNonZero);
    }

    [TestMethod]
    public void ReadConductanceMatchesBackDoorWithinSenseLsb()
    {
        using var f = new FirmwareFixture(Seed);
        var reply = f.Send(TestFrames.ReadConductance(12, 2, 5, 6, 30, 7, 4));
        Assert.AreEqual(MessageType.Conductance, reply.Type, reply.ToString());
        Assert.AreEqual(12, reply.Sequence);
        var r = reply.Reader();
        Assert.AreEqual(6, r.ReadUInt16());
        Assert.AreEqual(7, r.ReadUInt16());
        Assert.AreEqual(100, r.ReadUInt16(), "read voltage, mV");
        Assert.AreEqual(ConductanceReply.HeaderLength + 4 * 6 * 7, reply.Payload.Length);
        // One sense LSB (1 nA) at 0.1 V is 10 nS.
        double lsbNanosiemens = f.Controller.Board.SenseLsbPicoamps / 1000.0 / (f.Controller.Board.ReadMicrovolts / 1e6);
        for (int row = 0; row < 6; row++)
        {
            for (int col = 0; col < 7; col++)
            {
                uint ns = r.ReadUInt32();
                double truth = f.Board.GetConductanceMicrosiemens(2, 5 + row, 30 + col) * 1000.0;
                Assert.IsTrue(Math.Abs(ns - truth) <= lsbNanosiemens, $"cell ({5 + row},{30 + col}): {ns} nS vs {truth:F1} nS");
            }
        }
        Assert.AreEqual(6u * 7 * 4, f.Controller.Stats.CellReads);
    }

    [TestMethod]
    public void ResetSoftResetsTheBoardAndCountsResets()
    {
        using var f = new FirmwareFixture(Seed);
        var inputs = new byte[64];
        for (int i = 0; i < 64; i++) inputs[i] = (byte)(i % 40);
        var before = f.Send(TestFrames.Vmm(1, 0, 0, 64, 0, 64, inputs)).Payload;
        var g = f.Board.GetConductanceMicrosiemens(0, 3, 3);

        var first = f.Send(TestFrames.Empty(MessageType.Reset, 2));
        Assert.AreEqual(MessageType.ResetDone, first.Type, first.ToString());
        Assert.AreEqual(ResetReply.PayloadLength, first.Payload.Length);
        Assert.AreEqual(1u, first.Reader().ReadUInt32());
        var second = f.Send(TestFrames.Empty(MessageType.Reset, 3));
        Assert.AreEqual(2u, second.Reader().ReadUInt32());

        Assert.AreEqual(g, f.Board.GetConductanceMicrosiemens(0, 3, 3), "conductances survive a reset");
        var after = f.Send(TestFrames.Vmm(4, 0, 0, 64, 0, 64, inputs)).Payload;
        CollectionAssert.AreEqual(before[VmmReply.HeaderLength..], after[VmmReply.HeaderLength..], "same codes after reset: read voltage restored");
    }

    [TestMethod]
    public void StatsCountFramesCommandsAndBoardActivity()
    {
        using var f = new FirmwareFixture(Seed);
        f.Send(TestFrames.Hello(1));
        f.Send(TestFrames.Vmm(2, 0, 0, 64, 0, 64, new byte[3 * 64]));
        f.Send(TestFrames.ReadConductance(3, 0, 0, 2, 0, 2, 2));
        f.Send(TestFrames.Empty(0x42, 4));
        f.Send(TestFrames.Empty(MessageType.Reset, 5));
        f.Clock.Advance(1234);
        var reply = f.Send(TestFrames.Empty(MessageType.Stats, 6));
        Assert.AreEqual(MessageType.StatsResult, reply.Type, reply.ToString());
        var s = new StatsMessage();
        s.Read(reply.Reader());
        Assert.AreEqual(6u, s.FramesReceived);
        Assert.AreEqual(5u, s.FramesSent);
        Assert.AreEqual(1u, s.ErrorsSent);
        Assert.AreEqual(1u, s.VmmCommands);
        Assert.AreEqual(8u, s.CellReads);
        Assert.AreEqual(1u, s.Resets);
        Assert.AreEqual(3ul, s.TileOps);
        Assert.AreEqual(3ul * 72 + 8 * 9, s.ChipCycles, "3 tile ops of 72 cycles and 8 cell reads of 9");
        Assert.IsTrue(s.EnergyPicojoules >= 3 * 2600 && s.EnergyPicojoules <= 3 * 2700, $"energy {s.EnergyPicojoules} pJ for 3 tile ops at 2.66 nJ");
        Assert.AreEqual(1234u, s.UptimeMs);
        Assert.AreEqual(StatsMessage.HeapNotReported, s.HeapFreeBytes, "the desktop runner has no heap gauge");
        f.Controller.HeapGauge = new FixedHeap(4321);
        s.Read(f.Send(TestFrames.Empty(MessageType.Stats, 7)).Reader());
        Assert.AreEqual(4321u, s.HeapFreeBytes, "a platform heap gauge is reported");
    }

    private sealed class FixedHeap(uint free) : IHeapGauge
    {
        public uint FreeBytes => free;
    }

    [TestMethod]
    public void HostMaxPayloadFromHelloLimitsReplies()
    {
        using var f = new FirmwareFixture(Seed);
        Assert.AreEqual(MessageType.Info, f.Send(TestFrames.Hello(1, maxPayload: 512)).Type);
        var err = f.Send(TestFrames.Vmm(2, 0, 0, 64, 0, 64, new byte[64 * 10])).AsError();
        Assert.AreEqual(ErrorCode.OutOfRange, err.Code);
        StringAssert.Contains(err.Message, "limit of 512");
        Assert.AreEqual(MessageType.VmmResult, f.Send(TestFrames.Vmm(3, 0, 0, 64, 0, 64, new byte[64 * 7])).Type);
    }
}

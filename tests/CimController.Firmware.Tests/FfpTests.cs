using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// FFP (Diao 2025) on the firmware against the emulated ideal profile: the ideal device's conductance moves
/// (V - 1.5 V)/1.5 uS per pulse, so in resistance (14.3..100 kohm) the change per pulse depends on the
/// voltage and the present state, as the paper's Fig. 2c/d; the band is scaled to this device (100..300 ohm).
/// </summary>
[TestClass]
public sealed class FfpTests
{
    private static readonly int[] Voltages = { 1700, 1900, 2100, 2400, 2700, 3000 };
    private const int Cell = 5;

    internal static FfpCalibrateRequest Calibrate(int direction, int mv, int flags = 0) => new()
    {
        Tile = 0, Row = Cell, Col = Cell, Direction = direction, Flags = flags, WriteMv = mv, Pulses = 100, WidthNs = 1000,
        ResetMv = 3000, ResetWidthNs = 1000, ResetCount = 70, Averages = 1,
    };

    internal static void CalibrateAll(ProgrammingFixture f)
    {
        bool first = true;
        foreach (int d in new[] { FfpDirection.Potentiation, FfpDirection.Depression })
        {
            foreach (int mv in Voltages)
            {
                Reply r = f.Expect(MessageType.FfpCalibrate, Calibrate(d, mv, first ? FfpCalibrateFlags.ClearStore : 0).Write);
                first = false;
                Assert.AreEqual(FfpCalibrationReply.PayloadLength(100), r.Payload.Length);
            }
        }
    }

    internal static FfpTableData Build(ProgrammingFixture f, int bins = 32)
    {
        Reply r = f.Expect(MessageType.FfpBuildTable, new FfpBuildTableRequest { Bins = bins, BandLowMilliohms = 100_000, BandHighMilliohms = 300_000 }.Write);
        var t = new FfpTableData(1024);
        PayloadReader rd = r.Reader();
        t.Read(rd, r.Payload.Length);
        return t;
    }

    [TestMethod]
    public void CalibrationTracesSaturateFromHrsAndLrs()
    {
        using var f = new ProgrammingFixture(seed: 31);
        Reply r = f.Expect(MessageType.FfpCalibrate, Calibrate(FfpDirection.Potentiation, 2000, FfpCalibrateFlags.ClearStore).Write);
        PayloadReader rd = r.Reader();
        Assert.AreEqual(FfpDirection.Potentiation, rd.ReadByte());
        Assert.AreEqual(2000, rd.ReadUInt16());
        Assert.AreEqual(100, rd.ReadUInt16());
        Assert.AreNotEqual(FfpCalibrationReply.NotStored, rd.ReadByte());
        uint r0 = rd.ReadUInt32();
        Assert.AreEqual(100_000_000.0, r0, 100_000, "reset to HRS: 10 uS = 100 kohm");
        uint prev = r0;
        var deltas = new List<double>();
        for (int i = 0; i < 100; i++)
        {
            uint x = rd.ReadUInt32();
            Assert.IsTrue(x <= prev, "potentiation lowers R");
            deltas.Add(prev - (double)x);
            prev = x;
        }
        Assert.IsTrue(deltas[0] > 5 * deltas[^1], $"|dR| shrinks as R falls (first {deltas[0]}, last {deltas[^1]} mohm)");

        r = f.Expect(MessageType.FfpCalibrate, Calibrate(FfpDirection.Depression, 2000).Write);
        rd = r.Reader();
        rd.Skip(6);
        Assert.AreEqual(1e6 / 70, rd.ReadUInt32() / 1000.0, 5, "reset to LRS: 70 uS");
    }

    [TestMethod]
    public void CalibrationResetBeyondProfileIsAClearError()
    {
        using var f = new ProgrammingFixture(seed: 32);
        var q = Calibrate(FfpDirection.Potentiation, 2000);
        q.ResetMv = 6000;
        var e = f.ExpectError(MessageType.FfpCalibrate, q.Write, ErrorCode.PulseLimit);
        StringAssert.Contains(e.Message, "reset");
        StringAssert.Contains(e.Message, "3000 mV");
        f.ExpectError(MessageType.FfpCalibrate, Calibrate(FfpDirection.Depression, 7000).Write, ErrorCode.PulseLimit);
        Assert.AreEqual(0UL, f.Pulses);
        f.ExpectError(MessageType.FfpBuildTable, new FfpBuildTableRequest().Write, ErrorCode.NotReady);
        f.ExpectError(MessageType.FfpTableGet, w => { }, ErrorCode.NotReady);
        f.ExpectError(MessageType.FfpSweep, new FfpSweepRequest().Write, ErrorCode.NotReady);
    }

    [TestMethod]
    public void TableBuildDownloadUploadRoundTrip()
    {
        using var f = new ProgrammingFixture(seed: 33);
        CalibrateAll(f);
        FfpTableData t = Build(f);
        Assert.AreEqual("ideal", t.ProfileName);
        Assert.AreEqual(32, t.Bins);
        Assert.AreEqual(1000u, t.WidthNs);
        int inBand = 0;
        for (int b = 0; b < t.Bins; b++)
        {
            Assert.IsTrue(t.PotentiationMv[b] > 0 && t.DepressionMv[b] > 0, $"bin {b} has entries");
            if ((t.PotentiationFlags[b] & FfpEntryFlags.InBand) != 0) inBand++;
        }
        // The ideal device moves faster in R near HRS: the table picks lower voltages there.
        Assert.IsTrue(t.PotentiationMv[t.Bins - 1] <= t.PotentiationMv[0], $"HRS bin {t.PotentiationMv[t.Bins - 1]} mV, LRS bin {t.PotentiationMv[0]} mV");
        Console.WriteLine($"table: {t.Bins} bins from {t.RMinMilliohms / 1000.0:F0} ohm, width {t.BinWidthMilliohms / 1000.0:F0} ohm, {inBand} potentiation bins in band, {t.WireLength} bytes on the wire, {FfpTableData.BinBytes * 128} bytes in firmware memory for 128 bins");

        Reply got = f.Expect(MessageType.FfpTableGet, w => { });
        Reply built = f.Expect(MessageType.FfpTableGet, w => { });
        CollectionAssert.AreEqual(got.Payload, built.Payload);

        // Upload it back (as another version) and download it again.
        t.Version = 77;
        var bytes = Bytes(t);
        Reply acc = f.Expect(MessageType.FfpTableSet, w => w.WriteBytes(bytes, 0, bytes.Length));
        PayloadReader rd = acc.Reader();
        Assert.AreEqual(77u, rd.ReadUInt32());
        Assert.AreEqual(t.Crc, rd.ReadUInt32());
        Assert.AreEqual(32, rd.ReadUInt16());
        CollectionAssert.AreEqual(bytes, f.Expect(MessageType.FfpTableGet, w => { }).Payload);
    }

    internal static byte[] Bytes(FfpTableData t)
    {
        var buffer = new byte[t.WireLength];
        var w = new PayloadWriter();
        w.Reset(buffer, 0, buffer.Length);
        t.Write(w);
        return buffer;
    }

    [TestMethod]
    public void CorruptOrMismatchedTablesAreRejectedAndTheOldOneStays()
    {
        using var f = new ProgrammingFixture(seed: 34);
        CalibrateAll(f);
        FfpTableData t = Build(f);
        byte[] good = f.Expect(MessageType.FfpTableGet, w => { }).Payload;

        byte[] flipped = (byte[])good.Clone();
        flipped[40] ^= 0x10;
        Upload(f, flipped, ErrorCode.TableCorrupt);
        Upload(f, good.AsSpan(0, good.Length - 1).ToArray(), ErrorCode.TableCorrupt);

        t.ProfileName = "tio2-diao2025";
        Upload(f, Bytes(t), ErrorCode.TableMismatch);
        t.ProfileName = "ideal";
        var wide = new FfpTableData(1024);
        wide.CopyFrom(t);
        wide.Bins = 200;
        Upload(f, Bytes(wide), ErrorCode.TableMismatch);
        ushort old = t.PotentiationMv[3];
        t.PotentiationMv[3] = 3500;
        Upload(f, Bytes(t), ErrorCode.PulseLimit);
        t.PotentiationMv[3] = old;
        t.WidthNs = 50_000;
        Upload(f, Bytes(t), ErrorCode.PulseLimit);
        t.WidthNs = 1000;
        t.BinWidthMilliohms = 0;
        Upload(f, Bytes(t), ErrorCode.TableMismatch);

        CollectionAssert.AreEqual(good, f.Expect(MessageType.FfpTableGet, w => { }).Payload, "a rejected upload leaves the table as it was");
    }

    private static void Upload(ProgrammingFixture f, byte[] bytes, int code) =>
        f.ExpectError(MessageType.FfpTableSet, w => w.WriteBytes(bytes, 0, bytes.Length), code);

    [TestMethod]
    public void SweepProgramAndGroupAreBounded()
    {
        using var f = new ProgrammingFixture(seed: 35);
        CalibrateAll(f);
        FfpTableData t = Build(f);
        f.Board.SetConductanceMicrosiemens(0, 9, 9, 10.5f);

        // Sweep toward LRS from near HRS.
        Reply r = f.Expect(MessageType.FfpSweep, new FfpSweepRequest { Row = 9, Col = 9, Direction = FfpDirection.Potentiation, MaxEvents = 3000, Averages = 1 }.Write);
        PayloadReader rd = r.Reader();
        Assert.AreEqual(FfpDirection.Potentiation, rd.ReadByte());
        int stop = rd.ReadByte();
        int events = rd.ReadUInt16();
        uint r0 = rd.ReadUInt32();
        var trace = new List<uint>();
        for (int i = 0; i < events; i++) { int mv = rd.ReadUInt16(); Assert.IsTrue(mv > 0 && mv <= 3000); trace.Add(rd.ReadUInt32()); }
        Console.WriteLine($"FFP sweep (ideal profile, potentiation): {events} pulse events, {r0 / 1000.0:F0} -> {trace[^1] / 1000.0:F0} ohm, stop {FfpStatus.Name(stop)}");
        Assert.IsTrue(stop == FfpStatus.WindowEnd || stop == FfpStatus.NoProgress, "stops at the LRS end of the window (or where the device saturates)");
        Assert.IsTrue(events > 50 && events < 3000);
        Assert.IsTrue(trace[^1] <= t.RMinMilliohms + t.BinWidthMilliohms / 10, $"{trace[^1]} vs window start {t.RMinMilliohms}");

        // Depression sweep limited to 40 events.
        r = f.Expect(MessageType.FfpSweep, new FfpSweepRequest { Row = 9, Col = 9, Direction = FfpDirection.Depression, MaxEvents = 40, Averages = 1 }.Write);
        rd = r.Reader();
        rd.ReadByte();
        Assert.AreEqual(FfpStatus.EventBudget, rd.ReadByte());
        Assert.AreEqual(40, rd.ReadUInt16());

        // A stuck cell: no progress ends the sweep.
        using (var stuck = new ProgrammingFixture(seed: 36, stuck: (0, 9, 9)))
        {
            CalibrateAll(stuck);
            Build(stuck);
            stuck.Board.SetConductanceMicrosiemens(0, 9, 9, 20f);
            ulong before = stuck.Pulses;
            rd = stuck.Expect(MessageType.FfpSweep, new FfpSweepRequest { Row = 9, Col = 9, Direction = FfpDirection.Potentiation, NoProgressEvents = 7 }.Write).Reader();
            rd.ReadByte();
            Assert.AreEqual(FfpStatus.NoProgress, rd.ReadByte());
            Assert.AreEqual(7, rd.ReadUInt16());
            Assert.AreEqual(7UL, stuck.Pulses - before);
        }

        // Program to a target resistance, both ways.
        foreach (double targetOhms in new[] { 40_000.0, 25_000.0, 60_000.0 })
        {
            uint target = (uint)(targetOhms * 1000);
            uint tol = 200_000;
            var a = new FfpProgramReply();
            a.Read(f.Expect(MessageType.FfpProgram, new FfpProgramRequest { Row = 9, Col = 9, TargetMilliohms = target, ToleranceMilliohms = tol, Averages = 1 }.Write).Reader());
            Console.WriteLine($"FFP program to {targetOhms} ohm: {FfpStatus.Name(a.Status)} after {a.Events} events, {a.BeforeMilliohms / 1000.0:F0} -> {a.AfterMilliohms / 1000.0:F1} ohm");
            Assert.IsTrue(a.Status == FfpStatus.InTolerance || a.Status == FfpStatus.WouldPass, FfpStatus.Name(a.Status));
            Assert.IsTrue(a.Events < 2000);
            int bin = t.BinOf(a.AfterMilliohms);
            uint step = Math.Max(t.PotentiationStep[bin], t.DepressionStep[bin]);
            Assert.IsTrue(Math.Abs((double)a.AfterMilliohms - target) <= tol + step, $"{a.AfterMilliohms} vs {target}");
        }

        // A pulse-event group: applied in order, each read back; one voltage beyond the limit refuses the whole group.
        ulong p0 = f.Pulses;
        rd = f.Expect(MessageType.FfpApplyGroup, Group(FfpDirection.Potentiation, FfpGroupFlags.ReadEach, 1800, 2000, 2200)).Reader();
        Assert.AreEqual(3, rd.ReadUInt16());
        uint gBefore = rd.ReadUInt32();
        uint gAfter = rd.ReadUInt32();
        Assert.IsTrue(gAfter < gBefore);
        Assert.AreEqual(3UL, f.Pulses - p0);
        f.ExpectError(MessageType.FfpApplyGroup, Group(FfpDirection.Depression, 0, 1800, 3100, 2000), ErrorCode.PulseLimit);
        Assert.AreEqual(3UL, f.Pulses - p0, "nothing of a refused group applied");
    }

    private static Action<PayloadWriter> Group(int direction, int flags, params int[] mv)
    {
        var bytes = new byte[mv.Length * 2];
        for (int i = 0; i < mv.Length; i++) ByteOrder.WriteUInt16(bytes, 2 * i, mv[i]);
        return new FfpApplyGroupRequest { Row = 9, Col = 9, Direction = direction, Flags = flags, Averages = 1, Count = mv.Length, Voltages = bytes }.Write;
    }
}

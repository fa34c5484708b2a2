using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>Read-verify programming (Wu 2023 Fig. S2) and the pulse guard, against the emulated board.</summary>
[TestClass]
public sealed class WriteVerifyTests
{
    internal sealed record CellOutcome(int Status, int Trials, int Pulses, uint FinalNs);

    internal static Action<PayloadWriter> Region(WriteVerifyRequest q, int row0, int rows, int col0, int cols, uint[] targets) => w =>
    {
        q.Mode = WriteVerifyMode.Region;
        q.WriteHeader(w);
        w.WriteUInt16(row0); w.WriteUInt16(rows); w.WriteUInt16(col0); w.WriteUInt16(cols);
        foreach (uint t in targets) w.WriteUInt32(t);
    };

    internal static Action<PayloadWriter> List(WriteVerifyRequest q, params (int Row, int Col, uint Target)[] cells) => w =>
    {
        q.Mode = WriteVerifyMode.CellList;
        q.WriteHeader(w);
        w.WriteUInt16(cells.Length);
        foreach (var c in cells) { w.WriteUInt16(c.Row); w.WriteUInt16(c.Col); w.WriteUInt32(c.Target); }
    };

    internal static CellOutcome[] Outcomes(Reply r, out uint totalPulses, out int failures)
    {
        PayloadReader rd = r.Reader();
        int n = rd.ReadUInt16();
        totalPulses = rd.ReadUInt32();
        rd.ReadUInt32();
        failures = rd.ReadUInt16();
        var cells = new CellOutcome[n];
        for (int i = 0; i < n; i++) cells[i] = new CellOutcome(rd.ReadByte(), rd.ReadByte(), rd.ReadUInt16(), rd.ReadUInt32());
        return cells;
    }

    /// <summary>16 levels over the ideal profile's 10-70 uS (Wu 2023 Fig. 2g uses 16 levels).</summary>
    internal static uint Level(int k) => (uint)(12_000 + k * 3_200);

    [TestMethod]
    public void RegionLandsEveryCellInItsBand()
    {
        using var f = new ProgrammingFixture(seed: 21);
        const int rows = 16, cols = 16;
        var targets = new uint[rows * cols];
        for (int i = 0; i < targets.Length; i++) targets[i] = Level((i * 7) % 16);
        var q = new WriteVerifyRequest { Tile = 1, ToleranceNanosiemens = 500, MaxTrials = 5, Averages = 1 };
        ulong before = f.Pulses;
        Reply r = f.Expect(MessageType.WriteVerify, Region(q, 8, rows, 16, cols, targets));
        CellOutcome[] cells = Outcomes(r, out uint total, out int failures);
        Assert.AreEqual(rows * cols, cells.Length);
        Assert.AreEqual(0, failures, string.Join(", ", cells.Where(c => c.Status != 0).Take(5)));
        Assert.AreEqual((ulong)total, f.Pulses - before, "reply's pulse total = pulses the board applied");
        for (int i = 0; i < cells.Length; i++)
        {
            float g = f.Board.GetConductanceMicrosiemens(1, 8 + i / cols, 16 + i % cols) * 1000;
            Assert.IsTrue(Math.Abs(g - targets[i]) <= 500 + 10, $"cell {i}: {g} nS vs target {targets[i]} (band +-500 nS, read LSB 10 nS)");
            Assert.IsTrue(Math.Abs((double)cells[i].FinalNs - targets[i]) <= 500, $"reported {cells[i].FinalNs} vs {targets[i]}");
            Assert.IsTrue(cells[i].Trials >= 0 && cells[i].Trials <= 5);
        }
        double mean = cells.Average(c => c.Pulses);
        Console.WriteLine($"write-verify, ideal profile, {cells.Length} cells to 16 levels 12..60 uS, band +-0.5 uS: pulses per cell mean {mean:F1}, max {cells.Max(c => c.Pulses)}; trials mean {cells.Average(c => c.Trials):F2}, max {cells.Max(c => c.Trials)}; total {total}");
    }

    [TestMethod]
    public void CellListInRequestOrderAndAlreadyInBandCostsNothing()
    {
        using var f = new ProgrammingFixture(seed: 22);
        f.Board.SetConductanceMicrosiemens(0, 3, 4, 40f);
        var q = new WriteVerifyRequest { Tile = 0, ToleranceNanosiemens = 400, MaxTrials = 2 };
        Reply r = f.Expect(MessageType.WriteVerify, List(q, (3, 4, 40_100), (5, 6, 20_000), (0, 0, 55_000)));
        CellOutcome[] c = Outcomes(r, out _, out int failures);
        Assert.AreEqual(0, failures);
        Assert.AreEqual(0, c[0].Pulses, "a cell already in band is only verified");
        Assert.IsTrue(c[1].Pulses > 0 && c[2].Pulses > 0);
        Assert.IsTrue(Math.Abs((double)c[1].FinalNs - 20_000) <= 400 && Math.Abs((double)c[2].FinalNs - 55_000) <= 400);
    }

    [TestMethod]
    public void StuckCellEndsAsReportedFailureInBoundedPulses()
    {
        using var f = new ProgrammingFixture(seed: 23, stuck: (0, 2, 2));
        f.Board.SetConductanceMicrosiemens(0, 2, 2, 50f);
        var q = new WriteVerifyRequest { Tile = 0, ToleranceNanosiemens = 500, StuckPulses = 12, MaxPulsesPerCell = 400 };
        ulong before = f.Pulses;
        Reply r = f.Expect(MessageType.WriteVerify, List(q, (2, 2, 20_000), (2, 3, 30_000)));
        CellOutcome[] c = Outcomes(r, out uint total, out int failures);
        Assert.AreEqual(1, failures);
        Assert.AreEqual(WriteVerifyStatus.Stuck, c[0].Status, WriteVerifyStatus.Name(c[0].Status));
        Assert.AreEqual(12, c[0].Pulses, "stopped after exactly K pulses without response");
        Assert.AreEqual(50_000u, c[0].FinalNs);
        Assert.AreEqual(WriteVerifyStatus.InBand, c[1].Status, "the next cell is still programmed");
        Assert.AreEqual((ulong)total, f.Pulses - before);
    }

    [TestMethod]
    public void PulseBudgetAndTrialLimitEndCellsAsFailures()
    {
        using var f = new ProgrammingFixture(seed: 24);
        f.Board.SetConductanceMicrosiemens(0, 0, 0, 65f);
        var q = new WriteVerifyRequest { Tile = 0, ToleranceNanosiemens = 500, MaxPulsesPerCell = 5 };
        CellOutcome[] c = Outcomes(f.Expect(MessageType.WriteVerify, List(q, (0, 0, 15_000))), out _, out _);
        Assert.AreEqual(WriteVerifyStatus.PulseBudget, c[0].Status);
        Assert.AreEqual(5, c[0].Pulses);

        // A band narrower than the smallest move at the RESET start voltage cannot be hit: trials run out.
        f.Board.SetConductanceMicrosiemens(0, 1, 1, 20f);
        var narrow = new WriteVerifyRequest { Tile = 0, ToleranceNanosiemens = 1, MinResponseNanosiemens = 1, MaxTrials = 3, SetStartMv = 3000, ResetStartMv = 3000, SetStepMv = 0, ResetStepMv = 0 };
        c = Outcomes(f.Expect(MessageType.WriteVerify, List(narrow, (1, 1, 30_500))), out _, out _);
        Assert.AreEqual(WriteVerifyStatus.TrialsExhausted, c[0].Status, WriteVerifyStatus.Name(c[0].Status));
        Assert.AreEqual(3, c[0].Trials);
    }

    [TestMethod]
    public void TimeBudgetBoundsTheCommand()
    {
        var clock = new SteppingClock(2);
        using var f = new ProgrammingFixture(seed: 25, clock: clock);
        var targets = Enumerable.Range(0, 64).Select(i => Level(i % 16)).ToArray();
        var q = new WriteVerifyRequest { Tile = 0, ToleranceNanosiemens = 500, TimeBudgetMs = 200 };
        Reply r = f.Expect(MessageType.WriteVerify, Region(q, 0, 8, 0, 8, targets));
        CellOutcome[] c = Outcomes(r, out _, out int failures);
        Assert.IsTrue(c.Any(x => x.Status == WriteVerifyStatus.TimeBudget), "some cells hit the time budget");
        Assert.AreEqual(WriteVerifyStatus.TimeBudget, c[^1].Status);
        Assert.AreEqual(0, c[^1].Pulses);
        Assert.IsTrue(failures > 0);
    }

    [TestMethod]
    public void BadWriteVerifyRequestsAreRefusedBeforeAnyPulse()
    {
        using var f = new ProgrammingFixture(seed: 26);
        ulong before = f.Pulses;
        f.ExpectError(MessageType.WriteVerify, List(new WriteVerifyRequest { SetStopMv = 3100 }, (0, 0, 20_000)), ErrorCode.PulseLimit);
        f.ExpectError(MessageType.WriteVerify, List(new WriteVerifyRequest { ResetStopMv = 3500 }, (0, 0, 20_000)), ErrorCode.PulseLimit);
        f.ExpectError(MessageType.WriteVerify, List(new WriteVerifyRequest { WidthNs = 20_000 }, (0, 0, 20_000)), ErrorCode.PulseLimit);
        f.ExpectError(MessageType.WriteVerify, List(new WriteVerifyRequest(), (0, 64, 20_000)), ErrorCode.OutOfRange);
        f.ExpectError(MessageType.WriteVerify, List(new WriteVerifyRequest { Tile = 4 }, (0, 0, 20_000)), ErrorCode.OutOfRange);
        f.ExpectError(MessageType.WriteVerify, List(new WriteVerifyRequest { SetStartMv = 2000, SetStopMv = 1500 }, (0, 0, 20_000)), ErrorCode.OutOfRange);
        f.ExpectError(MessageType.WriteVerify, w => { new WriteVerifyRequest { Mode = WriteVerifyMode.Region }.WriteHeader(w); w.WriteUInt16(0); w.WriteUInt16(2); w.WriteUInt16(0); w.WriteUInt16(2); w.WriteUInt32(1); }, ErrorCode.Malformed);
        Assert.AreEqual(before, f.Pulses, "nothing applied");
    }

    [TestMethod]
    public void RawPulseGoesThroughTheGuard()
    {
        using var f = new ProgrammingFixture(seed: 27);
        f.Board.SetConductanceMicrosiemens(2, 1, 1, 30f);
        Reply r = f.Expect(MessageType.Pulse, new PulseRequest { Tile = 2, Row = 1, Col = 1, Millivolts = 3000, WidthNs = 1000, Count = 3, Averages = 2 }.Write);
        var a = new PulseReply();
        a.Read(r.Reader());
        Assert.AreEqual(3, a.Count);
        Assert.AreEqual(33_000u, a.Nanosiemens);
        Assert.AreEqual(30_303_030.0, (double)a.Milliohms, 2000.0);
        a.Read(f.Expect(MessageType.Pulse, new PulseRequest { Tile = 2, Row = 1, Col = 1, Millivolts = -3000, WidthNs = 1000, Count = 1 }.Write).Reader());
        Assert.AreEqual(32_000u, a.Nanosiemens);

        ulong before = f.Pulses;
        var e = f.ExpectError(MessageType.Pulse, new PulseRequest { Tile = 2, Row = 1, Col = 1, Millivolts = 3002, WidthNs = 1000 }.Write, ErrorCode.PulseLimit);
        StringAssert.Contains(e.Message, "3000 mV");
        f.ExpectError(MessageType.Pulse, new PulseRequest { Tile = 2, Row = 1, Col = 1, Millivolts = -7000, WidthNs = 1000 }.Write, ErrorCode.PulseLimit);
        f.ExpectError(MessageType.Pulse, new PulseRequest { Tile = 2, Row = 1, Col = 1, Millivolts = 2000, WidthNs = 10_010 }.Write, ErrorCode.PulseLimit);
        f.ExpectError(MessageType.Pulse, new PulseRequest { Tile = 2, Row = 1, Col = 1, Millivolts = 2000, WidthNs = 0 }.Write, ErrorCode.PulseLimit);
        f.ExpectError(MessageType.Pulse, new PulseRequest { Tile = 2, Row = 1, Col = 1, Millivolts = 0, WidthNs = 1000 }.Write, ErrorCode.OutOfRange);
        f.ExpectError(MessageType.Pulse, new PulseRequest { Tile = 2, Row = 1, Col = 1, Millivolts = 2000, WidthNs = 1005 }.Write, ErrorCode.OutOfRange);
        f.ExpectError(MessageType.Pulse, w => w.WriteByte(0), ErrorCode.Malformed);
        Assert.AreEqual(before, f.Pulses, "refused pulses are not applied");
        Assert.AreEqual(32f, f.Board.GetConductanceMicrosiemens(2, 1, 1), 1e-3f);
    }

    [TestMethod]
    public void FirmwareWithoutProfileLimitsRefusesEveryPulse()
    {
        using var f = new ProgrammingFixture(seed: 28, configure: c => { c.MaxSetMillivolts = 0; c.MaxResetMillivolts = 0; });
        f.ExpectError(MessageType.Pulse, new PulseRequest { Millivolts = 1500, WidthNs = 1000 }.Write, ErrorCode.PulseLimit);
        Assert.AreEqual(0UL, f.Pulses);
    }

    [TestMethod]
    public void WriteVerifyAllocatesNothingPerPulseAfterWarmUp()
    {
        using var f = new ProgrammingFixture(seed: 29);
        var q = new WriteVerifyRequest { Tile = 0, ToleranceNanosiemens = 500 };
        var targets = Enumerable.Range(0, 64).Select(i => Level(i % 16)).ToArray();
        byte[] frameA = TestFrames.Build(MessageType.WriteVerify, 1, Region(q, 0, 8, 0, 8, targets));
        var low = Enumerable.Range(0, 64).Select(i => Level(15 - i % 16)).ToArray();
        byte[] frameB = TestFrames.Build(MessageType.WriteVerify, 2, Region(q, 0, 8, 0, 8, low));
        var reply = new byte[f.Controller.ReplyBufferLength];
        f.Controller.HandleFrame(frameA, frameA.Length, reply);
        f.Controller.HandleFrame(frameB, frameB.Length, reply);
        ulong pulsesBefore = f.Pulses;
        ulong readsBefore = f.Board.Counters.CellReads;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 4; i++)
        {
            byte[] fr = i % 2 == 0 ? frameA : frameB;
            int n = f.Controller.HandleFrame(fr, fr.Length, reply);
            if (reply[FrameFormat.TypeOffset] != MessageType.WriteVerifyResult) throw new InvalidOperationException(TestFrames.Decode(reply, n).ToString());
        }
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        ulong pulses = f.Pulses - pulsesBefore;
        ulong reads = f.Board.Counters.CellReads - readsBefore;
        Console.WriteLine($"write-verify over the emulator (ideal, noise off): {bytes} bytes allocated for 4 commands, {pulses} pulses, {reads} cell reads");
        Assert.IsTrue(pulses > 500, $"{pulses} pulses");
        Assert.AreEqual(0L, bytes);
    }
}

/// <summary>A clock that moves by a fixed step every time it is read (a slow board in a test).</summary>
public sealed class SteppingClock : IClock
{
    private readonly long _step;
    private long _now = 1_000;
    public SteppingClock(long step) { _step = step; }
    public long NowMs => System.Threading.Interlocked.Add(ref _now, _step);
}

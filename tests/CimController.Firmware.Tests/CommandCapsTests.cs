using System;
using System.Linq;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// The firmware's caps on the work one request can ask for (CommandCaps): budgets beyond them are refused whole before
/// any pulse, FfpCalibrate runs within its (1.6) time budget, a write-verify cell within 60 s, and a TrainUpdate's pair
/// writes within the request's 600 s.
/// </summary>
[TestClass]
public sealed class CommandCapsTests
{
    private const int Seed = 915;

    [TestMethod]
    public void TheIssuesUnboundedWriteVerifyIsRefusedWholeNamingEachBudgetAndItsCap()
    {
        using var f = new ProgrammingFixture(Seed);
        ulong pulses = f.Pulses;
        var q = new WriteVerifyRequest { MaxPulsesPerCell = 65535, StuckPulses = 65535, TimeBudgetMs = 0xFFFFFFFF, Averages = 1 };
        var region = WriteVerifyTests.Region(q, 0, 64, 0, 64, Enumerable.Repeat(200_000u, 64 * 64).ToArray());
        ErrorMessage e = f.ExpectError(MessageType.WriteVerify, region, ErrorCode.OutOfRange);
        StringAssert.Contains(e.Message, "WriteVerify max pulses per cell 65535 is outside 1..10000");
        q.MaxPulsesPerCell = CommandCaps.PulsesPerCell;
        e = f.ExpectError(MessageType.WriteVerify, WriteVerifyTests.Region(q, 0, 64, 0, 64, Enumerable.Repeat(200_000u, 64 * 64).ToArray()), ErrorCode.OutOfRange);
        StringAssert.Contains(e.Message, "WriteVerify stuck pulses 65535 is outside 1..10000");
        q.StuckPulses = CommandCaps.PulsesPerCell;
        e = f.ExpectError(MessageType.WriteVerify, WriteVerifyTests.Region(q, 0, 64, 0, 64, Enumerable.Repeat(200_000u, 64 * 64).ToArray()), ErrorCode.OutOfRange);
        StringAssert.Contains(e.Message, "WriteVerify time budget 4294967295 ms is outside 0..600000 (the firmware's cap per request)");
        Assert.AreEqual(pulses, f.Pulses, "no pulse reached the board");
    }

    [TestMethod]
    public void FfpAndPulseBudgetsBeyondTheCapsAreRefusedBeforeAnyPulse()
    {
        using var f = new ProgrammingFixture(Seed);
        ulong pulses = f.Pulses;
        void Refused(byte type, Action<PayloadWriter> payload, string text) =>
            StringAssert.Contains(f.ExpectError(type, payload, ErrorCode.OutOfRange).Message, text);

        Refused(MessageType.FfpSweep, new FfpSweepRequest { MaxEvents = 65535 }.Write, "FfpSweep max events 65535 is outside 1..10000");
        Refused(MessageType.FfpSweep, new FfpSweepRequest { TimeBudgetMs = 600_001 }.Write, "FfpSweep time budget 600001 ms is outside 0..600000");
        Refused(MessageType.FfpProgram, new FfpProgramRequest { MaxEvents = 10_001 }.Write, "FfpProgram max events 10001 is outside 1..10000");
        Refused(MessageType.FfpProgram, new FfpProgramRequest { TimeBudgetMs = 0xFFFFFFFF }.Write, "FfpProgram time budget 4294967295 ms is outside 0..600000");
        FfpCalibrateRequest c = FfpTests.Calibrate(FfpDirection.Potentiation, 3000);
        c.Pulses = 10_001;
        Refused(MessageType.FfpCalibrate, c.Write, "FfpCalibrate pulses 10001 is outside 1..10000");
        c = FfpTests.Calibrate(FfpDirection.Potentiation, 3000);
        c.ResetCount = 65535;
        Refused(MessageType.FfpCalibrate, c.Write, "FfpCalibrate reset pulses 65535 is outside 0..10000");
        c = FfpTests.Calibrate(FfpDirection.Potentiation, 3000);
        c.TimeBudgetMs = 0xFFFFFFFF;
        Refused(MessageType.FfpCalibrate, c.Write, "FfpCalibrate time budget 4294967295 ms is outside 0..600000");
        var group = new FfpApplyGroupRequest { Row = 3, Col = 3, WidthNs = 1000, Averages = 1, Count = 10_001, Voltages = new byte[2 * 10_001] };
        Refused(MessageType.FfpApplyGroup, group.Write, "FfpApplyGroup pulse count 10001 is outside 1..10000");
        Assert.AreEqual(pulses, f.Pulses, "no pulse reached the board");
    }

    [TestMethod]
    public void APulseTrainLongerThanTheRequestCapIsRefused()
    {
        using var f = new ProgrammingFixture(Seed, profile: "tio2");
        ulong pulses = f.Pulses;
        // tio2 allows 2 s pulses (Diao 2025): 301 of them last 602 s.
        var p = new PulseRequest { Row = 1, Col = 1, Millivolts = 3000, WidthNs = 2_000_000_000, Count = 301, Averages = 1 };
        ErrorMessage e = f.ExpectError(MessageType.Pulse, p.Write, ErrorCode.OutOfRange);
        StringAssert.Contains(e.Message, "Pulse of 301 pulses of 2000000000 ns lasts 602000 ms, more than the firmware's cap of 600000 ms per request");
        Assert.AreEqual(pulses, f.Pulses);
    }

    [TestMethod]
    public void AnUnresponsiveWriteVerifyCellStopsAfterItsMinuteAndTheNextCellIsProgrammed()
    {
        // 100 ms of firmware time per clock reading: a cell's 60 s are a few hundred pulse-and-read steps.
        var clock = new SteppingClock(100);
        using var f = new ProgrammingFixture(Seed, clock: clock);
        var q = new WriteVerifyRequest
        {
            MaxPulsesPerCell = CommandCaps.PulsesPerCell, StuckPulses = CommandCaps.PulsesPerCell, MinResponseNanosiemens = 1, TimeBudgetMs = CommandCaps.RequestMs,
            Averages = 1, ToleranceNanosiemens = 500, ProgressEveryCells = 0,
        };
        // (2, 2): 200 uS lies beyond the ideal device's 70 uS, so the cell never lands; (2, 3): 30 uS does.
        Reply r = f.Expect(MessageType.WriteVerify, WriteVerifyTests.List(q, (2, 2, 200_000), (2, 3, 30_000)));
        var cells = WriteVerifyTests.Outcomes(r, out uint total, out _);
        Console.WriteLine($"cell (2,2): {WriteVerifyStatus.Name(cells[0].Status)} after {cells[0].Pulses} pulses; cell (2,3): {WriteVerifyStatus.Name(cells[1].Status)} after {cells[1].Pulses} pulses");
        Assert.AreEqual(WriteVerifyStatus.TimeBudget, cells[0].Status);
        Assert.IsTrue(cells[0].Pulses <= CommandCaps.CellMs / 100, $"{cells[0].Pulses} pulses in the cell's 60 s of 100 ms readings");
        Assert.AreEqual(WriteVerifyStatus.InBand, cells[1].Status, "the next cell still got its turn");
    }

    [TestMethod]
    public void AnFfpCalibrationCutByItsTimeBudgetReturnsThePulsesDone()
    {
        using var f = new ProgrammingFixture(Seed, clock: new SteppingClock(10));
        FfpCalibrateRequest c = FfpTests.Calibrate(FfpDirection.Potentiation, 3000, FfpCalibrateFlags.ClearStore);
        c.ResetCount = 0;
        c.TimeBudgetMs = 500;
        ulong pulses = f.Pulses;
        Reply r = f.Expect(MessageType.FfpCalibrate, c.Write);
        int k = ByteOrder.ReadUInt16(r.Payload, 3);
        Console.WriteLine($"a 100-pulse trace with a 500 ms budget at 10 ms per clock reading: {k} pulses");
        Assert.IsTrue(k > 0 && k < 100, $"K = {k}");
        Assert.AreEqual(FfpCalibrationReply.PayloadLength(k), r.Payload.Length, "the reply holds K resistances");
        Assert.AreEqual(pulses + (ulong)k, f.Pulses, "K pulses reached the board");

        // A 1.5 request (no trailing budget) runs under the 600 s cap: its 100 pulses take about 2 s here.
        byte[] frame = TestFrames.Build(MessageType.FfpCalibrate, 77, c.Write);
        byte[] old = new byte[frame.Length - 4];
        Array.Copy(frame, old, FrameFormat.PayloadOffset + FfpCalibrateRequest.Length);
        int n = FrameEncoder.Seal(old, 0, FfpCalibrateRequest.Length, 77, MessageType.FfpCalibrate, 0);
        Reply r15 = TestFrames.Decode(f.ReplyBuffer, f.Controller.HandleFrame(old, n, f.ReplyBuffer));
        Assert.AreEqual(MessageType.FfpCalibration, r15.Type, r15.ToString());
        Assert.AreEqual(100, ByteOrder.ReadUInt16(r15.Payload, 3), "without a budget field the whole trace runs");
    }

    [TestMethod]
    public void TheCrossingsOfOneTrainUpdateShareTheRequestsTenMinutes()
    {
        // 1 s of firmware time per clock reading: each pair write (two write-verified cells) takes tens of seconds, so 16
        // crossing weights need more than the request's 600 s; the pairs past the deadline end TimeBudget without a pulse.
        var clock = new SteppingClock(1000);
        using var s = new TrainingRefusalTests.Session(16, clock);
        Assert.AreEqual(MessageType.TrainLoaded, s.LoadAll(16).Type);
        long start = clock.NowMs;
        Reply r = s.Send(MessageType.TrainUpdate, TrainingRefusalTests.Session.Update(1, 0, Enumerable.Repeat(9000f, 16).ToArray()));
        long elapsed = clock.NowMs - start;
        Assert.AreEqual(MessageType.TrainUpdated, r.Type, r.ToString());
        PayloadReader rd = r.Reader();
        rd.Skip(14);
        int written = rd.ReadUInt16();
        rd.Skip(6);
        var entries = Enumerable.Range(0, written).Select(_ =>
        {
            int i = (int)rd.ReadUInt32(); int status = rd.ReadByte(); rd.ReadByte(); int p = rd.ReadUInt16(); rd.Skip(8);
            return (Index: i, Status: status, Pulses: p);
        }).ToArray();
        Console.WriteLine($"TrainUpdate of 16 crossings took {elapsed / 1000} s of firmware time: " +
            string.Join(", ", entries.Select(x => $"{x.Index} {WriteVerifyStatus.Name(x.Status)}/{x.Pulses}")));
        Assert.AreEqual(16, written);
        Assert.IsTrue(elapsed <= CommandCaps.RequestMs + 60_000, $"{elapsed} ms: the request stops near its 600 s");
        Assert.AreEqual(WriteVerifyStatus.TimeBudget, entries[^1].Status);
        Assert.AreEqual(0, entries[^1].Pulses, "the last pair was not pulsed at all");
        Assert.IsTrue(entries[0].Pulses > 0);
    }
}

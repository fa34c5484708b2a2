using System;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// The pulse limits apply to the pulse the board really makes: the register-map board's nearest 2 mV DAC code, the
/// discrete board's width rounded up to whole microseconds plus its two DAC-word edges.
/// </summary>
[TestClass]
public sealed class AppliedPulseLimitTests
{
    private const int Seed = 913;

    private static Action<PayloadWriter> Pulse(int millivolts, uint widthNs) =>
        new PulseRequest { Tile = 0, Row = 5, Col = 6, Millivolts = millivolts, WidthNs = widthNs, Count = 1, Averages = 1 }.Write;

    [TestMethod]
    public void A2999MillivoltPulseThatTheDacMakes3000IsRefusedUnderA2999Limit()
    {
        using var f = new ProgrammingFixture(Seed, configure: c => { c.MaxSetMillivolts = 2999; c.MaxResetMillivolts = 2999; });
        double g = f.Board.GetConductanceMicrosiemens(0, 5, 6);
        ulong pulses = f.Pulses;
        ErrorMessage e = f.ExpectError(MessageType.Pulse, Pulse(2999, 100), ErrorCode.PulseLimit);
        StringAssert.Contains(e.Message, "Pulse SET pulse of +2999 mV exceeds the limit of profile 'ideal': SET up to 2999 mV (the board applies it as +3000 mV)");
        e = f.ExpectError(MessageType.Pulse, Pulse(-2999, 100), ErrorCode.PulseLimit);
        StringAssert.Contains(e.Message, "RESET pulse of -2999 mV exceeds the limit of profile 'ideal': RESET up to 2999 mV (the board applies it as -3000 mV)");
        var wv = new WriteVerifyRequest { SetStopMv = 2999, ResetStopMv = 2998, Averages = 1 };
        e = f.ExpectError(MessageType.WriteVerify, WriteVerifyTests.List(wv, (5, 6, 30_000)), ErrorCode.PulseLimit);
        StringAssert.Contains(e.Message, "WriteVerify SET stop SET pulse of +2999 mV");
        Assert.AreEqual(pulses, f.Pulses, "no pulse reached the board");
        Assert.AreEqual(g, f.Board.GetConductanceMicrosiemens(0, 5, 6));

        f.Expect(MessageType.Pulse, Pulse(2998, 100));
        Assert.AreEqual(pulses + 1, f.Pulses, "2998 mV is code 1499 = 2998 mV: within the limit");
    }

    [TestMethod]
    public void ANonTenNanosecondWidthIsRefusedBeforeTheFirstPulseOfAWriteVerify()
    {
        using var f = new ProgrammingFixture(Seed);
        ulong pulses = f.Pulses;
        var wv = new WriteVerifyRequest { WidthNs = 1005, Averages = 1 };
        ErrorMessage e = f.ExpectError(MessageType.WriteVerify, WriteVerifyTests.List(wv, (5, 6, 30_000), (5, 7, 30_000)), ErrorCode.OutOfRange);
        StringAssert.Contains(e.Message, "pulse width 1005 ns is not a whole number of the board's 10 ns steps");
        Assert.AreEqual(pulses, f.Pulses);
    }

    [TestMethod]
    public void TheDiscreteBoardsRoundedUpWidthWithItsEdgesIsWhatTheProfileLimitSees()
    {
        using FirmwareHost host = FirmwareHost.Create(FirmwareHost.DiscreteEmulatorBoard, new EmulatorOptions { ProfileName = "ideal", Seed = Seed },
            c => c.MaxPulseWidthNs = 100_000, new FakeClock());
        Console.WriteLine($"discrete emulator, profile ideal, seed {Seed}, profile max width 100000 ns");
        var reply = new byte[host.Controller.ReplyBufferLength];
        var board = host.DiscreteEmulator!;
        Reply Send(Action<PayloadWriter> payload)
        {
            byte[] frame = TestFrames.Build(MessageType.Pulse, 1, payload);
            return TestFrames.Decode(reply, host.Controller.HandleFrame(frame, frame.Length, reply));
        }
        var rq = new PulseRequest { Tile = 0, Row = 1, Col = 2, Millivolts = 3000, Count = 1, Averages = 1 };

        foreach (uint width in new uint[] { 100_000, 99_500, 96_001 })
        {
            long words = board.DacChip.Words;
            double programming = board.ProgrammingMicroseconds;
            rq.WidthNs = width;
            ErrorMessage e = Send(rq.Write).AsError();
            Console.WriteLine($"{ErrorCode.Name(e.Code)}: {e.Message}");
            Assert.AreEqual(ErrorCode.PulseLimit, e.Code);
            ulong applied = (width + 999) / 1000 * 1000 + 3200;
            StringAssert.Contains(e.Message, $"pulse width {width} ns is outside the limits of profile 'ideal': 10..100000 ns (the board applies it as {applied} ns)");
            Assert.AreEqual(words, board.DacChip.Words, "no DAC word was sent");
            Assert.AreEqual(programming, board.ProgrammingMicroseconds, "no cell was driven");
        }

        double before = board.ProgrammingMicroseconds;
        rq.WidthNs = 95_500;
        Reply ok = Send(rq.Write);
        Assert.AreEqual(MessageType.PulseResult, ok.Type, ok.ToString());
        double seen = board.ProgrammingMicroseconds - before;
        Console.WriteLine($"a 95500 ns request (applied 99200 ns) drove the cell for {seen:F2} us on the emulated board");
        // The emulated board's clock moves with the driver's delays only (an SPI word takes no emulated time), so it shows
        // the rounding up to whole microseconds; on the wire the two DAC words add their 3.2 us.
        Assert.AreEqual(96.0, seen, 0.05, "the width was rounded up to 96 us");
    }
}

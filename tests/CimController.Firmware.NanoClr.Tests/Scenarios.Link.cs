using System;
using CimController.Host;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

public static partial class Scenarios
{
    /// <summary>Hello/Info (and a Hello that lowers the reply limit, one of another major version), Reset, Stats, ReadConductance.</summary>
    public static Scenario SessionBasics() => new("session-basics", "emulator", "brram", 11, run =>
    {
        CimClient c = run.Client;
        InfoMessage info = c.Connect();
        Assert.AreEqual(4, info.Tiles);
        c.Reset();
        c.Stats();
        float[] g = c.ReadConductance(0, 0, 4, 0, 8);
        Assert.AreEqual(32, g.Length);
        c.ReadConductance(1, 10, 2, 20, 3, averages: 4);
        var e = Assert.ThrowsExactly<CimProtocolException>(() => c.ReadConductance(0, 60, 8, 0, 8));
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        var reply = RawFrames.Exchange(run.Link, RawFrames.Build(MessageType.Hello, 900,
            w => new HelloMessage { ProtocolMajor = ProtocolVersion.Major + 1, ProtocolMinor = 0, MaxPayload = 4096, ClientName = "replay" }.Write(w)));
        Assert.AreEqual(ErrorCode.VersionMismatch, RawFrames.ErrorCodeOf(reply));
        reply = RawFrames.Exchange(run.Link, RawFrames.Build(MessageType.Hello, 901,
            w => new HelloMessage { ProtocolMajor = ProtocolVersion.Major, ProtocolMinor = ProtocolVersion.Minor, MaxPayload = 1024, ClientName = "replay" }.Write(w)));
        Assert.AreEqual(MessageType.Info, reply.Type);
        reply = RawFrames.Exchange(run.Link, RawFrames.Build(MessageType.Stats, 902));
        Assert.AreEqual(MessageType.StatsResult, reply.Type);
    });

    /// <summary>Vmm single-ended and differential, with 1, 4 and 16 conversions summed on the chip, on windows of several shapes,
    /// with row copies (one set of codes for 2 and 4 copies of a block of rows, ROW_REPEAT); a window off the tile.</summary>
    public static Scenario Vmm() => new("vmm", "emulator", "brram", 12, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        byte[] codes = Bytes(64 * 8, 1201);
        c.Vmm(0, 0, 64, 0, 64, codes, 8);
        c.Vmm(1, 0, 64, 0, 64, codes, 8, differential: true);
        c.Vmm(2, 0, 64, 0, 32, codes, 8, conversions: 4);
        c.Vmm(3, 0, 64, 0, 64, codes, 8, differential: true, conversions: 16);
        c.Vmm(0, 5, 16, 3, 8, Bytes(16 * 3, 1202), 3);
        c.Vmm(1, 0, 50, 0, 8, Bytes(25 * 8, 1203), 8, differential: true, conversions: 8, rowCopies: 2);
        c.Vmm(2, 0, 64, 8, 24, Bytes(16 * 5, 1204), 5, rowCopies: 4);
        var e = Assert.ThrowsExactly<CimProtocolException>(() => c.Vmm(0, 0, 64, 60, 8, codes, 8));
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
    });

    /// <summary>Pulses within the profile, and pulses beyond its amplitude and width limits refused with PulseLimit.</summary>
    public static Scenario Pulses() => new("pulses", "emulator", "brram", 13, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        c.Pulse(0, 1, 1, 3000, 1000, count: 2);
        c.Pulse(0, 1, 1, -2000, 1000, count: 3, averages: 2);
        foreach ((int mv, uint ns) in new[] { (3500, 1000u), (-3500, 1000u), (2000, 1u), (2000, 1_000_000u) })
        {
            var e = Assert.ThrowsExactly<CimProtocolException>(() => c.Pulse(0, 1, 1, mv, ns));
            Assert.AreEqual(ErrorCode.PulseLimit, e.Code, $"{mv} mV, {ns} ns");
        }
    });

    /// <summary>
    /// Malformed traffic: a bad CRC, a length field beyond the payload limit, an unknown type, a frame that stops arriving
    /// (truncated after the inter-byte timeout), bytes outside any frame, a payload too short for its message. The
    /// firmware has the ESP32's 4096-byte payload limit here.
    /// </summary>
    public static Scenario Malformed() => new("malformed", "emulator", "brram", 14, run =>
    {
        IHostLink link = run.Link;
        byte[] stats = RawFrames.Build(MessageType.Stats, 1);
        byte[] badCrc = (byte[])stats.Clone();
        badCrc[^1] ^= 0x5A;
        Assert.AreEqual(ErrorCode.BadCrc, RawFrames.ErrorCodeOf(RawFrames.Exchange(link, badCrc)));
        byte[] oversize = RawFrames.Build(MessageType.Stats, 2);
        oversize[FrameFormat.LengthOffset] = 0xFF;
        oversize[FrameFormat.LengthOffset + 1] = 0xFF;
        Assert.AreEqual(ErrorCode.FrameTooLarge, RawFrames.ErrorCodeOf(RawFrames.Exchange(link, oversize)));
        Assert.AreEqual(ErrorCode.UnknownMessage, RawFrames.ErrorCodeOf(RawFrames.Exchange(link, RawFrames.Build(0x3F, 3))));
        Assert.AreEqual(ErrorCode.Malformed, RawFrames.ErrorCodeOf(RawFrames.Exchange(link, RawFrames.Build(MessageType.Vmm, 4, w => w.WriteByte(0)))));
        byte[] garbage = { 0x00, 0x13, 0xC1, 0x00, 0x77 };
        Assert.AreEqual(MessageType.StatsResult, RawFrames.Exchange(link, RawFrames.Concat(new[] { garbage, RawFrames.Build(MessageType.Stats, 5) })).Type);
        // half a frame, then silence: after the inter-byte timeout (500 ms of the firmware's clock) it is dropped as truncated
        byte[] cut = RawFrames.Build(MessageType.Stats, 6);
        link.Write(cut, 0, cut.Length - 3);
        (byte Type, byte[] Payload)? truncated = null;
        for (int i = 0; i < 40 && truncated == null; i++)
        {
            run.Clock.Advance(600);
            truncated = RawFrames.TryReceive(link, 250);
        }
        Assert.IsNotNull(truncated, "no Truncated error after the inter-byte timeout");
        Assert.AreEqual(ErrorCode.Truncated, RawFrames.ErrorCodeOf(truncated.Value));
        Assert.AreEqual(MessageType.StatsResult, RawFrames.Exchange(link, RawFrames.Build(MessageType.Stats, 7)).Type);
    })
    { Configure = c => c.MaxPayload = 4096 };

    /// <summary>The host-silence watchdog: after 2 s of the firmware's clock without a byte it soft-resets the board, and serving goes on.</summary>
    public static Scenario Watchdog() => new("watchdog", "emulator", "brram", 15, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        c.Pulse(0, 2, 2, 2500, 1000);
        run.Clock.Advance(5_000);
        Assert.IsTrue(run.Watchdog.WaitForSafeState(TimeSpan.FromSeconds(20)), "the watchdog did not make the board safe");
        Assert.AreEqual(1, run.Watchdog.SafeStates);
        c.Stats();
    })
    { WatchdogSilenceMs = 2_000 };
}

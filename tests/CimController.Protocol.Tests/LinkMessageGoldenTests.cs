using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

/// <summary>
/// Golden bytes of the link and cell messages (Hello, Info, StatsResult, Pulse, PulseResult, ReadConductance, Progress,
/// Error): one fixed instance per type, its exact payload encoded by hand from shared/PROTOCOL.md, both directions.
/// </summary>
[TestClass]
public sealed class LinkMessageGoldenTests
{
    [TestMethod]
    public void HelloGoldenBytesCountTheNameInUtf8Bytes()
    {
        // "pc-Ω": 4 characters, 5 UTF-8 bytes (Ω = CE A9), so the length byte is 05.
        var m = new HelloMessage { ProtocolMajor = 1, ProtocolMinor = 6, MaxPayload = 1024, ClientName = "pc-\u03A9" };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "0100 0600 0004 05 70632DCEA9");
    }

    [TestMethod]
    public void InfoGoldenBytes()
    {
        GoldenBytes.Check(FixedInfo(), (x, w) => x.Write(w), (x, r) => x.Read(r), InfoHex10 + " 0D0C0B0A");
    }

    [TestMethod]
    public void InfoFromAProtocol10PeerReadsSenseLsbAsZero()
    {
        byte[] payload = GoldenBytes.Hex(InfoHex10);
        var r = new PayloadReader();
        r.Reset(payload, 0, payload.Length);
        var got = new InfoMessage();
        got.Read(r);
        Assert.AreEqual(0, r.Remaining);
        Assert.AreEqual(0u, got.SenseLsbPicoamps, "a 1.0 Info has no sense LSB; a 1.1 reader fills 0");
        Assert.AreEqual(100_000u, got.ClockKilohertz);
    }

    [TestMethod]
    public void StatsResultGoldenBytesAre72Bytes()
    {
        var m = new StatsMessage
        {
            FramesReceived = 1, FramesSent = 2, ErrorsSent = 3, CrcErrors = 4, SkippedBytes = 5, VmmCommands = 6, CellReads = 7, Resets = 8,
            TileOps = 0x0102030405060708, ChipCycles = 0x1_0000_0000, EnergyPicojoules = 0xFFFF_FFFF_FFFF,
            PulsesApplied = 9, UptimeMs = 60_000, Truncations = 10, HeapFreeBytes = 0x12345,
        };
        string hex = "01000000 02000000 03000000 04000000 05000000 06000000 07000000 08000000"
            + " 0807060504030201 0000000001000000 FFFFFFFFFFFF0000"
            + " 09000000 60EA0000 0A000000 45230100";
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), hex);
        Assert.AreEqual(72, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void PulseRequestGoldenBytesCarryAResetAsANegativeI16()
    {
        // -2500 mV as i16 = 0xF63C.
        var m = new PulseRequest { Tile = 1, Row = 2, Col = 259, Millivolts = -2500, WidthNs = 1000, Count = 300, Averages = 4 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "01 0200 0301 3CF6 E8030000 2C01 04");
        Assert.AreEqual(PulseRequest.Length, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void PulseResultGoldenBytes()
    {
        // 25,000 nS = 40 kOhm = 40,000,000 milliohms = 0x02625A00.
        var m = new PulseReply { Count = 300, Nanosiemens = 25_000, Milliohms = 40_000_000 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "2C01 A8610000 005A6202");
        Assert.AreEqual(PulseReply.Length, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void PulseResultGoldenBytesOfAnOpenCell()
    {
        var m = new PulseReply { Count = 1, Nanosiemens = 0, Milliohms = 0xFFFFFFFF };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "0100 00000000 FFFFFFFF");
    }

    [TestMethod]
    public void ReadConductanceGoldenBytes()
    {
        var m = new RegionRequest { Tile = 3, Row0 = 5, Rows = 2, Col0 = 256, Cols = 3, Averages = 16 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "03 0500 0200 0001 0300 10");
    }

    [TestMethod]
    public void ProgressGoldenBytes()
    {
        var m = new ProgressMessage { Done = 3, Total = 10, Pulses = 0x01020304 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "03000000 0A000000 04030201");
        Assert.AreEqual(ProgressMessage.PayloadLength, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void ErrorGoldenBytes()
    {
        // PROTOCOL.md's own example message, 22 bytes (0x16).
        var m = new ErrorMessage { Code = ErrorCode.OutOfRange, RequestType = MessageType.ReadConductance, Message = "tile 7 is outside 0..3" };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "0700 03 16 74696C65 20 37 20 6973 20 6F757473696465 20 302E2E33");
    }

    private static InfoMessage FixedInfo() => new()
    {
        ProtocolMajor = 1, ProtocolMinor = 6, FirmwareVersion = "1.6", BoardKind = "emu", ProfileName = "ideal",
        Tiles = 4, Rows = 64, Columns = 128, RowDacBits = 8, AdcBits = 6, WordLineDacBits = 4, ColumnsPerAdc = 2,
        AdcFullScaleNanoamps = 0x01020304, ReadMillivolts = 200, MaxSetMillivolts = 3000, MaxResetMillivolts = 2500,
        MinPulseWidthNs = 50, MaxPulseWidthNs = 1_000_000, MaxPayload = 4096, ClockKilohertz = 100_000, SenseLsbPicoamps = 0x0A0B0C0D,
    };

    /// <summary>
    /// <see cref="FixedInfo"/> up to the clock (the protocol 1.0 fields): versions, "1.6", "emu", "ideal", tiles, rows,
    /// cols, the four bit/ratio bytes, ADC full scale, read/SET/RESET mV (200, 3000 = 0x0BB8, 2500 = 0x09C4), min and max
    /// width ns (50, 1,000,000 = 0x0F4240), max payload 4096, clock 100,000 kHz = 0x0186A0.
    /// </summary>
    private const string InfoHex10 = "0100 0600 03312E36 03656D75 05696465616C 04 4000 8000 08 06 04 02 04030201 C800 B80B C409"
        + " 32000000 40420F00 0010 A0860100";
}

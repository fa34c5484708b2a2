using System;
using System.Linq;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

[TestClass]
public sealed class MessageRoundTripTests
{
    private static byte[] RoundTripPayload(byte type, Action<PayloadWriter> write)
    {
        byte[] frame = FrameTestKit.Frame(10, type, 0, write);
        var events = FrameTestKit.Decode(new FrameDecoder(65535), frame, new[] { 17 });
        Assert.AreEqual(1, events.Count);
        Assert.AreEqual(DecodeStatus.Frame, events[0].Status);
        Assert.AreEqual(type, events[0].Type);
        return events[0].Payload;
    }

    [TestMethod]
    public void HelloRoundTrips()
    {
        var sent = new HelloMessage { ProtocolMajor = 1, ProtocolMinor = 3, MaxPayload = 4096, ClientName = "cimctl ü" };
        var got = new HelloMessage();
        got.Read(FrameTestKit.Reader(RoundTripPayload(MessageType.Hello, sent.Write)));
        Assert.AreEqual(1, got.ProtocolMajor);
        Assert.AreEqual(3, got.ProtocolMinor);
        Assert.AreEqual(4096, got.MaxPayload);
        Assert.AreEqual("cimctl ü", got.ClientName);
    }

    private static InfoMessage SampleInfo() => new()
    {
        FirmwareVersion = "0.1.0", BoardKind = "emulator", ProfileName = "brram-wu2023",
        Tiles = 4, Rows = 256, Columns = 64, RowDacBits = 8, AdcBits = 8, WordLineDacBits = 10, ColumnsPerAdc = 8,
        AdcFullScaleNanoamps = 70000, ReadMillivolts = 100, MaxSetMillivolts = 3000, MaxResetMillivolts = 3000,
        MinPulseWidthNs = 10, MaxPulseWidthNs = 1_000_000, MaxPayload = 16384, ClockKilohertz = 100000,
    };

    [TestMethod]
    public void InfoRoundTripsEveryField()
    {
        InfoMessage sent = SampleInfo();
        var got = new InfoMessage();
        got.Read(FrameTestKit.Reader(RoundTripPayload(MessageType.Info, sent.Write)));
        foreach (var field in typeof(InfoMessage).GetFields())
        {
            Assert.AreEqual(field.GetValue(sent), field.GetValue(got), field.Name);
        }
    }

    [TestMethod]
    public void NewerPeersMayAppendFieldsThatOlderReadersIgnore()
    {
        byte[] payload = RoundTripPayload(MessageType.Info, w => { SampleInfo().Write(w); w.WriteUInt32(0xDEADBEEF); });
        var got = new InfoMessage();
        var reader = FrameTestKit.Reader(payload);
        got.Read(reader);
        Assert.AreEqual(4, reader.Remaining);
        Assert.AreEqual(256, got.Rows);
        Assert.AreEqual(100000u, got.ClockKilohertz);
    }

    [TestMethod]
    public void VmmRequestRoundTripsWithoutCopyingInputs()
    {
        byte[] inputs = Enumerable.Range(0, 3 * 25).Select(i => (byte)(i * 3)).ToArray();
        var sent = new VmmRequest { Tile = 2, Row0 = 5, Rows = 25, Col0 = 16, Cols = 8, VectorCount = 3, Flags = VmmFlags.Differential, Inputs = inputs };
        byte[] payload = RoundTripPayload(MessageType.Vmm, sent.Write);
        Assert.AreEqual(VmmRequest.HeaderLength + inputs.Length, payload.Length);
        var got = new VmmRequest();
        got.Read(FrameTestKit.Reader(payload));
        Assert.AreEqual((2, 5, 25, 16, 8, 3, VmmFlags.Differential), (got.Tile, got.Row0, got.Rows, got.Col0, got.Cols, got.VectorCount, got.Flags));
        Assert.AreSame(payload, got.Inputs);
        CollectionAssert.AreEqual(inputs, got.Inputs.AsSpan(got.InputOffset, inputs.Length).ToArray());
    }

    [TestMethod]
    public void VmmRequestShorterThanItsInputsIsMalformed()
    {
        var sent = new VmmRequest { Rows = 4, Cols = 4, VectorCount = 2, Inputs = new byte[8] };
        byte[] payload = RoundTripPayload(MessageType.Vmm, sent.Write);
        var ex = Assert.ThrowsExactly<ProtocolException>(() => new VmmRequest().Read(FrameTestKit.Reader(payload.AsSpan(0, payload.Length - 1).ToArray())));
        Assert.AreEqual(ErrorCode.Malformed, ex.Code);
        StringAssert.Contains(ex.Message, "ends before byte 20");
    }

    [TestMethod]
    public void VmmReplyLengthCountsCodesAndDifferentialPairs()
    {
        Assert.AreEqual(13 + 2 * 64, VmmReply.PayloadLength(2, 64, 0));
        Assert.AreEqual(13 + 2 * 64 + 2 * 32 * 2, VmmReply.PayloadLength(2, 64, VmmFlags.Differential));
        Assert.AreEqual(13 + 2 * 64 * 2, VmmReply.PayloadLength(2, 64, VmmFlags.Summed));
        Assert.AreEqual(13 + 2 * 64 * 2 + 2 * 32 * 2, VmmReply.PayloadLength(2, 64, VmmFlags.Summed | VmmFlags.Differential));
    }

    [TestMethod]
    [DataRow(2)]
    [DataRow(7)]
    [DataRow(128)]
    public void VmmRequestCarriesConversionsAfterTheInputs(int conversions)
    {
        byte[] inputs = Enumerable.Range(0, 2 * 16).Select(i => (byte)(i * 5)).ToArray();
        var sent = new VmmRequest { Tile = 1, Rows = 16, Cols = 8, VectorCount = 2, Flags = VmmFlags.Differential, Inputs = inputs, Conversions = conversions };
        byte[] payload = RoundTripPayload(MessageType.Vmm, sent.Write);
        Assert.AreEqual(VmmRequest.HeaderLength + inputs.Length + 1, payload.Length);
        Assert.AreEqual(conversions, payload[^1], "u8 conversions is the last byte");
        var got = new VmmRequest();
        got.Read(FrameTestKit.Reader(payload));
        Assert.AreEqual(conversions, got.Conversions);
        Assert.AreEqual(conversions, got.EffectiveConversions);
        CollectionAssert.AreEqual(inputs, got.Inputs.AsSpan(got.InputOffset, inputs.Length).ToArray());
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    public void OneConversionIsSentAsA13Request(int conversions)
    {
        var sent = new VmmRequest { Rows = 4, Cols = 4, VectorCount = 2, Inputs = new byte[8], Conversions = conversions };
        byte[] payload = RoundTripPayload(MessageType.Vmm, sent.Write);
        Assert.AreEqual(VmmRequest.HeaderLength + 8, payload.Length, "no trailing byte: byte-identical to protocol 1.3");
        var got = new VmmRequest { Conversions = 99 };
        got.Read(FrameTestKit.Reader(payload));
        Assert.AreEqual(0, got.Conversions, "absent byte reads as 0");
        Assert.AreEqual(1, got.EffectiveConversions);
    }

    [TestMethod]
    public void ExplicitConversionsByteOfOneOrOutOfRangeIsReadAsSent()
    {
        // The reader takes the byte as it is; the firmware's Vmm command checks it (0/1 = one, 2..128, else OutOfRange).
        foreach (int value in new[] { 1, 129, 255 })
        {
            byte[] payload = RoundTripPayload(MessageType.Vmm, w =>
            {
                new VmmRequest { Rows = 2, Cols = 2, VectorCount = 1, Inputs = new byte[2] }.Write(w);
                w.WriteByte(value);
                w.WriteByte(0xEE); // a later field: ignored by a 1.4 reader
            });
            var got = new VmmRequest();
            got.Read(FrameTestKit.Reader(payload));
            Assert.AreEqual(value, got.Conversions);
            Assert.AreEqual(value > 1 ? value : 1, got.EffectiveConversions);
        }
    }

    [TestMethod]
    public void VmmRequestWithConversionsButCutInsideTheInputsIsMalformed()
    {
        var sent = new VmmRequest { Rows = 4, Cols = 4, VectorCount = 2, Inputs = new byte[8], Conversions = 4 };
        byte[] payload = RoundTripPayload(MessageType.Vmm, sent.Write);
        // Dropping two bytes cuts the last input code: the conversions byte must not be mistaken for it.
        var ex = Assert.ThrowsExactly<ProtocolException>(() => new VmmRequest().Read(FrameTestKit.Reader(payload.AsSpan(0, payload.Length - 2).ToArray())));
        Assert.AreEqual(ErrorCode.Malformed, ex.Code);
    }

    [TestMethod]
    public void RegionStatsAndErrorRoundTrip()
    {
        var region = new RegionRequest { Tile = 3, Row0 = 200, Rows = 56, Col0 = 1, Cols = 63, Averages = 8 };
        var gotRegion = new RegionRequest();
        gotRegion.Read(FrameTestKit.Reader(RoundTripPayload(MessageType.ReadConductance, region.Write)));
        Assert.AreEqual((3, 200, 56, 1, 63, 8), (gotRegion.Tile, gotRegion.Row0, gotRegion.Rows, gotRegion.Col0, gotRegion.Cols, gotRegion.Averages));

        var stats = new StatsMessage { FramesReceived = 1, FramesSent = 2, ErrorsSent = 3, CrcErrors = 4, SkippedBytes = 5, VmmCommands = 6, CellReads = 7, Resets = 8, TileOps = 1UL << 40, ChipCycles = 72UL << 33, EnergyPicojoules = 2660UL * 1000000, PulsesApplied = 9, UptimeMs = 10, Truncations = 11, HeapFreeBytes = 123_456 };
        var gotStats = new StatsMessage();
        gotStats.Read(FrameTestKit.Reader(RoundTripPayload(MessageType.StatsResult, stats.Write)));
        foreach (var field in typeof(StatsMessage).GetFields())
        {
            Assert.AreEqual(field.GetValue(stats), field.GetValue(gotStats), field.Name);
        }

        var error = new ErrorMessage { Code = ErrorCode.OutOfRange, RequestType = MessageType.Vmm, Message = "tile 9 is outside 0..3" };
        var gotError = new ErrorMessage();
        gotError.Read(FrameTestKit.Reader(RoundTripPayload(MessageType.Error, error.Write)));
        Assert.AreEqual((ErrorCode.OutOfRange, (int)MessageType.Vmm, "tile 9 is outside 0..3"), (gotError.Code, gotError.RequestType, gotError.Message));
    }

    [TestMethod]
    public void StatsOfAnOlderPeerReadAsHeapNotReported()
    {
        var stats = new StatsMessage { UptimeMs = 10, Truncations = 2, HeapFreeBytes = 99 };
        byte[] payload = RoundTripPayload(MessageType.StatsResult, stats.Write);
        var old = new StatsMessage();
        old.Read(FrameTestKit.Reader(payload.AsSpan(0, payload.Length - 4).ToArray()));
        Assert.AreEqual(2u, old.Truncations);
        Assert.AreEqual(StatsMessage.HeapNotReported, old.HeapFreeBytes, "a 1.4 firmware sends no heap field");
    }

    [TestMethod]
    public void LongStringsAreCutAt255Utf8Bytes()
    {
        var error = new ErrorMessage { Message = new string('x', 400) };
        var got = new ErrorMessage();
        got.Read(FrameTestKit.Reader(RoundTripPayload(MessageType.Error, error.Write)));
        Assert.AreEqual(255, got.Message.Length);
    }

    [TestMethod]
    public void WriterRefusesToOverrunItsCapacity()
    {
        var w = new PayloadWriter();
        w.Reset(new byte[100], 10, 6);
        w.WriteUInt32(1);
        var ex = Assert.ThrowsExactly<ProtocolException>(() => w.WriteUInt32(2));
        Assert.AreEqual(ErrorCode.FrameTooLarge, ex.Code);
    }

    [TestMethod]
    public void SignedSixteenBitValuesRoundTrip()
    {
        byte[] payload = RoundTripPayload(MessageType.VmmResult, w => { w.WriteInt16(-255); w.WriteInt16(255); w.WriteInt16(0); });
        var r = FrameTestKit.Reader(payload);
        Assert.AreEqual(-255, r.ReadInt16());
        Assert.AreEqual(255, r.ReadInt16());
        Assert.AreEqual(0, r.ReadInt16());
    }

    [TestMethod]
    public void NamesAreReadable()
    {
        Assert.AreEqual("VmmResult", MessageType.Name(MessageType.ReplyOf(MessageType.Vmm)));
        Assert.AreEqual("0x42", MessageType.Name(0x42));
        Assert.AreEqual("BadCrc", ErrorCode.Name(ErrorCode.BadCrc));
    }
}

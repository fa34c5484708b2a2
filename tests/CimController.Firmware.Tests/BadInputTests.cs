using System;
using System.Linq;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// Every bad-input path through the real serve loop (a scripted link, a fake clock): the specific error
/// code with the request's sequence number, then the next good frame is served.
/// </summary>
[TestClass]
public sealed class BadInputTests
{
    private const int Seed = 777;
    private const int GoodSequence = 500;

    private static byte[] GoodFrame() => TestFrames.Vmm(GoodSequence, 0, 0, 64, 0, 64, new byte[2 * 64]);

    /// <summary>Serves bad bytes then a good Vmm; returns the error reply after checking the Vmm reply.</summary>
    private static ErrorMessage ServeBadThenGood(byte[] bad, int expectedCode, int expectedSequence, Action<FirmwareConfig>? configure = null, long silenceMs = 0)
    {
        using var f = new FirmwareFixture(Seed, configure);
        var link = new ScriptedLink(f.Clock).Send(bad);
        if (silenceMs > 0) link.Silence(silenceMs);
        link.Send(GoodFrame());
        f.Controller.Serve(link);
        var written = link.Written;
        var replies = TestFrames.DecodeAll(written, written.Length);
        Assert.AreEqual(2, replies.Count, "one error, one good reply: " + string.Join("; ", replies));
        var error = replies[0].AsError();
        Assert.AreEqual(expectedCode, error.Code, $"{ErrorCode.Name(error.Code)}: {error.Message}");
        Assert.AreEqual(expectedSequence, replies[0].Sequence, "error carries the request's sequence number");
        Assert.AreEqual(FrameFlags.Reply, replies[0].Flags);
        Assert.IsFalse(string.IsNullOrWhiteSpace(error.Message));
        Console.WriteLine($"{ErrorCode.Name(error.Code)}: {error.Message}");
        Assert.AreEqual(MessageType.VmmResult, replies[1].Type, "the next frame is served: " + replies[1]);
        Assert.AreEqual(GoodSequence, replies[1].Sequence);
        return error;
    }

    [TestMethod]
    public void BadCrc()
    {
        var frame = TestFrames.Hello(33);
        frame[^1] ^= 0x5A;
        ServeBadThenGood(frame, ErrorCode.BadCrc, 33);
    }

    [TestMethod]
    public void CorruptedPayloadByteIsBadCrc()
    {
        var frame = GoodFrame();
        ByteOrder.WriteUInt16(frame, FrameFormat.SequenceOffset, 34);
        frame[FrameFormat.PayloadOffset + 20] ^= 1;
        ServeBadThenGood(frame, ErrorCode.BadCrc, 34);
    }

    [TestMethod]
    public void TruncatedFrameThenNextFrameServed()
    {
        var frame = TestFrames.Vmm(35, 0, 0, 64, 0, 64, new byte[64]);
        var half = frame.AsSpan(0, frame.Length / 2).ToArray();
        var e = ServeBadThenGood(half, ErrorCode.Truncated, 35, c => c.InterByteTimeoutMs = 300, silenceMs: 350);
        StringAssert.Contains(e.Message, "300 ms");
    }

    [TestMethod]
    public void ShortPauseInsideAFrameIsNotTruncation()
    {
        using var f = new FirmwareFixture(Seed, c => c.InterByteTimeoutMs = 300);
        var frame = GoodFrame();
        var link = new ScriptedLink(f.Clock)
            .Send(frame[..10]).Silence(100).Silence(100).Send(frame[10..]);
        f.Controller.Serve(link);
        var replies = TestFrames.DecodeAll(link.Written, link.Written.Length);
        Assert.AreEqual(1, replies.Count, string.Join("; ", replies));
        Assert.AreEqual(MessageType.VmmResult, replies[0].Type);
    }

    [TestMethod]
    public void WrongProtocolVersion()
    {
        var e = ServeBadThenGood(TestFrames.Hello(36, major: 2, minor: 3), ErrorCode.VersionMismatch, 36);
        StringAssert.Contains(e.Message, "2.3");
        StringAssert.Contains(e.Message, $"{ProtocolVersion.Major}.{ProtocolVersion.Minor}");
    }

    [TestMethod]
    public void ErrorMessagesStayAsciiAndFitTheReply()
    {
        var hello = TestFrames.Build(MessageType.Hello, 49, w => new HelloMessage { ProtocolMajor = 9, ClientName = "h\u00f4te-\u6e2c\u8a66" }.Write(w));
        var e = ServeBadThenGood(hello, ErrorCode.VersionMismatch, 49);
        StringAssert.Contains(e.Message, "'h?te-??'");
    }

    [TestMethod]
    public void UnknownMessageType()
    {
        var e = ServeBadThenGood(TestFrames.Empty(0x42, 37), ErrorCode.UnknownMessage, 37);
        StringAssert.Contains(e.Message, "0x42");
    }

    [TestMethod]
    public void ReplyTypeSentAsRequestIsUnknown()
    {
        ServeBadThenGood(TestFrames.Empty(MessageType.Info, 38), ErrorCode.UnknownMessage, 38);
    }

    [TestMethod]
    public void OversizeLengthField()
    {
        // Header only, with a length beyond the firmware's max payload of 4096: the decoder drops it at once.
        var header = new byte[FrameFormat.HeaderLength];
        header[0] = FrameFormat.Marker0;
        header[1] = FrameFormat.Marker1;
        ByteOrder.WriteUInt16(header, FrameFormat.LengthOffset, 60000);
        ByteOrder.WriteUInt16(header, FrameFormat.SequenceOffset, 39);
        header[FrameFormat.TypeOffset] = MessageType.Vmm;
        var e = ServeBadThenGood(header, ErrorCode.FrameTooLarge, 39, c => c.MaxPayload = 4096);
        StringAssert.Contains(e.Message, "60000");
        StringAssert.Contains(e.Message, "4096");
    }

    [TestMethod]
    [DataRow(4, 0, 64, 0, 64, 1, "tile 4 is outside 0..3")]
    [DataRow(0, 60, 8, 0, 64, 1, "row window 60..67")]
    [DataRow(0, 0, 0, 0, 64, 1, "row count 0 is outside 1..64")]
    [DataRow(0, 0, 64, 63, 2, 1, "column window 63..64")]
    [DataRow(0, 0, 64, 0, 65, 1, "column count 65 is outside 1..64")]
    [DataRow(0, 0, 64, 0, 64, 0, "vector count 0 is outside 1..65535")]
    public void VmmOutOfRange(int tile, int row0, int rows, int col0, int cols, int vectors, string expected)
    {
        var frame = TestFrames.VmmRaw(40, tile, row0, rows, col0, cols, vectors, 0, vectors * rows);
        var e = ServeBadThenGood(frame, ErrorCode.OutOfRange, 40);
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void VmmOddColumnsWithDifferential()
    {
        var frame = TestFrames.Vmm(41, 0, 0, 64, 0, 5, new byte[64], VmmFlags.Differential);
        var e = ServeBadThenGood(frame, ErrorCode.OutOfRange, 41);
        StringAssert.Contains(e.Message, "column count 5 is odd");
    }

    [TestMethod]
    public void VmmPayloadShorterThanHeader()
    {
        var frame = TestFrames.Build(MessageType.Vmm, 42, w => { w.WriteByte(0); w.WriteUInt16(0); });
        var e = ServeBadThenGood(frame, ErrorCode.Malformed, 42);
        StringAssert.Contains(e.Message, "3 bytes");
    }

    [TestMethod]
    public void VmmInputsShorterThanVectorsTimesRows()
    {
        var frame = TestFrames.VmmRaw(43, 0, 0, 64, 0, 64, 3, 0, 64 * 3 - 1);
        var e = ServeBadThenGood(frame, ErrorCode.Malformed, 43);
        StringAssert.Contains(e.Message, "3 vectors x 64 rows");
    }

    [TestMethod]
    public void VmmReplyBeyondMaxPayload()
    {
        var frame = TestFrames.Vmm(44, 0, 0, 8, 0, 64, new byte[8 * 100]);
        var e = ServeBadThenGood(frame, ErrorCode.OutOfRange, 44, c => c.MaxPayload = 4096);
        StringAssert.Contains(e.Message, "limit of 4096");
    }

    [TestMethod]
    [DataRow(4, 0, 1, 0, 1, 1, "tile 4 is outside 0..3")]
    [DataRow(0, 64, 1, 0, 1, 1, "row window 64..64")]
    [DataRow(0, 0, 1, 10, 60, 1, "column window 10..69")]
    [DataRow(0, 0, 1, 0, 1, 0, "averages 0 is outside 1..16")]
    [DataRow(0, 0, 1, 0, 1, 17, "averages 17 is outside 1..16")]
    public void ReadConductanceOutOfRange(int tile, int row0, int rows, int col0, int cols, int averages, string expected)
    {
        var e = ServeBadThenGood(TestFrames.ReadConductance(45, tile, row0, rows, col0, cols, averages), ErrorCode.OutOfRange, 45);
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void ReadConductanceRegionBeyondMaxPayload()
    {
        var e = ServeBadThenGood(TestFrames.ReadConductance(46, 0, 0, 64, 0, 64, 1), ErrorCode.OutOfRange, 46, c => c.MaxPayload = 4096);
        StringAssert.Contains(e.Message, "limit of 4096");
        StringAssert.Contains(e.Message, "at most 1022 cells");
    }

    [TestMethod]
    public void ReadConductancePayloadTooShort()
    {
        var frame = TestFrames.Build(MessageType.ReadConductance, 47, w => { w.WriteByte(0); w.WriteUInt16(0); w.WriteUInt16(1); });
        ServeBadThenGood(frame, ErrorCode.Malformed, 47);
    }

    [TestMethod]
    public void HelloPayloadTooShort()
    {
        var frame = TestFrames.Build(MessageType.Hello, 48, w => w.WriteUInt16(1));
        ServeBadThenGood(frame, ErrorCode.Malformed, 48);
    }

    [TestMethod]
    public void NoiseBetweenFramesIsSkippedAndCounted()
    {
        using var f = new FirmwareFixture(Seed);
        var noise = new byte[] { 0x00, 0xC1, 0x00, 0x3A, 0xFF, 0xC1 };
        var link = new ScriptedLink(f.Clock).Send(noise.Concat(GoodFrame()).ToArray()).Send(TestFrames.Empty(MessageType.Stats, 9));
        link.MaxChunk = 7;
        f.Controller.Serve(link);
        var replies = TestFrames.DecodeAll(link.Written, link.Written.Length);
        Assert.AreEqual(2, replies.Count, string.Join("; ", replies));
        Assert.AreEqual(MessageType.VmmResult, replies[0].Type);
        var stats = new StatsMessage();
        stats.Read(replies[1].Reader());
        Assert.AreEqual(6u, stats.SkippedBytes);
    }

    [TestMethod]
    public void WriteFailureEndsServe()
    {
        using var f = new FirmwareFixture(Seed);
        var link = new ScriptedLink(f.Clock) { FailWrites = true }.Send(GoodFrame()).Send(GoodFrame());
        f.Controller.Serve(link); // returns instead of throwing
        Assert.AreEqual(1u, f.Controller.Stats.VmmCommands, "serving stopped at the first failed write");
    }
}

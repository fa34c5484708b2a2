using System;
using System.Linq;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

[TestClass]
public sealed class FrameDecoderTests
{
    private static readonly int[] WholeChunks = { 1 << 20 };

    [TestMethod]
    public void EncodedFrameDecodesWithSameHeaderAndPayload()
    {
        byte[] payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        byte[] frame = FrameTestKit.Frame(4660, MessageType.Vmm, payload);
        Assert.AreEqual(FrameFormat.Overhead + 300, frame.Length);

        var events = FrameTestKit.Decode(new FrameDecoder(1024), frame, WholeChunks);

        Assert.AreEqual(1, events.Count);
        Assert.AreEqual(DecodeStatus.Frame, events[0].Status);
        Assert.AreEqual(4660, events[0].Sequence);
        Assert.AreEqual(MessageType.Vmm, events[0].Type);
        CollectionAssert.AreEqual(payload, events[0].Payload);
    }

    [TestMethod]
    public void FramesSplitIntoAnyChunkSizesDecodeTheSame()
    {
        byte[] a = FrameTestKit.Frame(1, MessageType.Stats, Array.Empty<byte>());
        byte[] b = FrameTestKit.Frame(2, MessageType.Vmm, new byte[] { 9, 8, 7, 6, 5 });
        byte[] c = FrameTestKit.Frame(65535, MessageType.Reset, new byte[200]);
        byte[] stream = a.Concat(b).Concat(c).ToArray();
        foreach (int[] chunks in new[] { new[] { 1 }, new[] { 2 }, new[] { 3, 7 }, new[] { 13 }, new[] { 1000 } })
        {
            var events = FrameTestKit.Decode(new FrameDecoder(1024), stream, chunks);
            CollectionAssert.AreEqual(new[] { 1, 2, 65535 }, events.Select(e => e.Sequence).ToArray(), $"chunks {string.Join(",", chunks)}");
            Assert.IsTrue(events.All(e => e.Status == DecodeStatus.Frame));
            CollectionAssert.AreEqual(new byte[] { 9, 8, 7, 6, 5 }, events[1].Payload);
        }
    }

    [TestMethod]
    public void BytesBeforeAMarkerAreSkippedAndCounted()
    {
        byte[] frame = FrameTestKit.Frame(5, MessageType.Stats, Array.Empty<byte>());
        byte[] stream = new byte[] { 0x00, 0xC1, 0x00, 0x3A, 0xC1, 0xC1 }.Concat(frame).ToArray();
        var decoder = new FrameDecoder(64);
        var events = FrameTestKit.Decode(decoder, stream, new[] { 1 });
        Assert.AreEqual(1, events.Count);
        Assert.AreEqual(DecodeStatus.Frame, events[0].Status);
        Assert.AreEqual(5, events[0].Sequence);
        Assert.AreEqual(6, decoder.SkippedBytes);
    }

    [TestMethod]
    public void CorruptedPayloadIsReportedAsBadCrcWithItsSequence()
    {
        byte[] frame = FrameTestKit.Frame(77, MessageType.Vmm, new byte[] { 1, 2, 3, 4 });
        frame[FrameFormat.PayloadOffset + 2] ^= 0x10;
        var events = FrameTestKit.Decode(new FrameDecoder(64), frame, WholeChunks);
        Assert.AreEqual(1, events.Count);
        Assert.AreEqual(DecodeStatus.Error, events[0].Status);
        Assert.AreEqual(ErrorCode.BadCrc, events[0].Error);
        Assert.AreEqual(77, events[0].Sequence);
    }

    [TestMethod]
    public void LengthAboveTheLimitIsRefusedBeforeThePayloadArrives()
    {
        byte[] frame = FrameTestKit.Frame(3, MessageType.Vmm, new byte[100]);
        var decoder = new FrameDecoder(64);
        int used = decoder.Push(frame, 0, frame.Length);
        Assert.AreEqual(DecodeStatus.Error, decoder.Status);
        Assert.AreEqual(ErrorCode.FrameTooLarge, decoder.Error);
        Assert.AreEqual(3, decoder.Sequence);
        Assert.AreEqual(FrameFormat.HeaderLength, used, "the decoder stops right after the header");
    }

    [TestMethod]
    public void DecoderRecoversAfterAnErrorAndDecodesTheNextFrame()
    {
        byte[] bad = FrameTestKit.Frame(1, MessageType.Stats, new byte[] { 1 });
        bad[^1] ^= 0xFF;
        byte[] good = FrameTestKit.Frame(2, MessageType.Stats, new byte[] { 2 });
        var events = FrameTestKit.Decode(new FrameDecoder(64), bad.Concat(good).ToArray(), new[] { 5 });
        Assert.AreEqual(2, events.Count);
        Assert.AreEqual(ErrorCode.BadCrc, events[0].Error);
        Assert.AreEqual(DecodeStatus.Frame, events[1].Status);
        CollectionAssert.AreEqual(new byte[] { 2 }, events[1].Payload);
    }

    [TestMethod]
    public void PartialFrameLeavesTheDecoderInFrameUntilReset()
    {
        byte[] frame = FrameTestKit.Frame(9, MessageType.Vmm, new byte[40]);
        var decoder = new FrameDecoder(64);
        decoder.Push(frame, 0, 20);
        Assert.AreEqual(DecodeStatus.NeedMore, decoder.Status);
        Assert.IsTrue(decoder.InFrame);
        Assert.AreEqual(9, decoder.Sequence, "sequence is known once the header is in, so a truncation error can name it");
        decoder.Reset();
        Assert.IsFalse(decoder.InFrame);
    }

    [TestMethod]
    public void SealRefusesAFrameThatDoesNotFitItsBuffer()
    {
        var ex = Assert.ThrowsExactly<ProtocolException>(() => FrameEncoder.Seal(new byte[20], 0, 10, 1, MessageType.Stats, 0));
        Assert.AreEqual(ErrorCode.FrameTooLarge, ex.Code);
        StringAssert.Contains(ex.Message, "does not fit");
    }

    [TestMethod]
    public void DecoderRejectsAnUnusableLimit()
    {
        var ex = Assert.ThrowsExactly<ProtocolException>(() => new FrameDecoder(70000));
        StringAssert.Contains(ex.Message, "maxPayload 70000");
    }
}

using System;
using System.Linq;
using CimController.Protocol;
using CsCheck;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

/// <summary>
/// Property tests over malformed input (CsCheck). Each runs from a fixed CsCheck seed, printed, so a
/// failure reproduces; CsCheck prints the shrunk case's own seed on failure.
/// </summary>
[TestClass]
public sealed class FrameFuzzTests
{
    private const string Seed = "0NmsCk0Ofpg2";
    private const long Iterations = 2000;

    private static readonly Gen<byte[]> AnyBytes = Gen.Byte.Array[0, 400];

    private static readonly Gen<byte[]> ValidFrame =
        Gen.Select(Gen.Int[0, 65535], Gen.Byte, Gen.Byte.Array[0, 300],
            (seq, type, payload) => FrameTestKit.Frame(seq, type, payload));

    [TestMethod]
    public void RandomBytesNeverThrowAndNeverOverrunTheBuffer()
    {
        Console.WriteLine($"CsCheck seed {Seed}");
        AnyBytes.Sample(bytes =>
        {
            var decoder = new FrameDecoder(256);
            var events = FrameTestKit.Decode(decoder, bytes, new[] { 1, 5, 64 });
            foreach (var e in events)
            {
                Assert.IsTrue(e.Status == DecodeStatus.Frame || e.Error is ErrorCode.BadCrc or ErrorCode.FrameTooLarge);
                Assert.IsTrue(e.Payload.Length <= 256);
            }
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [TestMethod]
    public void AnyCorruptionInsideTheCheckedBytesIsDetected()
    {
        Console.WriteLine($"CsCheck seed {Seed}");
        Gen.Select(ValidFrame, Gen.Int[0, 1 << 30], Gen.Byte[1, 255]).Sample((frame, where, xor) =>
        {
            byte[] original = frame.ToArray();
            int at = FrameFormat.LengthOffset + where % (frame.Length - FrameFormat.LengthOffset);
            frame[at] ^= xor;
            var events = FrameTestKit.Decode(new FrameDecoder(65535), frame, new[] { 1 << 20 });
            // A corrupted byte never yields a frame that passes as valid.
            Assert.IsFalse(events.Any(e => e.Status == DecodeStatus.Frame), $"byte {at} of {Convert.ToHexString(original)} ^ {xor:X2} decoded as valid");
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [TestMethod]
    public void ValidFrameAfterNoiseWithoutMarkersIsFound()
    {
        Console.WriteLine($"CsCheck seed {Seed}");
        var noise = Gen.Byte.Where(b => b != FrameFormat.Marker0).Array[0, 100];
        Gen.Select(noise, ValidFrame, Gen.Int[1, 50]).Sample((junk, frame, chunk) =>
        {
            var events = FrameTestKit.Decode(new FrameDecoder(512), junk.Concat(frame).ToArray(), new[] { chunk });
            Assert.AreEqual(1, events.Count);
            Assert.AreEqual(DecodeStatus.Frame, events[0].Status);
            Assert.AreEqual(ByteOrder.ReadUInt16(frame, FrameFormat.SequenceOffset), events[0].Sequence);
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [TestMethod]
    public void TruncatedFramesNeverCompleteAndLeaveTheDecoderWaiting()
    {
        Console.WriteLine($"CsCheck seed {Seed}");
        Gen.Select(ValidFrame, Gen.Int[0, 1 << 30]).Sample((frame, cut) =>
        {
            int keep = 2 + cut % (frame.Length - 2);
            var decoder = new FrameDecoder(512);
            var events = FrameTestKit.Decode(decoder, frame.AsSpan(0, keep).ToArray(), new[] { 7 });
            Assert.AreEqual(0, events.Count);
            Assert.IsTrue(decoder.InFrame);
        }, seed: Seed, iter: Iterations, threads: 1);
    }
}

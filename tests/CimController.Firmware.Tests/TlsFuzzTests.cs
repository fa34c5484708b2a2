using System;
using System.Collections.Generic;
using System.Net.Sockets;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Tls;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// The frame fuzz cases of tests/CimController.Protocol.Tests/FrameFuzzTests (random bytes, a corrupted byte inside a
/// frame, a valid frame after noise, frames cut short) sent again, this time through an authenticated TLS session to the
/// served firmware: every reply is a well-formed frame, nothing fuzzed is executed (no pulse reaches the board), and the
/// firmware resynchronises on the next good frame every time, in the same session. Seeded; the seed is printed.
/// </summary>
[TestClass]
public sealed class TlsFuzzTests
{
    private const int Seed = 20261202;
    private const int InterByteTimeoutMs = 60;
    private const int CasesPerKind = 150;
    /// <summary>Silence after which a good frame counts as swallowed by a fuzzed header: well past the inter-byte timeout.</summary>
    private const int QuietMs = 400;

    private static readonly int[] FramingCodes = { ErrorCode.BadCrc, ErrorCode.FrameTooLarge, ErrorCode.Truncated };

    [TestMethod]
    public void MalformedTrafficThroughAnAuthenticatedSessionIsAnsweredAndNeverExecuted()
    {
        Console.WriteLine($"fuzz seed {Seed}, {CasesPerKind} cases per kind, inter-byte timeout {InterByteTimeoutMs} ms");
        var random = new Random(Seed);
        using var f = new NetworkServerFixture(Seed, new TcpLinkPolicy { Tls = TlsTestCredentials.Server() },
            c => { c.InterByteTimeoutMs = InterByteTimeoutMs; c.MaxPayload = 512; });
        var socket = new Socket(f.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(f.EndPoint);
        using var link = TlsHostLink.Connect(socket, TlsTestCredentials.Client(), "localhost", 5000);
        var client = new LinkClient(link);
        Assert.AreEqual(MessageType.Info, client.Exchange(TestFrames.Hello(1, maxPayload: 512)).Type);
        int sequence = 1;
        var errors = new Dictionary<int, int>();
        int frames = 0;
        long bytes = 0;

        var replies = new ReplyReader(link);

        // Sends the fuzzed bytes, then a good Stats frame, and another after each error reply (a fuzzed header may have
        // swallowed the good frame, which then ended BadCrc or Truncated) or quiet spell, until a good frame is answered;
        // then the good frames sent after it are answered too (the firmware is in step again), and the case is done.
        void Fuzz(byte[] bad)
        {
            frames++;
            bytes += bad.Length;
            client.Send(bad);
            long deadline = Environment.TickCount64 + 10_000;
            var pending = new List<int>();
            bool inStep = false;
            while (!inStep || pending.Count > 0)
            {
                Assert.IsTrue(Environment.TickCount64 < deadline, $"the firmware did not resynchronise after {Convert.ToHexString(bad)}");
                if (!inStep)
                {
                    int good = sequence = sequence % 60000 + 2;
                    pending.Add(good);
                    client.Send(TestFrames.Empty(MessageType.Stats, good));
                }
                Reply? reply = replies.TryReceive(inStep ? 5000 : QuietMs);
                if (reply == null) continue;
                int at = reply.Type == MessageType.StatsResult ? pending.IndexOf(reply.Sequence) : -1;
                if (at >= 0)
                {
                    pending.RemoveRange(0, at + 1);
                    inStep = true;
                    continue;
                }
                var error = reply.AsError();
                Assert.IsFalse(inStep, $"an error after the firmware was in step again: {reply}");
                Assert.IsTrue(Array.IndexOf(FramingCodes, error.Code) >= 0, $"fuzzed bytes {Convert.ToHexString(bad)} were answered {reply}");
                errors[error.Code] = errors.GetValueOrDefault(error.Code) + 1;
            }
        }

        for (int i = 0; i < CasesPerKind; i++)
        {
            // Random bytes.
            var junk = new byte[random.Next(0, 401)];
            random.NextBytes(junk);
            Fuzz(junk);
            // One corrupted byte inside a valid frame's checked bytes (length, sequence, type, flags, payload, CRC).
            var frame = RandomFrame(random);
            int at = FrameFormat.LengthOffset + random.Next(frame.Length - FrameFormat.LengthOffset);
            frame[at] ^= (byte)random.Next(1, 256);
            Fuzz(frame);
            // A valid frame after noise without markers: exactly its own reply.
            var noise = new byte[random.Next(0, 101)];
            random.NextBytes(noise);
            for (int k = 0; k < noise.Length; k++) if (noise[k] == FrameFormat.Marker0) noise[k] = 0;
            client.Send(noise);
            int seq = sequence = sequence % 60000 + 2;
            client.Send(TestFrames.Empty(MessageType.Stats, seq));
            var answer = replies.TryReceive(5000);
            Assert.IsNotNull(answer, "no reply to a valid frame after noise");
            Assert.AreEqual(MessageType.StatsResult, answer.Type, answer.ToString());
            Assert.AreEqual(seq, answer.Sequence);
            frames++;
            bytes += noise.Length;
            // A frame cut short: answered Truncated after the inter-byte timeout.
            var whole = RandomFrame(random);
            var cut = whole.AsSpan(0, 2 + random.Next(whole.Length - 2)).ToArray();
            Fuzz(cut);
        }

        ulong pulses = f.Board.Counters.Pulses;
        var stats = f.Host.Controller.Stats;
        Console.WriteLine($"{frames} fuzzed frames ({bytes:N0} bytes) through one {link.Protocol} session; error replies: " +
            string.Join(", ", SortedNames(errors)) + $"; firmware: {stats.CrcErrors} CRC errors, {stats.Truncations} truncations, {stats.SkippedBytes:N0} skipped bytes; pulses applied {pulses}");
        Assert.AreEqual(0ul, pulses, "no fuzzed frame reached the board");
        Assert.AreEqual(1, f.Server.ConnectionsServed, "one session throughout");
    }

    /// <summary>Reads reply frames one at a time with the real decoder; null when none completes within the wait; fails on a corrupt reply or a closed link.</summary>
    private sealed class ReplyReader(IHostLink link)
    {
        private readonly FrameDecoder _decoder = new(FrameFormat.MaxPayloadLimit);
        private readonly byte[] _chunk = new byte[4096];
        private int _start;
        private int _end;

        public Reply? TryReceive(int timeoutMs)
        {
            long deadline = Environment.TickCount64 + timeoutMs;
            while (true)
            {
                while (_start < _end)
                {
                    _start += _decoder.Push(_chunk, _start, _end - _start);
                    if (_decoder.Status == DecodeStatus.Error) Assert.Fail("corrupt reply frame: " + ErrorCode.Name(_decoder.Error));
                    if (_decoder.Status == DecodeStatus.Frame)
                        return new Reply(_decoder.MessageType, _decoder.Sequence, _decoder.Flags, _decoder.Frame.AsSpan(FrameFormat.PayloadOffset, _decoder.PayloadLength).ToArray());
                }
                long left = deadline - Environment.TickCount64;
                if (left <= 0) return null;
                int n = link.Read(_chunk, 0, _chunk.Length, (int)left);
                Assert.IsTrue(n >= 0, "the board closed the session");
                _start = 0;
                _end = n;
            }
        }
    }

    /// <summary>A well-formed frame of a random type with a random payload of 0..300 bytes (as FrameFuzzTests' ValidFrame).</summary>
    private static byte[] RandomFrame(Random random)
    {
        var payload = new byte[random.Next(0, 301)];
        random.NextBytes(payload);
        return TestFrames.Build((byte)random.Next(256), random.Next(65536), w => w.WriteBytes(payload, 0, payload.Length), 512);
    }

    private static IEnumerable<string> SortedNames(Dictionary<int, int> counts)
    {
        var keys = new List<int>(counts.Keys);
        keys.Sort();
        foreach (int k in keys) yield return $"{ErrorCode.Name(k)} {counts[k]}";
    }
}

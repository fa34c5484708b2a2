using System;
using System.Collections.Generic;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>Raw traffic for scenarios the client never sends: frames built with the real encoder, then damaged or cut.</summary>
public static class RawFrames
{
    /// <summary>A sealed frame of <paramref name="type"/> with <paramref name="payload"/> written by the real writer.</summary>
    public static byte[] Build(byte type, int sequence, Action<PayloadWriter>? payload = null)
    {
        var buffer = new byte[FrameFormat.Overhead + FrameFormat.MaxPayloadLimit];
        var w = new PayloadWriter();
        w.Reset(buffer, FrameFormat.PayloadOffset, FrameFormat.MaxPayloadLimit);
        payload?.Invoke(w);
        int n = FrameEncoder.Seal(buffer, 0, w.Length, sequence, type, 0);
        return buffer.AsSpan(0, n).ToArray();
    }

    /// <summary>Writes <paramref name="bytes"/> and reads reply frames until one that is not a progress frame arrives.</summary>
    public static (byte Type, byte[] Payload) Exchange(IHostLink link, byte[] bytes)
    {
        link.Write(bytes, 0, bytes.Length);
        return Receive(link);
    }

    /// <summary>Reads the next final (non-progress) reply frame, waiting at most <paramref name="timeoutMs"/>.</summary>
    public static (byte Type, byte[] Payload) Receive(IHostLink link, int timeoutMs = 30_000)
    {
        var reply = TryReceive(link, timeoutMs);
        if (reply == null) Assert.Fail($"no reply within {timeoutMs} ms");
        return reply.Value;
    }

    /// <summary>The next final reply frame, or null when none completes within <paramref name="timeoutMs"/>.</summary>
    public static (byte Type, byte[] Payload)? TryReceive(IHostLink link, int timeoutMs)
    {
        var decoder = new FrameDecoder(FrameFormat.MaxPayloadLimit);
        var chunk = new byte[1];
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            // one byte at a time: the next frame's bytes stay in the link for the next call
            int n = link.Read(chunk, 0, 1, 100);
            if (n < 0) Assert.Fail("the firmware closed the link");
            if (n == 0) continue;
            decoder.Push(chunk, 0, 1);
            if (decoder.Status == DecodeStatus.Error) Assert.Fail("the firmware sent a bad frame: " + ErrorCode.Name(decoder.Error));
            if (decoder.Status == DecodeStatus.Frame)
            {
                if ((decoder.Flags & FrameFlags.Progress) != 0)
                {
                    decoder.Reset();
                    continue;
                }
                return (decoder.MessageType, decoder.Frame.AsSpan(FrameFormat.PayloadOffset, decoder.PayloadLength).ToArray());
            }
        }
        return null;
    }

    /// <summary>The code of an Error reply (fails on any other reply).</summary>
    public static int ErrorCodeOf((byte Type, byte[] Payload) reply)
    {
        Assert.AreEqual(MessageType.Error, reply.Type, "expected an Error reply, got " + MessageType.Name(reply.Type));
        return reply.Payload[0] | (reply.Payload[1] << 8);
    }

    /// <summary>The frames of a list, concatenated.</summary>
    public static byte[] Concat(IEnumerable<byte[]> frames)
    {
        var all = new List<byte>();
        foreach (byte[] f in frames) all.AddRange(f);
        return all.ToArray();
    }
}

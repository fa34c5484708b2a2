using System;
using System.Collections.Generic;
using CimController.Protocol;

namespace CimController.Protocol.Tests;

/// <summary>Builds frames and feeds decoders for the tests.</summary>
internal static class FrameTestKit
{
    public static byte[] Frame(int sequence, byte type, byte flags, Action<PayloadWriter> writePayload, int capacity = 70000)
    {
        byte[] buffer = new byte[capacity];
        var w = new PayloadWriter();
        w.Reset(buffer, FrameFormat.PayloadOffset, capacity - FrameFormat.Overhead);
        writePayload(w);
        int n = FrameEncoder.Seal(buffer, 0, w.Length, sequence, type, flags);
        return buffer.AsSpan(0, n).ToArray();
    }

    public static byte[] Frame(int sequence, byte type, byte[] payload)
        => Frame(sequence, type, 0, w => w.WriteBytes(payload, 0, payload.Length));

    /// <summary>A decoded frame or decoder error, copied out of the decoder.</summary>
    public sealed record Event(int Status, int Error, int Sequence, byte Type, byte Flags, byte[] Payload);

    /// <summary>Feeds <paramref name="stream"/> in chunks of the given sizes (cycled) and collects every frame and error.</summary>
    public static List<Event> Decode(FrameDecoder decoder, byte[] stream, int[] chunkSizes)
    {
        var events = new List<Event>();
        int pos = 0, chunk = 0;
        while (pos < stream.Length)
        {
            int size = Math.Min(chunkSizes[chunk++ % chunkSizes.Length], stream.Length - pos);
            int end = pos + size;
            while (pos < end)
            {
                pos += decoder.Push(stream, pos, end - pos);
                if (decoder.Status != DecodeStatus.NeedMore)
                {
                    byte[] payload = decoder.Status == DecodeStatus.Frame
                        ? decoder.Frame.AsSpan(FrameFormat.PayloadOffset, decoder.PayloadLength).ToArray()
                        : Array.Empty<byte>();
                    events.Add(new Event(decoder.Status, decoder.Error, decoder.Sequence, decoder.MessageType, decoder.Flags, payload));
                    decoder.Reset();
                }
            }
        }
        return events;
    }

    public static PayloadReader Reader(byte[] payload)
    {
        var r = new PayloadReader();
        r.Reset(payload, 0, payload.Length);
        return r;
    }
}

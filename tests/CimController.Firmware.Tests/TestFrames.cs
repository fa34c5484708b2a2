using System;
using System.Collections.Generic;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>A decoded reply frame.</summary>
public sealed record Reply(byte Type, int Sequence, byte Flags, byte[] Payload)
{
    public PayloadReader Reader()
    {
        var r = new PayloadReader();
        r.Reset(Payload, 0, Payload.Length);
        return r;
    }

    public ErrorMessage AsError()
    {
        Assert.AreEqual(MessageType.Error, Type, $"expected an Error reply, got {MessageType.Name(Type)}");
        var m = new ErrorMessage();
        m.Read(Reader());
        return m;
    }

    public override string ToString() =>
        Type == MessageType.Error ? $"Error seq {Sequence}: {ErrorCode.Name(AsError().Code)} {AsError().Message}" : $"{MessageType.Name(Type)} seq {Sequence} ({Payload.Length} bytes)";
}

/// <summary>Builds request frames with the real encoder and decodes replies with the real decoder.</summary>
public static class TestFrames
{
    public static byte[] Build(byte type, int sequence, Action<PayloadWriter>? payload = null, int maxPayload = FrameFormat.MaxPayloadLimit)
    {
        var buffer = new byte[FrameFormat.Overhead + maxPayload];
        var w = new PayloadWriter();
        w.Reset(buffer, FrameFormat.PayloadOffset, maxPayload);
        payload?.Invoke(w);
        int n = FrameEncoder.Seal(buffer, 0, w.Length, sequence, type, 0);
        return buffer.AsSpan(0, n).ToArray();
    }

    public static byte[] Hello(int sequence, int major = ProtocolVersion.Major, int minor = ProtocolVersion.Minor, int maxPayload = FrameFormat.MaxPayloadLimit) =>
        Build(MessageType.Hello, sequence, w => new HelloMessage { ProtocolMajor = major, ProtocolMinor = minor, MaxPayload = maxPayload, ClientName = "tests" }.Write(w));

    public static byte[] Vmm(int sequence, int tile, int row0, int rows, int col0, int cols, byte[] inputs, int flags = 0, int conversions = 0)
    {
        int vectors = rows == 0 ? 0 : inputs.Length / rows;
        return Build(MessageType.Vmm, sequence, w => new VmmRequest
        {
            Tile = tile, Row0 = row0, Rows = rows, Col0 = col0, Cols = cols, VectorCount = vectors, Flags = flags, Inputs = inputs, Conversions = conversions,
        }.Write(w));
    }

    /// <summary>A Vmm request with an explicit vector count (which need not match the inputs).</summary>
    public static byte[] VmmRaw(int sequence, int tile, int row0, int rows, int col0, int cols, int vectors, int flags, int inputBytes)
    {
        return Build(MessageType.Vmm, sequence, w =>
        {
            w.WriteByte(tile); w.WriteUInt16(row0); w.WriteUInt16(rows); w.WriteUInt16(col0); w.WriteUInt16(cols);
            w.WriteUInt16(vectors); w.WriteByte(flags);
            w.Skip(inputBytes);
        });
    }

    public static byte[] ReadConductance(int sequence, int tile, int row0, int rows, int col0, int cols, int averages) =>
        Build(MessageType.ReadConductance, sequence, w => new RegionRequest { Tile = tile, Row0 = row0, Rows = rows, Col0 = col0, Cols = cols, Averages = averages }.Write(w));

    public static byte[] Empty(byte type, int sequence) => Build(type, sequence);

    /// <summary>Decodes every frame in <paramref name="stream"/>; fails on leftovers or decoder errors.</summary>
    public static List<Reply> DecodeAll(byte[] stream, int length)
    {
        var decoder = new FrameDecoder(FrameFormat.MaxPayloadLimit);
        var replies = new List<Reply>();
        int offset = 0;
        while (offset < length)
        {
            offset += decoder.Push(stream, offset, length - offset);
            if (decoder.Status == DecodeStatus.Frame)
            {
                replies.Add(new Reply(decoder.MessageType, decoder.Sequence, decoder.Flags,
                    decoder.Frame.AsSpan(FrameFormat.PayloadOffset, decoder.PayloadLength).ToArray()));
            }
            else if (decoder.Status == DecodeStatus.Error)
            {
                Assert.Fail($"reply stream has a bad frame: {ErrorCode.Name(decoder.Error)}");
            }
        }
        Assert.IsFalse(decoder.InFrame, "reply stream ends inside a frame");
        Assert.AreEqual(0, decoder.SkippedBytes, "reply stream has bytes outside frames");
        return replies;
    }

    public static Reply Decode(byte[] frame, int length)
    {
        var replies = DecodeAll(frame, length);
        Assert.AreEqual(1, replies.Count, "expected exactly one reply frame");
        return replies[0];
    }
}

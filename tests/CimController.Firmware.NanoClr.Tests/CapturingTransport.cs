using System;
using System.Collections.Generic;
using CimController.Host.Transports;
using CimController.Protocol;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>A transport that keeps every byte it read, so the reply frames of a whole session can be compared afterwards.</summary>
public sealed class CapturingTransport(ITransport inner) : ITransport
{
    private readonly List<byte> _received = new();

    public string Description => inner.Description;

    public bool CanReconnect => inner.CanReconnect;

    public void Open() => inner.Open();

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        int n = inner.Read(buffer, offset, count, timeoutMs);
        for (int i = 0; i < n; i++) _received.Add(buffer[offset + i]);
        return n;
    }

    public void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public void Dispose() => inner.Dispose();

    /// <summary>The final (non-progress) reply frames received: type and payload.</summary>
    public List<(byte Type, byte[] Payload)> Replies()
    {
        byte[] bytes = _received.ToArray();
        var d = new FrameDecoder(FrameFormat.MaxPayloadLimit);
        var frames = new List<(byte, byte[])>();
        int at = 0;
        while (at < bytes.Length)
        {
            at += d.Push(bytes, at, bytes.Length - at);
            if (d.Status == DecodeStatus.Frame && (d.Flags & FrameFlags.Progress) == 0)
                frames.Add((d.MessageType, d.Frame.AsSpan(FrameFormat.PayloadOffset, d.PayloadLength).ToArray()));
        }
        return frames;
    }
}

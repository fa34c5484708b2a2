using System;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>The host side of a link in tests: writes frames, reads one reply frame with a deadline.</summary>
public sealed class LinkClient
{
    private readonly IHostLink _link;
    private readonly FrameDecoder _decoder = new(FrameFormat.MaxPayloadLimit);
    private readonly byte[] _chunk = new byte[4096];
    private byte[] _pending = Array.Empty<byte>();
    private int _pendingOffset;

    public LinkClient(IHostLink link) => _link = link;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public void Send(byte[] frame) => _link.Write(frame, 0, frame.Length);

    public Reply Exchange(byte[] frame)
    {
        Send(frame);
        return Receive();
    }

    /// <summary>Reads until one complete reply frame arrives; fails after <paramref name="timeout"/> or on close.</summary>
    public Reply Receive(TimeSpan? timeout = null)
    {
        long deadline = Environment.TickCount64 + (long)(timeout ?? DefaultTimeout).TotalMilliseconds;
        while (true)
        {
            while (_pendingOffset < _pending.Length)
            {
                _pendingOffset += _decoder.Push(_pending, _pendingOffset, _pending.Length - _pendingOffset);
                if (_decoder.Status == DecodeStatus.Frame)
                    return new Reply(_decoder.MessageType, _decoder.Sequence, _decoder.Flags,
                        _decoder.Frame.AsSpan(FrameFormat.PayloadOffset, _decoder.PayloadLength).ToArray());
                if (_decoder.Status == DecodeStatus.Error)
                    Assert.Fail("bad reply frame: " + ErrorCode.Name(_decoder.Error));
            }
            long left = deadline - Environment.TickCount64;
            if (left <= 0) Assert.Fail("no reply within the timeout");
            int n = _link.Read(_chunk, 0, _chunk.Length, (int)Math.Min(left, 200));
            if (n < 0) Assert.Fail("link closed before a reply arrived");
            _pending = _chunk.AsSpan(0, n).ToArray();
            _pendingOffset = 0;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Threading;
using CimController.Host.Transports;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Host.Tests;

/// <summary>
/// A fake transport whose far end is a script: every frame the client writes is decoded with the real
/// <see cref="FrameDecoder"/> and handed to <see cref="Respond"/>, whose frames (built with the real
/// encoder) the client then reads. Reads wait on a signal bounded by the client's timeout, never a sleep.
/// </summary>
internal sealed class ScriptedPeer : ITransport
{
    private readonly FrameDecoder _decoder = new FrameDecoder(FrameFormat.MaxPayloadLimit);
    private readonly Queue<byte> _toClient = new Queue<byte>();
    private readonly object _gate = new object();
    private readonly ManualResetEventSlim _available = new ManualResetEventSlim(false);

    /// <summary>Called with (type, sequence, payload) of every request; returns the frames to send back (none = silence).</summary>
    public Func<byte, int, byte[], IEnumerable<byte[]>> Respond { get; set; } = (_, _, _) => Array.Empty<byte[]>();

    public string Description => "scripted-peer";

    public bool CanReconnect => false;

    public int Requests { get; private set; }

    public void Open()
    {
    }

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (!_available.Wait(timeoutMs))
        {
            return 0;
        }
        lock (_gate)
        {
            int n = 0;
            while (n < count && _toClient.Count > 0)
            {
                buffer[offset + n++] = _toClient.Dequeue();
            }
            if (_toClient.Count == 0)
            {
                _available.Reset();
            }
            return n;
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        int end = offset + count;
        while (offset < end)
        {
            offset += _decoder.Push(buffer, offset, end - offset);
            if (_decoder.Status != DecodeStatus.Frame)
            {
                continue;
            }
            Requests++;
            byte[] payload = new byte[_decoder.PayloadLength];
            Array.Copy(_decoder.Frame, FrameFormat.PayloadOffset, payload, 0, payload.Length);
            foreach (byte[] frame in Respond(_decoder.MessageType, _decoder.Sequence, payload))
            {
                lock (_gate)
                {
                    foreach (byte b in frame)
                    {
                        _toClient.Enqueue(b);
                    }
                    _available.Set();
                }
            }
        }
    }

    public void Dispose()
    {
    }

    /// <summary>A sealed reply frame built with the shared encoder.</summary>
    public static byte[] Frame(int sequence, byte type, Action<PayloadWriter> write)
    {
        byte[] buffer = new byte[FrameFormat.Overhead + 4096];
        var w = new PayloadWriter();
        w.Reset(buffer, FrameFormat.PayloadOffset, 4096);
        write(w);
        int n = FrameEncoder.Seal(buffer, 0, w.Length, sequence, type, FrameFlags.Reply);
        return buffer.AsSpan(0, n).ToArray();
    }

    /// <summary>An Info reply for a 4x64x64 board with an 8-bit, 70 µA ADC.</summary>
    public static byte[] Info(int sequence, int major = ProtocolVersion.Major, int minor = ProtocolVersion.Minor)
    {
        var info = new InfoMessage
        {
            ProtocolMajor = major,
            ProtocolMinor = minor,
            BoardKind = "scripted",
            ProfileName = "none",
            Tiles = 4,
            Rows = 64,
            Columns = 64,
            AdcBits = 8,
            AdcFullScaleNanoamps = 70000,
            MaxPayload = 4096,
            ClockKilohertz = 100000,
        };
        return Frame(sequence, MessageType.Info, info.Write);
    }

    /// <summary>A Stats reply with <see cref="StatsMessage.VmmCommands"/> set to <paramref name="marker"/>.</summary>
    public static byte[] Stats(int sequence, uint marker)
    {
        return Frame(sequence, MessageType.StatsResult, new StatsMessage { VmmCommands = marker }.Write);
    }
}

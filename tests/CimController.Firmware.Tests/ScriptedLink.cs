using System;
using System.Collections.Generic;

namespace CimController.Firmware.Tests;

/// <summary>
/// A single-threaded fake host link: plays a script of byte chunks and silences to the firmware (a silence
/// makes one Read return 0 and moves the <see cref="FakeClock"/> by its length), then reads as closed (-1).
/// Everything the firmware writes is collected. No real time passes, so timeouts are deterministic.
/// </summary>
public sealed class ScriptedLink : IHostLink
{
    private readonly FakeClock _clock;
    private readonly Queue<(byte[]? Bytes, long SilenceMs)> _script = new();
    private readonly List<byte> _written = new();
    private byte[]? _current;
    private int _currentOffset;

    public ScriptedLink(FakeClock clock)
    {
        _clock = clock;
    }

    /// <summary>Largest chunk one Read returns (to exercise partial reads).</summary>
    public int MaxChunk { get; set; } = int.MaxValue;

    /// <summary>When set, writes throw <see cref="System.IO.IOException"/>.</summary>
    public bool FailWrites { get; set; }

    public ScriptedLink Send(byte[] bytes)
    {
        _script.Enqueue((bytes, 0));
        return this;
    }

    public ScriptedLink Silence(long ms)
    {
        _script.Enqueue((null, ms));
        return this;
    }

    public byte[] Written => _written.ToArray();

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        while (_current == null || _currentOffset == _current.Length)
        {
            _current = null;
            if (_script.Count == 0) return -1;
            var step = _script.Dequeue();
            if (step.Bytes == null)
            {
                _clock.Advance(step.SilenceMs);
                return 0;
            }
            _current = step.Bytes;
            _currentOffset = 0;
        }
        int n = Math.Min(Math.Min(count, MaxChunk), _current.Length - _currentOffset);
        Array.Copy(_current, _currentOffset, buffer, offset, n);
        _currentOffset += n;
        return n;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        if (FailWrites) throw new System.IO.IOException("scripted write failure");
        for (int i = 0; i < count; i++) _written.Add(buffer[offset + i]);
    }
}

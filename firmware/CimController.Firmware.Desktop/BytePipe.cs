using System;
using System.Threading;

namespace CimController.Firmware.Desktop;

/// <summary>
/// A bounded one-way byte pipe: writers block while it is full, readers block up to a timeout while it
/// is empty. After <see cref="Close"/> readers drain what is left and then see end of stream, writers fail.
/// </summary>
internal sealed class BytePipe
{
    private readonly object _gate = new();
    private readonly byte[] _ring;
    private int _head;
    private int _count;
    private bool _closed;

    public BytePipe(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new byte[capacity];
    }

    /// <summary>Reads up to <paramref name="count"/> bytes: &gt; 0 read, 0 on timeout, -1 when closed and drained.</summary>
    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + count, buffer.Length);
        if (count == 0) return 0;
        lock (_gate)
        {
            long deadline = Environment.TickCount64 + Math.Max(0, timeoutMs);
            while (_count == 0)
            {
                if (_closed) return -1;
                long left = deadline - Environment.TickCount64;
                if (left <= 0) return 0;
                Monitor.Wait(_gate, (int)Math.Min(left, int.MaxValue));
            }
            int n = Math.Min(count, _count);
            int first = Math.Min(n, _ring.Length - _head);
            Array.Copy(_ring, _head, buffer, offset, first);
            Array.Copy(_ring, 0, buffer, offset + first, n - first);
            _head = (_head + n) % _ring.Length;
            _count -= n;
            Monitor.PulseAll(_gate);
            return n;
        }
    }

    /// <summary>Writes all bytes, blocking while full; throws <see cref="System.IO.IOException"/> once closed.</summary>
    public void Write(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + count, buffer.Length);
        lock (_gate)
        {
            while (count > 0)
            {
                if (_closed) throw new System.IO.IOException("the in-process link is closed");
                if (_count == _ring.Length)
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                int tail = (_head + _count) % _ring.Length;
                int n = Math.Min(count, Math.Min(_ring.Length - _count, _ring.Length - tail));
                Array.Copy(buffer, offset, _ring, tail, n);
                _count += n;
                offset += n;
                count -= n;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Ends the stream: blocked writers fail, readers get -1 once drained.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    public bool IsClosed
    {
        get { lock (_gate) return _closed; }
    }
}

using System;
using System.IO;
using System.Threading.Tasks;

namespace CimController.Links.Tls;

/// <summary>
/// Reads a stream (an SslStream) with a timeout per call without ever cancelling a read: one read into an internal
/// buffer stays outstanding across calls, and a call that times out leaves it running for the next one. A TLS stream
/// must not have a read aborted part-way through a record, and its socket's readiness says nothing about decrypted
/// bytes it already holds, so neither a cancelled read nor a socket poll would do.
/// </summary>
public sealed class TimedStreamReader
{
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private Task<int>? _pending;
    private bool _closed;

    /// <summary>Reads <paramref name="stream"/> in blocks of up to <paramref name="bufferBytes"/> (one TLS record is at most 16 KB).</summary>
    public TimedStreamReader(Stream stream, int bufferBytes = 16384)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _buffer = new byte[bufferBytes];
    }

    /// <summary>Why the stream ended, when a read failed (TLS alert, bad record, reset); null after an orderly close or while open.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>
    /// Up to <paramref name="count"/> bytes: the number read (&gt; 0), 0 when nothing arrived within
    /// <paramref name="timeoutMs"/>, -1 once the stream has ended (closed by the peer, or failed: <see cref="Failure"/>).
    /// </summary>
    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (count == 0)
        {
            return 0;
        }
        if (_start == _end)
        {
            if (_closed)
            {
                return -1;
            }
            _pending ??= _stream.ReadAsync(_buffer, 0, _buffer.Length);
            int n;
            try
            {
                if (!_pending.Wait(Math.Max(0, timeoutMs)))
                {
                    return 0;
                }
                n = _pending.Result;
            }
            catch (AggregateException e)
            {
                Failure = e.InnerException ?? e;
                n = 0;
            }
            _pending = null;
            if (n <= 0)
            {
                _closed = true;
                return -1;
            }
            _start = 0;
            _end = n;
        }
        int take = Math.Min(count, _end - _start);
        Array.Copy(_buffer, _start, buffer, offset, take);
        _start += take;
        return take;
    }

    /// <summary>Call after disposing the stream: observes the outstanding read's end so its fault is not reported as unobserved.</summary>
    public void Abandon()
    {
        _closed = true;
        _pending?.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        _pending = null;
    }
}

using System;
using System.Net.Sockets;

namespace CimController.Firmware.Desktop.Nspi;

/// <summary>
/// Buffered reads of NSPI requests from one connection. The nanoCLR sends a request (header and write data) with
/// one send() and waits for the reply, so one receive usually brings the whole request; bytes beyond the current
/// request (a client that does not wait) are kept for the next one. The buffer grows to at most one largest request
/// (<see cref="NspiCodec.RequestHeaderLength"/> + <see cref="NspiBoardServer.MaxTransferBytes"/>) and is reused.
/// </summary>
internal sealed class NspiRequestReader
{
    private const int InitialBytes = 8192;
    private const int MaxBytes = NspiCodec.RequestHeaderLength + NspiBoardServer.MaxTransferBytes;

    private byte[] _buffer = new byte[InitialBytes];
    private int _start;
    private int _end;

    /// <summary>Forgets buffered bytes (a new connection).</summary>
    public void Reset()
    {
        _start = 0;
        _end = 0;
    }

    /// <summary>The first <paramref name="count"/> buffered bytes (after <see cref="Require"/> made them available).</summary>
    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    /// <summary>Drops the first <paramref name="count"/> buffered bytes.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = 0;
            _end = 0;
        }
    }

    /// <summary>
    /// Receives until <paramref name="count"/> bytes are buffered. Before the first byte of a request the wait is
    /// unbounded (an app may not touch SPI for hours); once the request has begun (<paramref name="deadline"/> set here,
    /// Environment.TickCount64 ms) its remaining bytes must come before the deadline. Null when the bytes are there,
    /// else why the connection ends.
    /// </summary>
    /// <exception cref="SocketException">The connection broke.</exception>
    public string? Require(Socket connection, int count, TimeSpan requestTimeout, ref long deadline)
    {
        if (count > MaxBytes)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"at most {MaxBytes} bytes are buffered");
        if (_buffer.Length - _start < count)
        {
            // Move the pending bytes to the front, and grow (doubling, up to MaxBytes) when even that is not enough.
            byte[] target = _buffer.Length < count ? new byte[Math.Min(MaxBytes, Math.Max(count, 2 * _buffer.Length))] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
            _end -= _start;
            _start = 0;
            _buffer = target;
        }
        while (_end - _start < count)
        {
            bool begun = _end > _start || deadline != 0;
            if (begun)
            {
                if (deadline == 0) deadline = Environment.TickCount64 + (long)requestTimeout.TotalMilliseconds;
                long left = deadline - Environment.TickCount64;
                if (left <= 0 || !connection.Poll((int)Math.Min(left * 1000, int.MaxValue), SelectMode.SelectRead))
                    return $"a request stopped at {_end - _start} of {count} bytes for {requestTimeout.TotalSeconds:0} s";
            }
            int n = connection.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
            if (n == 0)
                return begun ? $"the client closed it mid-request ({_end - _start} of {count} bytes)" : "the client closed it";
            _end += n;
            if (deadline == 0) deadline = Environment.TickCount64 + (long)requestTimeout.TotalMilliseconds;
        }
        return null;
    }
}

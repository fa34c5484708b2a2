using System;
using System.Net;
using System.Net.Sockets;

namespace CimController.Links;

/// <summary>
/// The link over a connected plain TCP socket. Reads return bytes already received first and otherwise wait with
/// <see cref="Socket.Poll(int, SelectMode)"/> up to their timeout (a receive takes up to <see cref="ReceiveBufferBytes"/>); an orderly shutdown or a reset by the peer reads as -1; a send that the peer does not take within the send
/// timeout, or that fails, throws <see cref="System.IO.IOException"/>. Owns and disposes the socket. The host's TCP
/// transport uses it as it is; the firmware's desktop servers derive their host link from it.
/// </summary>
public class TcpLink : ISocketLink
{
    /// <summary>Bytes taken from the socket per receive: a reader asking for less (the firmware asks 512 at a time) is served
    /// from this buffer, so a 64 KB frame costs one or two system calls instead of 128.</summary>
    public const int ReceiveBufferBytes = 65536;

    private readonly Socket _socket;
    private readonly int _sendTimeoutMs;
    private readonly byte[] _received = new byte[ReceiveBufferBytes];
    private int _receivedStart;
    private int _receivedEnd;
    private int _disposed;

    /// <summary>
    /// Wraps an accepted or connected socket; sends give up after <paramref name="sendTimeoutMs"/> (0: never). Nagle is
    /// switched off: frames are small and latency matters.
    /// </summary>
    public TcpLink(Socket socket, int sendTimeoutMs = 0)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _sendTimeoutMs = Math.Max(0, sendTimeoutMs);
        _socket.NoDelay = true;
        _socket.SendTimeout = _sendTimeoutMs;
    }

    /// <summary>The socket (tests tune its buffers).</summary>
    public Socket Socket => _socket;

    /// <inheritdoc />
    public EndPoint? RemoteEndPoint
    {
        get
        {
            try { return _socket.RemoteEndPoint; }
            catch (ObjectDisposedException) { return null; }
            catch (SocketException) { return null; }
        }
    }

    /// <inheritdoc />
    public bool SendTimedOut { get; private set; }

    /// <inheritdoc />
    public string? EndReason { get; private set; }

    /// <summary>True for the errors a blocking send reports when its timeout passed.</summary>
    public static bool IsSendTimeout(SocketError error) => error is SocketError.TimedOut or SocketError.WouldBlock;

    /// <inheritdoc />
    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (count == 0) return 0;
        if (_receivedStart < _receivedEnd)
            return TakeReceived(buffer, offset, count);
        try
        {
            int micros = timeoutMs >= int.MaxValue / 1000 ? int.MaxValue : Math.Max(0, timeoutMs) * 1000;
            if (!_socket.Poll(micros, SelectMode.SelectRead))
                return 0;
            int n = _socket.Receive(_received, 0, _received.Length, SocketFlags.None);
            if (n == 0) return -1;
            _receivedStart = 0;
            _receivedEnd = n;
            return TakeReceived(buffer, offset, count);
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock || e.SocketErrorCode == SocketError.TimedOut)
        {
            return 0;
        }
        catch (SocketException e)
        {
            EndReason = e.Message;
            return -1;
        }
    }

    /// <summary>Up to <paramref name="count"/> bytes received earlier, in order.</summary>
    private int TakeReceived(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(count, _receivedEnd - _receivedStart);
        Buffer.BlockCopy(_received, _receivedStart, buffer, offset, n);
        _receivedStart += n;
        return n;
    }

    /// <inheritdoc />
    public void Write(byte[] buffer, int offset, int count)
    {
        int total = count;
        try
        {
            while (count > 0)
            {
                int n = _socket.Send(buffer, offset, count, SocketFlags.None);
                offset += n;
                count -= n;
            }
        }
        catch (SocketException e) when (IsSendTimeout(e.SocketErrorCode))
        {
            SendTimedOut = true;
            throw new System.IO.IOException("TCP link: " + total + " bytes could not be sent within " + _sendTimeoutMs + " ms (the peer is not reading)", e);
        }
        catch (SocketException e)
        {
            throw new System.IO.IOException("TCP link send failed: " + e.Message, e);
        }
        catch (ObjectDisposedException e)
        {
            throw new System.IO.IOException("TCP link is closed", e);
        }
    }

    /// <summary>Shuts the connection down and releases the socket; a blocked <see cref="Read"/> returns -1.</summary>
    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try { _socket.Shutdown(SocketShutdown.Both); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        _socket.Dispose();
    }
}

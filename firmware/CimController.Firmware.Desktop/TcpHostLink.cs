using System;
using System.Net;
using System.Net.Sockets;

namespace CimController.Firmware.Desktop;

/// <summary>
/// The host link over a connected TCP socket. Reads wait with <see cref="Socket.Poll(int, SelectMode)"/>
/// up to their timeout; an orderly shutdown or a reset by the peer reads as -1; a failed send throws
/// <see cref="System.IO.IOException"/>. Owns and disposes the socket.
/// </summary>
public sealed class TcpHostLink : IHostLink, IDisposable
{
    private readonly Socket _socket;
    private int _disposed;

    /// <summary>Wraps an accepted or connected socket (Nagle is switched off: frames are small and latency matters).</summary>
    public TcpHostLink(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _socket.NoDelay = true;
    }

    /// <summary>Connects to <paramref name="endpoint"/>.</summary>
    public static TcpHostLink Connect(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(endpoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new TcpHostLink(socket);
    }

    /// <summary>The peer's address.</summary>
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
    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (count == 0) return 0;
        try
        {
            int micros = timeoutMs >= int.MaxValue / 1000 ? int.MaxValue : Math.Max(0, timeoutMs) * 1000;
            if (!_socket.Poll(micros, SelectMode.SelectRead))
                return 0;
            int n = _socket.Receive(buffer, offset, count, SocketFlags.None);
            return n == 0 ? -1 : n;
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock || e.SocketErrorCode == SocketError.TimedOut)
        {
            return 0;
        }
        catch (SocketException)
        {
            return -1;
        }
    }

    /// <inheritdoc />
    public void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            while (count > 0)
            {
                int n = _socket.Send(buffer, offset, count, SocketFlags.None);
                offset += n;
                count -= n;
            }
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

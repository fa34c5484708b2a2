using System;
using System.Net;
using System.Net.Sockets;
using CimController.Links;

namespace CimController.Firmware.Desktop;

/// <summary>
/// The firmware's host link over a connected plain TCP socket: <see cref="TcpLink"/> (bounded reads, send timeout, owns
/// the socket) as the <see cref="IHostLink"/> the controller serves.
/// </summary>
public sealed class TcpHostLink : TcpLink, INetworkLink
{
    /// <summary>Wraps an accepted or connected socket; sends give up after <paramref name="sendTimeoutMs"/> (0: never).</summary>
    public TcpHostLink(Socket socket, int sendTimeoutMs = 0) : base(socket, sendTimeoutMs)
    {
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
}

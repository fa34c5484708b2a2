using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace CimController.Host.Tests;

/// <summary>A loopback TCP proxy in front of a server whose connections the test can cut, as a dropped cable or Wi-Fi would.</summary>
internal sealed class DroppableTcpProxy : IDisposable
{
    private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly List<Socket> _open = new List<Socket>();
    private readonly Thread _acceptor;

    public DroppableTcpProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _acceptor = new Thread(AcceptLoop) { IsBackground = true, Name = "test proxy" };
        _acceptor.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Closes every connection through the proxy; new ones are still accepted.</summary>
    public void DropAll()
    {
        lock (_open)
        {
            foreach (Socket s in _open)
            {
                s.Dispose();
            }
            _open.Clear();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        DropAll();
        _acceptor.Join(TimeSpan.FromSeconds(5));
    }

    private void AcceptLoop()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.AcceptSocket();
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException)
            {
                return;
            }
            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                upstream.Connect(_target);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }
            lock (_open)
            {
                _open.Add(client);
                _open.Add(upstream);
            }
            Pump(client, upstream, fromServer: false);
            Pump(upstream, client, fromServer: true);
        }
    }

    private int _dropOnReplyType = -1;

    /// <summary>Server frames of an armed type that were cut instead of forwarded.</summary>
    public int RepliesCut { get; private set; }

    /// <summary>
    /// Arms a one-shot drop: the next server frame of message type <paramref name="type"/> is not forwarded and every
    /// connection is closed instead, as if the link went down after the server acted on the request but before its reply
    /// arrived.
    /// </summary>
    public void DropOnNextReply(byte type) => Volatile.Write(ref _dropOnReplyType, type);

    private void Pump(Socket from, Socket to, bool fromServer)
    {
        new Thread(() =>
        {
            byte[] buffer = new byte[65536];
            var frames = new FrameTracker();
            try
            {
                int n;
                while ((n = from.Receive(buffer)) > 0)
                {
                    int armed = Volatile.Read(ref _dropOnReplyType);
                    if (fromServer && armed >= 0 && frames.StartsFrameOfType(buffer, n, (byte)armed))
                    {
                        Volatile.Write(ref _dropOnReplyType, -1);
                        RepliesCut++;
                        DropAll();
                        break;
                    }
                    to.Send(buffer, 0, n, SocketFlags.None);
                }
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
            }
            from.Dispose();
            to.Dispose();
        }) { IsBackground = true, Name = "test proxy pump" }.Start();
    }

    /// <summary>Follows frame boundaries in one direction of the stream (marker, u16 payload length at offset 2, type at 6).</summary>
    private sealed class FrameTracker
    {
        private readonly byte[] _header = new byte[8];
        private int _headerBytes;
        private long _remaining; // bytes of the current frame still to come after its header

        /// <summary>Feeds <paramref name="n"/> bytes; true when a frame of <paramref name="type"/> begins in them.</summary>
        public bool StartsFrameOfType(byte[] data, int n, byte type)
        {
            bool found = false;
            int i = 0;
            while (i < n)
            {
                if (_remaining > 0)
                {
                    int skip = (int)Math.Min(_remaining, n - i);
                    _remaining -= skip;
                    i += skip;
                    continue;
                }
                _header[_headerBytes++] = data[i++];
                if (_headerBytes == _header.Length)
                {
                    found |= _header[0] == 0xC1 && _header[1] == 0x3A && _header[6] == type;
                    _remaining = (_header[2] | (_header[3] << 8)) + 4; // payload + CRC
                    _headerBytes = 0;
                }
            }
            return found;
        }
    }
}

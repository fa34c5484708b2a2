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
            Pump(client, upstream);
            Pump(upstream, client);
        }
    }

    private static void Pump(Socket from, Socket to)
    {
        new Thread(() =>
        {
            byte[] buffer = new byte[65536];
            try
            {
                int n;
                while ((n = from.Receive(buffer)) > 0)
                {
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
}

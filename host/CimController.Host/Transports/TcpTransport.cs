using System;
using System.Net.Sockets;
using System.Threading;

namespace CimController.Host.Transports
{
    /// <summary>A TCP connection to a firmware runner (<c>cimctl emulate</c>, a Raspberry Pi runner, an ESP32 over WiFi). Reconnects by dialling again.</summary>
    public sealed class TcpTransport : ITransport
    {
        private readonly string _host;
        private readonly int _port;
        private readonly int _connectTimeoutMs;
        private Socket? _socket;

        /// <summary>A transport to <paramref name="host"/>:<paramref name="port"/>; <see cref="Open"/> dials, waiting at most <paramref name="connectTimeoutMs"/>.</summary>
        public TcpTransport(string host, int port, int connectTimeoutMs = 5000)
        {
            if (string.IsNullOrWhiteSpace(host))
            {
                throw new ArgumentException("host is empty; give a name or address such as 127.0.0.1", nameof(host));
            }
            if (port < 1 || port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, "TCP port must be 1..65535");
            }
            _host = host;
            _port = port;
            _connectTimeoutMs = connectTimeoutMs;
        }

        /// <inheritdoc />
        public string Description => "tcp://" + (_host.Contains(':') ? "[" + _host + "]" : _host) + ":" + _port;

        /// <inheritdoc />
        public bool CanReconnect => true;

        /// <inheritdoc />
        public void Open()
        {
            CloseSocket();
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var cts = new CancellationTokenSource(_connectTimeoutMs);
                socket.ConnectAsync(_host, _port, cts.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                throw new TransportException("could not connect to " + Description + " within " + _connectTimeoutMs + " ms");
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new TransportException("could not connect to " + Description + ": " + e.Message, e);
            }
            _socket = socket;
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            Socket? socket = _socket;
            if (socket == null)
            {
                return -1;
            }
            try
            {
                if (!socket.Poll(TimeSpan.FromMilliseconds(Math.Max(0, timeoutMs)), SelectMode.SelectRead))
                {
                    return 0;
                }
                int n = socket.Receive(buffer, offset, count, SocketFlags.None);
                return n == 0 ? -1 : n;
            }
            catch (SocketException)
            {
                return -1;
            }
            catch (ObjectDisposedException)
            {
                return -1;
            }
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            Socket socket = _socket ?? throw new TransportException("the link to " + Description + " is not open");
            try
            {
                while (count > 0)
                {
                    int n = socket.Send(buffer, offset, count, SocketFlags.None);
                    offset += n;
                    count -= n;
                }
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                throw new TransportException("the link to " + Description + " closed while sending: " + e.Message, e);
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            CloseSocket();
        }

        private void CloseSocket()
        {
            Socket? socket = _socket;
            _socket = null;
            socket?.Dispose();
        }
    }
}

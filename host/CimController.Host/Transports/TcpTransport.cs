using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using CimController.Links;
using CimController.Links.Tls;

namespace CimController.Host.Transports
{
    /// <summary>
    /// A TCP connection to a firmware runner (<c>cimctl emulate</c>, a Raspberry Pi runner, an ESP32 over WiFi), plain or
    /// TLS: with <see cref="TlsClientCredentials"/> the host presents its certificate and accepts only the board whose
    /// certificate has the pinned fingerprint. The bytes go through the links the firmware's servers
    /// build on too (<see cref="TcpLink"/>, <see cref="TlsLink"/>). Reconnects by dialling again.
    /// </summary>
    public sealed class TcpTransport : ITransport
    {
        private readonly string _host;
        private readonly int _port;
        private readonly int _connectTimeoutMs;
        private readonly TlsClientCredentials? _tls;
        private ISocketLink? _link;
        private bool _answered;

        /// <summary>
        /// A transport to <paramref name="host"/>:<paramref name="port"/>; <see cref="Open"/> dials and, with
        /// <paramref name="tls"/> (owned: disposed with the transport), runs the TLS handshake, each within <paramref name="connectTimeoutMs"/>.
        /// </summary>
        public TcpTransport(string host, int port, int connectTimeoutMs = 5000, TlsClientCredentials? tls = null)
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
            _tls = tls;
        }

        /// <summary>
        /// The transport for a <c>tls://</c> address: reads the host's certificate file and pins the board's fingerprint.
        /// </summary>
        /// <exception cref="FormatException">The certificate file is missing or not a .pfx with a key; the message names it.</exception>
        public static TcpTransport ForTls(BoardAddress address, int connectTimeoutMs = 5000)
        {
            ArgumentNullException.ThrowIfNull(address);
            TlsClientCredentials tls;
            try
            {
                tls = TlsClientCredentials.Load(address.CertificatePath, address.Fingerprint);
            }
            catch (IOException e)
            {
                throw new FormatException("board address " + address + ": " + e.Message, e);
            }
            return new TcpTransport(address.Host, address.Port, connectTimeoutMs, tls);
        }

        /// <inheritdoc />
        public string Description => (_tls == null ? "tcp://" : "tls://") + (_host.Contains(':') ? "[" + _host + "]" : _host) + ":" + _port;

        /// <inheritdoc />
        public bool CanReconnect => true;

        /// <summary>The negotiated TLS protocol and cipher suite, or null for plain TCP or before <see cref="Open"/>.</summary>
        public string? TlsProtocol => (_link as TlsLink)?.Protocol;

        /// <inheritdoc />
        public void Open()
        {
            CloseLink();
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
            _answered = false;
            if (_tls == null)
            {
                _link = new TcpLink(socket);
                return;
            }
            try
            {
                _link = TlsLink.Connect(socket, _tls, _host, _connectTimeoutMs);
            }
            catch (TlsRefusedException e)
            {
                string hint = e.Message.StartsWith("no handshake", StringComparison.Ordinal)
                    ? " (a board that serves plain TCP never answers a TLS handshake: is it cimfw without --tls-cert? then use tcp://)"
                    : "";
                throw new TransportException("TLS with " + Description + ": " + e.Message + hint, e);
            }
        }

        /// <inheritdoc />
        /// <exception cref="TransportException">A TLS board ended a new session before its first reply: it did not admit this host.</exception>
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            ISocketLink? link = _link;
            if (link == null)
            {
                return -1;
            }
            int n = link.Read(buffer, offset, count, Math.Max(0, timeoutMs));
            if (n > 0)
            {
                _answered = true;
            }
            else if (n < 0 && _tls != null && !_answered)
            {
                // A board that admits a host answers every frame (even Busy); one that closes the session before any
                // reply has refused this host's certificate after the handshake (TLS 1.3 checks it last).
                string why = link.EndReason == null ? "" : " (" + link.EndReason + ")";
                throw new TransportException("the board at " + Description + " ended the TLS session before answering" + why +
                    ": it did not admit this host's certificate SHA-256 " + CertificateFingerprint.Of(_tls.HostCertificate) +
                    " (or it stopped at that moment); list it in the board's --tls-clients file (cimctl tls host prints the line)");
            }
            return n;
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            ISocketLink link = _link ?? throw new TransportException("the link to " + Description + " is not open");
            try
            {
                link.Write(buffer, offset, count);
            }
            catch (IOException e)
            {
                throw new TransportException("the link to " + Description + " closed while sending: " + e.Message, e);
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            CloseLink();
            _tls?.Dispose();
        }

        private void CloseLink()
        {
            ISocketLink? link = _link;
            _link = null;
            link?.Dispose();
        }
    }
}

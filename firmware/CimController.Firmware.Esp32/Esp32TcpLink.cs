using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace CimController.Firmware.Esp32
{
    /// <summary>
    /// <see cref="IHostLink"/> over one accepted TCP connection (nanoFramework System.Net), plain or TLS. TLS is
    /// nanoFramework's <see cref="SslStream"/> (native mbedTLS): the board presents its certificate and requires a host
    /// certificate that verifies against the device's CA store, into which <c>Program</c> loads exactly the admitted
    /// hosts' self-signed certificates (hosts.pem of <c>cimctl tls init</c>), so the store is the allow-list. Reads wait
    /// at most their timeout (plain: poll Socket.Available; TLS: the socket's receive timeout, which SslStream.Read
    /// honours); writes give up after the send timeout. A connection that has not finished its TLS handshake within the
    /// handshake timeout is closed by a timer (SecureAccept itself waits without limit).
    /// </summary>
    public sealed class Esp32TcpLink : IHostLink
    {
        private const int PollSleepMs = 1;

        private readonly Socket _socket;
        private readonly SslStream _ssl;
        private readonly string _peer;
        private int _receiveTimeoutMs = -1;

        private Esp32TcpLink(Socket socket, SslStream ssl, string peer)
        {
            _socket = socket;
            _ssl = ssl;
            _peer = peer;
        }

        /// <summary>The peer's address, for logs and the Busy message.</summary>
        public string Peer { get { return _peer; } }

        /// <summary>True when a write gave up because the host did not take the bytes within the send timeout.</summary>
        public bool SendTimedOut { get; private set; }

        /// <summary>Binds and listens on <paramref name="port"/> (the WiFi interface: the ESP32 station has one address).</summary>
        public static Socket Listen(int port)
        {
            Socket listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Any, port));
            listener.Listen(2);
            return listener;
        }

        /// <summary>
        /// Turns an accepted socket into a link: plain when <paramref name="boardCertificate"/> is null, else a TLS session
        /// whose handshake must finish within <paramref name="handshakeTimeoutMs"/> and whose host must present a
        /// certificate from the device's CA store. Sends time out after <paramref name="sendTimeoutMs"/>. Returns null
        /// (after closing the socket) when the session could not be established; <paramref name="refusal"/> says why.
        /// </summary>
        public static Esp32TcpLink Open(Socket socket, X509Certificate boardCertificate, int handshakeTimeoutMs, int sendTimeoutMs, out string refusal)
        {
            refusal = "";
            string peer = PeerOf(socket);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
            socket.SendTimeout = sendTimeoutMs;
            if (boardCertificate == null)
            {
                return new Esp32TcpLink(socket, null, peer);
            }
            SslStream ssl = new SslStream(socket);
            // CertificateRequired is mbedTLS's VERIFY_REQUIRED: no host certificate, or one that is not in the CA store,
            // fails the handshake. (AuthenticateAsServer's clientCertificateRequired overload maps to VerifyClientOnce,
            // which mbedTLS does not enforce, so it is not used.)
            ssl.SslVerification = SslVerification.CertificateRequired;
            Timer watchdog = new Timer(CloseSocket, socket, handshakeTimeoutMs, Timeout.Infinite);
            try
            {
                ssl.AuthenticateAsServer(boardCertificate, SslProtocols.Tls12 | SslProtocols.Tls13);
                watchdog.Dispose();
                return new Esp32TcpLink(socket, ssl, peer);
            }
            catch (System.Exception e)
            {
                watchdog.Dispose();
                refusal = "TLS handshake with " + peer + " failed (no admitted host certificate, not TLS, or no handshake within " +
                    handshakeTimeoutMs.ToString() + " ms): " + e.Message;
                ssl.Dispose();
                return null;
            }
        }

        /// <summary>Closes the connection.</summary>
        public void Close()
        {
            try
            {
                if (_ssl != null)
                {
                    _ssl.Dispose();
                }
                else
                {
                    _socket.Close();
                }
            }
            catch (System.Exception)
            {
                // Already closed by the peer or the handshake timer: nothing left to release.
            }
        }

        /// <summary>True when the peer has closed its end (readable with nothing to read), so its session is about to end.</summary>
        public bool PeerClosed()
        {
            try
            {
                return _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
            }
            catch (System.Exception)
            {
                return true;
            }
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (_ssl != null)
            {
                return ReadTls(buffer, offset, count, timeoutMs);
            }
            long deadline = System.Environment.TickCount64 + timeoutMs;
            try
            {
                while (true)
                {
                    int available = _socket.Available;
                    if (available > 0)
                    {
                        return _socket.Receive(buffer, offset, available < count ? available : count, SocketFlags.None);
                    }
                    if (_socket.Poll(0, SelectMode.SelectRead))
                    {
                        return -1;
                    }
                    if (System.Environment.TickCount64 >= deadline)
                    {
                        return 0;
                    }
                    Thread.Sleep(PollSleepMs);
                }
            }
            catch (SocketException)
            {
                return -1;
            }
        }

        private int ReadTls(byte[] buffer, int offset, int count, int timeoutMs)
        {
            try
            {
                if (timeoutMs < 1)
                {
                    timeoutMs = 1;
                }
                if (timeoutMs != _receiveTimeoutMs)
                {
                    _socket.ReceiveTimeout = timeoutMs;
                    _receiveTimeoutMs = timeoutMs;
                }
                int n = _ssl.Read(buffer, offset, count);
                return n > 0 ? n : -1;
            }
            catch (SocketException e)
            {
                return e.ErrorCode == (int)SocketError.TimedOut ? 0 : -1;
            }
            catch (System.Exception)
            {
                // A record that failed its integrity check, an alert, or a closed socket: the session is over.
                return -1;
            }
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            try
            {
                if (_ssl != null)
                {
                    _ssl.Write(buffer, offset, count);
                    return;
                }
                while (count > 0)
                {
                    int n = _socket.Send(buffer, offset, count, SocketFlags.None);
                    offset += n;
                    count -= n;
                }
            }
            catch (SocketException e)
            {
                SendTimedOut = e.ErrorCode == (int)SocketError.TimedOut;
                throw new System.IO.IOException("TCP write failed: " + e.Message);
            }
            catch (System.Exception e)
            {
                throw new System.IO.IOException("TCP write failed: " + e.Message);
            }
        }

        private static void CloseSocket(object socket)
        {
            try
            {
                ((Socket)socket).Close();
            }
            catch (System.Exception)
            {
                // The handshake finished or failed at the same moment and the socket is closed already.
            }
        }

        private static string PeerOf(Socket socket)
        {
            try
            {
                return socket.RemoteEndPoint.ToString();
            }
            catch (System.Exception)
            {
                return "unknown peer";
            }
        }
    }
}

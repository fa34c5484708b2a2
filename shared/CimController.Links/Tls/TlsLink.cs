using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace CimController.Links.Tls;

/// <summary>
/// A link over a TLS session on a connected socket (.NET's <see cref="SslStream"/>, TLS 1.2/1.3). The host's end
/// (<see cref="Connect(Socket, TlsClientCredentials, string, int, int)"/>: presents the host certificate, accepts only the pinned board certificate) is here; the
/// board's end derives from it and runs the server handshake through <see cref="Handshake{T}"/>. Reads wait with a
/// timeout without cancelling TLS reads (<see cref="TimedStreamReader"/>); writes give up after the socket's send
/// timeout. Tampered, replayed or injected records fail TLS's integrity check: the read ends (-1) with
/// <see cref="EndReason"/> saying so. Owns and disposes the socket.
/// </summary>
public class TlsLink : ISocketLink
{
    private readonly Socket _socket;
    private readonly SslStream _ssl;
    private readonly TimedStreamReader _reader;
    private readonly int _sendTimeoutMs;
    private int _disposed;

    /// <summary>Wraps an authenticated session on <paramref name="socket"/>; writes time out after <paramref name="sendTimeoutMs"/> (0: never).</summary>
    protected TlsLink(Socket socket, SslStream ssl, int sendTimeoutMs)
    {
        _socket = socket;
        _ssl = ssl;
        _sendTimeoutMs = sendTimeoutMs;
        _reader = new TimedStreamReader(ssl);
    }

    /// <summary>The peer's address, or null once closed.</summary>
    public EndPoint? RemoteEndPoint
    {
        get
        {
            try { return _socket.RemoteEndPoint; }
            catch (ObjectDisposedException) { return null; }
            catch (SocketException) { return null; }
        }
    }

    /// <summary>The protocol and cipher suite negotiated, e.g. "Tls13 TLS_AES_256_GCM_SHA384".</summary>
    public string Protocol => _ssl.SslProtocol + " " + _ssl.NegotiatedCipherSuite;

    /// <summary>The peer's certificate.</summary>
    public X509Certificate? PeerCertificate => _ssl.RemoteCertificate;

    /// <inheritdoc />
    public bool SendTimedOut { get; private set; }

    /// <inheritdoc />
    public string? EndReason => _reader.Failure == null ? null : TlsRefusedException.Describe(_reader.Failure);

    /// <summary>
    /// The host's end: runs the client handshake on <paramref name="socket"/> within <paramref name="handshakeTimeoutMs"/>,
    /// presenting the host certificate and accepting only the pinned board certificate. <paramref name="targetHost"/> is
    /// the name dialled (sent as SNI; the board is identified by its fingerprint, not its name).
    /// </summary>
    /// <exception cref="TlsRefusedException">The board is not the pinned one or the handshake failed; the socket is closed.</exception>
    public static TlsLink Connect(Socket socket, TlsClientCredentials credentials, string targetHost, int handshakeTimeoutMs, int sendTimeoutMs = 0)
    {
        return Connect(socket, credentials, targetHost, handshakeTimeoutMs, sendTimeoutMs, (s, ssl, t) => new TlsLink(s, ssl, t));
    }

    /// <summary>
    /// As <see cref="Connect(Socket, TlsClientCredentials, string, int, int)"/>; <paramref name="create"/> makes the link
    /// over the authenticated session (a derived link type).
    /// </summary>
    /// <exception cref="TlsRefusedException">The board is not the pinned one or the handshake failed; the socket is closed.</exception>
    protected static T Connect<T>(Socket socket, TlsClientCredentials credentials, string targetHost, int handshakeTimeoutMs, int sendTimeoutMs,
        Func<Socket, SslStream, int, T> create) where T : TlsLink
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(credentials);
        string? refusal = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            ClientCertificateContext = credentials.Context,
            EnabledSslProtocols = TlsPolicy.Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                refusal = credentials.BoardProblem(certificate);
                return refusal == null;
            },
        };
        return Handshake(socket, sendTimeoutMs, handshakeTimeoutMs, () => refusal,
            (ssl, token) => ssl.AuthenticateAsClientAsync(options, token), create);
    }

    /// <summary>
    /// Runs <paramref name="authenticate"/> (a client or server handshake) on <paramref name="socket"/> within
    /// <paramref name="handshakeTimeoutMs"/> and makes the link with <paramref name="create"/>. On failure the socket is
    /// closed and the message is <paramref name="refusal"/>'s (why the peer's certificate was refused) or the handshake's.
    /// </summary>
    /// <exception cref="TlsRefusedException">The peer was refused or the handshake failed or timed out.</exception>
    protected static T Handshake<T>(Socket socket, int sendTimeoutMs, int handshakeTimeoutMs, Func<string?> refusal,
        Func<SslStream, CancellationToken, System.Threading.Tasks.Task> authenticate, Func<Socket, SslStream, int, T> create) where T : TlsLink
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(authenticate);
        ArgumentNullException.ThrowIfNull(create);
        socket.NoDelay = true;
        socket.SendTimeout = Math.Max(0, sendTimeoutMs);
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        using var timeout = new CancellationTokenSource(Math.Max(1, handshakeTimeoutMs));
        try
        {
            authenticate(ssl, timeout.Token).GetAwaiter().GetResult();
            return create(socket, ssl, sendTimeoutMs);
        }
        catch (OperationCanceledException e)
        {
            ssl.Dispose();
            throw new TlsRefusedException("no handshake within " + handshakeTimeoutMs + " ms", e);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or ObjectDisposedException)
        {
            ssl.Dispose();
            throw new TlsRefusedException(refusal() ?? "handshake failed: " + TlsRefusedException.Describe(e), e);
        }
    }

    /// <inheritdoc />
    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        return _reader.Read(buffer, offset, count, timeoutMs);
    }

    /// <inheritdoc />
    public void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            _ssl.Write(buffer, offset, count);
        }
        catch (IOException e) when (e.InnerException is SocketException s && TcpLink.IsSendTimeout(s.SocketErrorCode))
        {
            SendTimedOut = true;
            throw new IOException("TLS link: " + count + " bytes could not be sent within " + _sendTimeoutMs + " ms (the peer is not reading)", e);
        }
        catch (IOException e)
        {
            throw new IOException("TLS link send failed: " + TlsRefusedException.Describe(e), e);
        }
        catch (Exception e) when (e is ObjectDisposedException or NotSupportedException or InvalidOperationException)
        {
            throw new IOException("TLS link is closed", e);
        }
    }

    /// <summary>Closes the connection and releases the socket; a waiting <see cref="Read"/> returns -1.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try { _socket.Shutdown(SocketShutdown.Both); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        _ssl.Dispose();
        _reader.Abandon();
    }
}

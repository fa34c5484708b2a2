using System;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using CimController.Links.Tls;

namespace CimController.Firmware.Desktop.Tls;

/// <summary>
/// The firmware's host link over a TLS session: <see cref="TlsLink"/> as the <see cref="IHostLink"/> the controller
/// serves, with the board's end of the handshake (<see cref="Accept"/>: presents the board certificate, requires a host
/// certificate on the allow-list). <see cref="Connect(Socket, TlsClientCredentials, string, int, int)"/> is the host's end, for tests that dial a board.
/// </summary>
public sealed class TlsHostLink : TlsLink, INetworkLink
{
    private TlsHostLink(Socket socket, SslStream ssl, int sendTimeoutMs) : base(socket, ssl, sendTimeoutMs)
    {
    }

    /// <summary>
    /// The board's end: runs the server handshake on <paramref name="socket"/> within <paramref name="handshakeTimeoutMs"/>,
    /// requiring a host certificate that <paramref name="credentials"/> admit. Sends then time out after
    /// <paramref name="sendTimeoutMs"/> (0: never).
    /// </summary>
    /// <exception cref="TlsRefusedException">The host was not admitted or the handshake failed; the socket is closed.</exception>
    public static TlsHostLink Accept(Socket socket, TlsServerCredentials credentials, int handshakeTimeoutMs, int sendTimeoutMs)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(credentials);
        string? refusal = null;
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = credentials.Context,
            ClientCertificateRequired = true,
            EnabledSslProtocols = TlsPolicy.Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                refusal = credentials.HostProblem(certificate);
                return refusal == null;
            },
        };
        return Handshake(socket, sendTimeoutMs, handshakeTimeoutMs, () => refusal,
            (ssl, token) => ssl.AuthenticateAsServerAsync(options, token), Create);
    }

    /// <summary>The host's end, as <see cref="TlsLink.Connect(Socket, TlsClientCredentials, string, int, int)"/>, as a host link.</summary>
    /// <exception cref="TlsRefusedException">The board is not the pinned one or the handshake failed; the socket is closed.</exception>
    public static new TlsHostLink Connect(Socket socket, TlsClientCredentials credentials, string targetHost, int handshakeTimeoutMs, int sendTimeoutMs = 0)
    {
        return Connect(socket, credentials, targetHost, handshakeTimeoutMs, sendTimeoutMs, Create);
    }

    private static TlsHostLink Create(Socket socket, SslStream ssl, int sendTimeoutMs) => new(socket, ssl, sendTimeoutMs);
}

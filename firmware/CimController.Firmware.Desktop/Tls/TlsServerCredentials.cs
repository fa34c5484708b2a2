using System;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CimController.Links.Tls;

namespace CimController.Firmware.Desktop.Tls;

/// <summary>
/// What a board needs to serve TLS: its certificate with the private key (a PKCS#12 file, <c>cimfw --tls-cert</c>) and
/// the hosts it admits (<see cref="HostAllowList"/>, <c>--tls-clients</c>). A host is admitted when it presents a
/// certificate whose fingerprint is listed (TLS client authentication; nothing home-made).
/// </summary>
public sealed class TlsServerCredentials : IDisposable
{
    /// <summary>Pairs a board certificate (with private key) with the hosts it admits.</summary>
    public TlsServerCredentials(X509Certificate2 boardCertificate, HostAllowList hosts)
    {
        ArgumentNullException.ThrowIfNull(boardCertificate);
        ArgumentNullException.ThrowIfNull(hosts);
        if (!boardCertificate.HasPrivateKey)
        {
            throw new ArgumentException("the board certificate " + boardCertificate.Subject + " has no private key", nameof(boardCertificate));
        }
        BoardCertificate = boardCertificate;
        Hosts = hosts;
        Context = SslStreamCertificateContext.Create(boardCertificate, null, offline: true);
        Fingerprint = CertificateFingerprint.Of(boardCertificate);
    }

    /// <summary>The board's certificate and key.</summary>
    public X509Certificate2 BoardCertificate { get; }

    /// <summary>The board certificate as SslStream serves it (built once).</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>The board certificate's SHA-256 fingerprint: what hosts pin.</summary>
    public string Fingerprint { get; }

    /// <summary>The hosts admitted.</summary>
    public HostAllowList Hosts { get; }

    /// <summary>Why <paramref name="host"/> is not admitted, or null when it is.</summary>
    public string? HostProblem(X509Certificate? host)
    {
        return TlsPolicy.PeerProblem(host, "host", f => Hosts.Contains(f, out _), "listed in " + Hosts.Source);
    }

    /// <summary>Loads <paramref name="certificatePath"/> (PKCS#12 with the private key, no password) and <paramref name="hostsPath"/>.</summary>
    /// <exception cref="FormatException">A file that is not what it should be; the message names it and what is expected.</exception>
    /// <exception cref="IOException">A file that cannot be read.</exception>
    public static TlsServerCredentials Load(string certificatePath, string hostsPath)
    {
        Pkcs12File.RequireFile(hostsPath, "--tls-clients");
        X509Certificate2 board = Pkcs12File.Load(certificatePath, "--tls-cert");
        if (!board.HasPrivateKey)
        {
            board.Dispose();
            throw new FormatException("--tls-cert " + certificatePath + " holds no private key; give the board's .pfx written by cimctl tls init");
        }
        try
        {
            return new TlsServerCredentials(board, HostAllowList.Load(hostsPath));
        }
        catch
        {
            board.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => BoardCertificate.Dispose();
}

using System;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CimController.Links.Tls;

/// <summary>
/// What a host needs to reach a TLS board: its own certificate with the private key (presented to the board, which
/// admits listed fingerprints) and the board certificate's pinned SHA-256 fingerprint (any other board is refused).
/// </summary>
public sealed class TlsClientCredentials : IDisposable
{
    /// <summary>Pairs a host certificate (with private key) with the board fingerprint it trusts.</summary>
    public TlsClientCredentials(X509Certificate2 hostCertificate, string boardFingerprint)
    {
        ArgumentNullException.ThrowIfNull(hostCertificate);
        string? pinned = CertificateFingerprint.Normalize(boardFingerprint);
        if (pinned == null)
        {
            throw new FormatException("board fingerprint '" + boardFingerprint + "' is not " + CertificateFingerprint.AcceptedForm);
        }
        if (!hostCertificate.HasPrivateKey)
        {
            throw new FormatException("the host certificate " + hostCertificate.Subject + " has no private key; give the host's .pfx written by cimctl tls init or cimctl tls host");
        }
        HostCertificate = hostCertificate;
        BoardFingerprint = pinned;
        Context = SslStreamCertificateContext.Create(hostCertificate, null, offline: true);
    }

    /// <summary>The host certificate as SslStream presents it (built once).</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>The host's certificate and key.</summary>
    public X509Certificate2 HostCertificate { get; }

    /// <summary>The pinned board fingerprint (normalized).</summary>
    public string BoardFingerprint { get; }

    /// <summary>Why <paramref name="board"/> is not the pinned board, or null when it is.</summary>
    public string? BoardProblem(X509Certificate? board)
    {
        return TlsPolicy.PeerProblem(board, "board", f => f == BoardFingerprint, "the pinned " + BoardFingerprint +
            " (a different board, or one provisioned again: pin its new fingerprint)");
    }

    /// <summary>Loads the host certificate from <paramref name="certificatePath"/> (PKCS#12, no password) and pins <paramref name="boardFingerprint"/>.</summary>
    /// <exception cref="FormatException">Not a usable .pfx, or not a fingerprint.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TlsClientCredentials Load(string certificatePath, string boardFingerprint)
    {
        X509Certificate2 host = Pkcs12File.Load(certificatePath, "cert=");
        try
        {
            return new TlsClientCredentials(host, boardFingerprint);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => HostCertificate.Dispose();
}

using System;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

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
        RequireFile(hostsPath, "--tls-clients");
        X509Certificate2 board = LoadPkcs12(certificatePath, "--tls-cert");
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

    /// <summary>Reads a PKCS#12 file without password; <paramref name="option"/> names it in messages.</summary>
    /// <exception cref="FormatException">Not a PKCS#12 file without password.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static X509Certificate2 LoadPkcs12(string path, string option)
    {
        RequireFile(path, option);
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return X509CertificateLoader.LoadPkcs12(bytes, null);
        }
        catch (CryptographicException e)
        {
            throw new FormatException(option + " " + path + " is not a PKCS#12 (.pfx) file without password (" + e.Message.TrimEnd('.') +
                "); give one written by cimctl tls init", e);
        }
    }

    /// <summary>Throws <see cref="FileNotFoundException"/> naming <paramref name="option"/> when <paramref name="path"/> is not a file.</summary>
    public static void RequireFile(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(option + " " + path + " does not exist (cimctl tls init DIR writes the board's .pfx, hosts.txt and a host's .pfx)", path);
        }
    }

    /// <inheritdoc />
    public void Dispose() => BoardCertificate.Dispose();
}

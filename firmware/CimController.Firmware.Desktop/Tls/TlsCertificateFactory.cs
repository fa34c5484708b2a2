using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CimController.Firmware.Desktop.Tls;

/// <summary>
/// Makes the self-signed certificates of a board (TLS server) and of its hosts (TLS clients) with
/// System.Security.Cryptography's <see cref="CertificateRequest"/>: ECDSA P-256 keys signed with SHA-256 (handshakes
/// cost little on an ESP32's mbedTLS, and .NET and mbedTLS both support them), not a certificate authority (basic
/// constraints CA=false, so a host certificate cannot vouch for another), key usage digital signature, extended key
/// usage server authentication (board) or client authentication (host), a random 128-bit serial number. Validity
/// starts an hour back (clocks drift) and lasts <c>days</c>. Trust comes from pinning fingerprints, not from a chain.
/// </summary>
public static class TlsCertificateFactory
{
    /// <summary>Validity of a new certificate unless told otherwise: ten years (lab equipment; fingerprints are pinned).</summary>
    public const int DefaultValidityDays = 3650;

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>A board's certificate with its private key; <paramref name="name"/> becomes its CN and DNS name.</summary>
    public static X509Certificate2 CreateBoard(string name, int days = DefaultValidityDays)
    {
        return Create(name, ServerAuthOid, days);
    }

    /// <summary>A host's certificate with its private key; <paramref name="name"/> becomes its CN.</summary>
    public static X509Certificate2 CreateHost(string name, int days = DefaultValidityDays)
    {
        return Create(name, ClientAuthOid, days);
    }

    /// <summary>Checks a certificate name (CN): 1..64 characters of letters, digits, '-', '_' and '.'.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64)
        {
            return "a name of 1..64 characters is needed";
        }
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.')
            {
                return "'" + name + "' has '" + c + "'; accepted: letters, digits, '-', '_' and '.'";
            }
        }
        return null;
    }

    private static X509Certificate2 Create(string name, string usageOid, int days)
    {
        if (NameProblem(name) is string problem)
        {
            throw new ArgumentException("certificate name: " + problem, nameof(name));
        }
        if (days < 1 || days > 36500)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, "validity must be 1..36500 days");
        }
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(usageOid) }, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (usageOid == ServerAuthOid)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(name);
            request.CertificateExtensions.Add(san.Build());
        }
        DateTimeOffset now = DateTimeOffset.UtcNow;
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER
        using X509Certificate2 made = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key),
            now.AddHours(-1), now.AddDays(days), serial);
        X509Certificate2 withKey = made.CopyWithPrivateKey(key);
        // A certificate made with an ephemeral key cannot serve TLS on every platform; a PKCS#12 round trip gives it a
        // persisted-style key, the same as one loaded from the files written by cimctl tls init.
        byte[] pfx = withKey.Export(X509ContentType.Pkcs12);
        withKey.Dispose();
        return X509CertificateLoader.LoadPkcs12(pfx, null);
    }
}

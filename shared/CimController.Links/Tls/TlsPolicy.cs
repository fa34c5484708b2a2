using System;
using System.Globalization;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace CimController.Links.Tls;

/// <summary>
/// What both ends of a TLS link agree on: TLS 1.2 or 1.3 only, and a peer is its certificate's pinned SHA-256
/// fingerprint (no certificate authority, no revocation lists), inside the certificate's validity dates.
/// </summary>
public static class TlsPolicy
{
    /// <summary>Protocols offered and accepted.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>
    /// Why <paramref name="certificate"/> is not acceptable as <paramref name="role"/> ("board", "host"), or null when its
    /// fingerprint passes <paramref name="isPinned"/> and it is within its validity dates. <paramref name="pinnedWhere"/>
    /// says where pinned fingerprints come from, for the message.
    /// </summary>
    public static string? PeerProblem(X509Certificate? certificate, string role, Func<string, bool> isPinned, string pinnedWhere)
    {
        if (certificate == null)
        {
            return "the " + role + " presented no certificate";
        }
        if (certificate is X509Certificate2 cert)
        {
            return Problem(cert, role, isPinned, pinnedWhere);
        }
        using var copy = new X509Certificate2(certificate);
        return Problem(copy, role, isPinned, pinnedWhere);
    }

    private static string? Problem(X509Certificate2 cert, string role, Func<string, bool> isPinned, string pinnedWhere)
    {
        string fingerprint = CertificateFingerprint.Of(cert);
        if (!isPinned(fingerprint))
        {
            return "the " + role + " certificate " + cert.Subject + " has SHA-256 " + fingerprint + ", which is not " + pinnedWhere;
        }
        DateTime now = DateTime.Now;
        if (now < cert.NotBefore || now > cert.NotAfter)
        {
            return "the " + role + " certificate " + cert.Subject + " (SHA-256 " + fingerprint + ") is valid " +
                cert.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " .. " +
                cert.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC, not now; make new credentials (cimctl tls init)";
        }
        return null;
    }
}

using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CimController.Links.Tls;

/// <summary>
/// A certificate's SHA-256 fingerprint: the hash of its DER bytes, written as 64 upper-case hex digits (what
/// <c>openssl x509 -noout -fingerprint -sha256</c> prints, without the colons). Hosts pin the board's; the board admits the
/// hosts whose fingerprints it lists.
/// </summary>
public static class CertificateFingerprint
{
    /// <summary>Hex digits in a fingerprint.</summary>
    public const int HexLength = 64;

    /// <summary>The fingerprint of <paramref name="certificate"/>.</summary>
    public static string Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
    }

    /// <summary>
    /// Reads a fingerprint written as 64 hex digits, upper or lower case, with or without colons (openssl's form);
    /// null when <paramref name="text"/> is not one.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (text == null)
        {
            return null;
        }
        string hex = text.Trim().Replace(":", "", StringComparison.Ordinal).ToUpperInvariant();
        if (hex.Length != HexLength)
        {
            return null;
        }
        foreach (char c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return null;
            }
        }
        return hex;
    }

    /// <summary>What <see cref="Normalize"/> accepts, for error messages.</summary>
    public const string AcceptedForm = "64 hex digits of the certificate's SHA-256 (colons allowed), as cimctl tls init prints";
}

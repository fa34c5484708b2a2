using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CimController.Links.Tls;

/// <summary>A certificate with its private key in a PKCS#12 (.pfx) file without password, as <c>cimctl tls init</c> writes the board's and the host's.</summary>
public static class Pkcs12File
{
    /// <summary>Reads the PKCS#12 file <paramref name="path"/>; <paramref name="option"/> names it in messages.</summary>
    /// <exception cref="FormatException">Not a PKCS#12 file without password.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static X509Certificate2 Load(string path, string option)
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
}

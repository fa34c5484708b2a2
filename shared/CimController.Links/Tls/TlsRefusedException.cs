using System;
using System.IO;

namespace CimController.Links.Tls;

/// <summary>A TLS session was not established: the peer's certificate was refused, the handshake failed or timed out. The message says which.</summary>
public sealed class TlsRefusedException : IOException
{
    /// <summary>Creates the exception; <paramref name="message"/> names the peer's problem.</summary>
    public TlsRefusedException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    /// <summary>The messages of <paramref name="e"/> and its inner exceptions, each once, joined by ": " (TLS errors keep the useful part, e.g. OpenSSL's alert, innermost).</summary>
    public static string Describe(Exception e)
    {
        string text = "";
        for (Exception? x = e; x != null; x = x.InnerException)
        {
            string m = x.Message.Replace(", see inner exception", "", StringComparison.Ordinal).Trim().TrimEnd('.');
            if (m.Length > 0 && !text.Contains(m, StringComparison.Ordinal))
            {
                text = text.Length == 0 ? m : text + ": " + m;
            }
        }
        return text;
    }
}

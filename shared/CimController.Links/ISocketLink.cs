using System;
using System.Net;

namespace CimController.Links;

/// <summary>
/// A byte link over a network connection (plain TCP or TLS). Reads are bounded by a timeout; what a server needs to log
/// and close the connection, and what a host needs to explain why it ended, is here too.
/// </summary>
public interface ISocketLink : IDisposable
{
    /// <summary>
    /// Reads up to <paramref name="count"/> bytes, waiting at most <paramref name="timeoutMs"/>.
    /// Returns the number read (&gt; 0), 0 when nothing arrived in time, or -1 when the link is closed.
    /// </summary>
    int Read(byte[] buffer, int offset, int count, int timeoutMs);

    /// <summary>Writes all <paramref name="count"/> bytes. Throws <see cref="System.IO.IOException"/> when the link is gone.</summary>
    void Write(byte[] buffer, int offset, int count);

    /// <summary>The peer's address, or null once closed.</summary>
    EndPoint? RemoteEndPoint { get; }

    /// <summary>True when a write failed because the peer did not take the bytes within the send timeout.</summary>
    bool SendTimedOut { get; }

    /// <summary>Why reading ended when it was not an orderly close (a reset, a TLS alert or a record that failed its check); null otherwise.</summary>
    string? EndReason { get; }
}

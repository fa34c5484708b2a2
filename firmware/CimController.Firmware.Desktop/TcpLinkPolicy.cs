using System;
using CimController.Firmware.Desktop.Tls;

namespace CimController.Firmware.Desktop;

/// <summary>
/// How <see cref="TcpFirmwareServer"/> shares the board among network hosts: one host at a time; a second one is told
/// Busy at once (and how long the link has been held); a session without a complete frame for
/// <see cref="IdleTimeoutMs"/> is dropped; a reply the host does not take within <see cref="SendTimeoutMs"/> drops the
/// session; a connection that has not finished its TLS handshake within <see cref="HandshakeTimeoutMs"/> is closed and
/// never holds the board. With <see cref="Tls"/> set, only TLS sessions from admitted hosts are served.
/// </summary>
public sealed class TcpLinkPolicy
{
    /// <summary>Default idle limit: 20 s without a complete frame.</summary>
    public const int DefaultIdleTimeoutMs = 20_000;
    /// <summary>Default send timeout: 10 s for one reply.</summary>
    public const int DefaultSendTimeoutMs = 10_000;
    /// <summary>Default TLS handshake limit (the first byte included): 5 s.</summary>
    public const int DefaultHandshakeTimeoutMs = 5_000;
    /// <summary>Default wait for a refused host's first frame, to answer it (Busy, TlsRequired): 2 s.</summary>
    public const int DefaultRefusalWaitMs = 2_000;
    /// <summary>Default number of connections being admitted (handshakes, refusals) at once; more are closed at once.</summary>
    public const int DefaultMaxAdmissions = 8;

    /// <summary>A session without a complete frame for this long is dropped, ms (&gt;= 1).</summary>
    public int IdleTimeoutMs { get; init; } = DefaultIdleTimeoutMs;

    /// <summary>A reply not taken by the host within this long drops the session, ms (&gt;= 1).</summary>
    public int SendTimeoutMs { get; init; } = DefaultSendTimeoutMs;

    /// <summary>A connection that has not completed its TLS handshake (or sent its first byte) within this long is closed, ms (&gt;= 1).</summary>
    public int HandshakeTimeoutMs { get; init; } = DefaultHandshakeTimeoutMs;

    /// <summary>How long a refused host may take to send its first frame before it is answered anyway (sequence 0), ms (&gt;= 0).</summary>
    public int RefusalWaitMs { get; init; } = DefaultRefusalWaitMs;

    /// <summary>Connections admitted at once (&gt;= 1); beyond it a new connection is closed at once and logged.</summary>
    public int MaxAdmissions { get; init; } = DefaultMaxAdmissions;

    /// <summary>Board certificate and admitted hosts; null: plain TCP.</summary>
    public TlsServerCredentials? Tls { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming a setting out of range.</summary>
    public void Validate()
    {
        Check(nameof(IdleTimeoutMs), IdleTimeoutMs, 1);
        Check(nameof(SendTimeoutMs), SendTimeoutMs, 1);
        Check(nameof(HandshakeTimeoutMs), HandshakeTimeoutMs, 1);
        Check(nameof(RefusalWaitMs), RefusalWaitMs, 0);
        Check(nameof(MaxAdmissions), MaxAdmissions, 1);
    }

    private static void Check(string name, int value, int min)
    {
        if (value < min)
        {
            throw new ArgumentOutOfRangeException(name, value, name + " must be at least " + min);
        }
    }
}

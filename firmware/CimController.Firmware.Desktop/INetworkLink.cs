using System;
using System.Net;

namespace CimController.Firmware.Desktop;

/// <summary>A host link over a network connection (plain TCP or TLS): what a server needs to log and close it.</summary>
public interface INetworkLink : IHostLink, IDisposable
{
    /// <summary>The peer's address, or null once closed.</summary>
    EndPoint? RemoteEndPoint { get; }

    /// <summary>True when a write failed because the peer did not take the bytes within the send timeout.</summary>
    bool SendTimedOut { get; }

    /// <summary>Why reading ended when it was not an orderly close (a reset, a TLS alert or a record that failed its check); null otherwise.</summary>
    string? EndReason { get; }
}

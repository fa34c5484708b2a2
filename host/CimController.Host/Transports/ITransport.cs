using System;

namespace CimController.Host.Transports
{
    /// <summary>
    /// A byte stream to a board's firmware: TCP, a serial port or an in-process emulated firmware.
    /// The client frames and unframes everything; a transport only moves bytes, and every read is bounded.
    /// </summary>
    public interface ITransport : IDisposable
    {
        /// <summary>Where the transport leads, for messages ("tcp://127.0.0.1:5000").</summary>
        string Description { get; }

        /// <summary>True when <see cref="Open"/> may be called again after the link dropped.</summary>
        bool CanReconnect { get; }

        /// <summary>Opens (or, after a drop, reopens) the link. Throws <see cref="TransportException"/> when the peer cannot be reached.</summary>
        void Open();

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes, waiting at most <paramref name="timeoutMs"/> ms.
        /// Returns the number read (&gt; 0), 0 when nothing arrived in time, or -1 when the link is closed. A TLS transport
        /// throws <see cref="TransportException"/> instead when the board ends a new session before its first reply (it did
        /// not admit the host's certificate), so that the reason is not mistaken for a dropped link.
        /// </summary>
        int Read(byte[] buffer, int offset, int count, int timeoutMs);

        /// <summary>Writes all bytes. Throws <see cref="TransportException"/> when the link is closed.</summary>
        void Write(byte[] buffer, int offset, int count);
    }
}

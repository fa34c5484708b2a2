using System;
using System.IO;
using CimController.Firmware;
using CimController.Host.Transports;

namespace CimController.LocalBoard
{
    /// <summary>
    /// The host end of a firmware running in this process (the emulated board behind the real firmware
    /// core): the same frames as over TCP or serial, without a socket. It cannot reconnect: when the
    /// in-process firmware closes its link, it is gone.
    /// </summary>
    public sealed class InProcessTransport : ITransport
    {
        private readonly IHostLink _link;
        private readonly IDisposable? _owner;
        private bool _disposed;

        /// <summary>Wraps <paramref name="link"/>; disposing the transport disposes <paramref name="owner"/> (the firmware that serves the link), if given.</summary>
        public InProcessTransport(IHostLink link, IDisposable? owner, string description = "emulator")
        {
            _link = link ?? throw new ArgumentNullException(nameof(link));
            _owner = owner;
            Description = description;
        }

        /// <inheritdoc />
        public string Description { get; }

        /// <inheritdoc />
        public bool CanReconnect => false;

        /// <inheritdoc />
        public void Open()
        {
            if (_disposed)
            {
                throw new TransportException("the in-process link to " + Description + " has been disposed");
            }
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            return _disposed ? -1 : _link.Read(buffer, offset, count, Math.Max(0, timeoutMs));
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            if (_disposed)
            {
                throw new TransportException("the in-process link to " + Description + " has been disposed");
            }
            try
            {
                _link.Write(buffer, offset, count);
            }
            catch (IOException e)
            {
                throw new TransportException("the in-process link to " + Description + " closed: " + e.Message, e);
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _owner?.Dispose();
        }
    }
}

using System;
using CimController.Emulator;
using CimController.Firmware;
using CimController.Host.Transports;
using CimController.Firmware.Desktop;
using CimController.Host;

namespace CimController.LocalBoard
{
    /// <summary>
    /// The host end of a firmware in this process, served on the caller's thread: every request frame the client writes
    /// goes through <see cref="Controller.HandleFrame"/> (the firmware's frame decoder and CRC check, dispatcher, commands,
    /// board driver, SPI) and the reply frame waits here until the client reads it. The same frames as over
    /// <see cref="InProcessTransport"/>, without the second thread, the byte pipes and the two thread switches per request.
    /// Each <see cref="Write"/> must carry whole frames, as <see cref="CimClient"/> writes them; the firmware's link-level
    /// behaviour (inter-byte timeouts, Progress frames, its serve loop) is not exercised. Not thread-safe.
    /// </summary>
    public sealed class DirectFirmwareTransport : ITransport
    {
        private readonly Controller _controller;
        private readonly IDisposable? _owner;
        private readonly byte[] _reply;
        private byte[] _frame = new byte[256];
        private byte[] _pending = new byte[256];
        private int _pendingStart;
        private int _pendingEnd;
        private bool _disposed;

        /// <summary>Serves <paramref name="controller"/> (not serving a link elsewhere); disposing the transport disposes <paramref name="owner"/>, if given.</summary>
        public DirectFirmwareTransport(Controller controller, IDisposable? owner = null, string description = "emulator (direct)")
        {
            _controller = controller ?? throw new ArgumentNullException(nameof(controller));
            _owner = owner;
            Description = description;
            _reply = new byte[controller.ReplyBufferLength];
        }

        /// <summary>
        /// Builds an emulated board from <paramref name="options"/> and the firmware over it (as <see cref="EmulatedFirmware.Start"/>
        /// does), served directly on the caller's thread. <paramref name="configure"/> may adjust the firmware configuration.
        /// </summary>
        public static DirectFirmwareTransport StartEmulator(EmulatorOptions? options = null, Action<FirmwareConfig>? configure = null)
        {
            FirmwareHost host = FirmwareHost.Create(FirmwareHost.EmulatorBoard, options ?? new EmulatorOptions(), configure);
            return new DirectFirmwareTransport(host.Controller, host);
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
                throw new TransportException("the direct link to " + Description + " has been disposed");
            }
        }

        /// <summary>Hands one whole request frame to the firmware and keeps its reply for <see cref="Read"/>.</summary>
        public void Write(byte[] buffer, int offset, int count)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            if (_disposed)
            {
                throw new TransportException("the direct link to " + Description + " has been disposed");
            }
            byte[] frame = buffer;
            if (offset != 0)
            {
                if (_frame.Length < count)
                {
                    _frame = new byte[count];
                }
                Array.Copy(buffer, offset, _frame, 0, count);
                frame = _frame;
            }
            int length = _controller.HandleFrame(frame, count, _reply);
            if (_pendingStart == _pendingEnd)
            {
                _pendingStart = 0;
                _pendingEnd = 0;
            }
            if (_pending.Length - _pendingEnd < length)
            {
                var grown = new byte[Math.Max(_pending.Length * 2, _pendingEnd - _pendingStart + length)];
                Array.Copy(_pending, _pendingStart, grown, 0, _pendingEnd - _pendingStart);
                _pendingEnd -= _pendingStart;
                _pendingStart = 0;
                _pending = grown;
            }
            Array.Copy(_reply, 0, _pending, _pendingEnd, length);
            _pendingEnd += length;
        }

        /// <summary>Reads reply bytes; 0 at once when none are waiting (the firmware has answered every frame already), -1 once disposed.</summary>
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            if (_disposed)
            {
                return -1;
            }
            int n = Math.Min(count, _pendingEnd - _pendingStart);
            Array.Copy(_pending, _pendingStart, buffer, offset, n);
            _pendingStart += n;
            return n;
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

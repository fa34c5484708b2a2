using System;
using System.IO;
using System.IO.Ports;

namespace CimController.Host.Transports
{
    /// <summary>A serial port (USB-UART to an ESP32, a Raspberry Pi's UART, or one end of a socat pty pair): 8N1, no handshake. Reconnects by reopening the port.</summary>
    public sealed class SerialTransport : ITransport
    {
        private readonly string _portName;
        private readonly int _baud;
        private SerialPort? _port;

        /// <summary>A transport over <paramref name="portName"/> (e.g. /dev/ttyUSB0) at <paramref name="baud"/> bit/s.</summary>
        public SerialTransport(string portName, int baud)
        {
            if (string.IsNullOrWhiteSpace(portName))
            {
                throw new ArgumentException("serial device is empty; give one such as /dev/ttyUSB0", nameof(portName));
            }
            if (baud <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(baud), baud, "baud rate must be positive, e.g. 115200");
            }
            _portName = portName;
            _baud = baud;
        }

        /// <inheritdoc />
        public string Description => "serial:" + _portName + "?baud=" + _baud;

        /// <inheritdoc />
        public bool CanReconnect => true;

        /// <inheritdoc />
        public void Open()
        {
            ClosePort();
            var port = new SerialPort(_portName, _baud, Parity.None, 8, StopBits.One) { Handshake = Handshake.None, ReadBufferSize = 1 << 16, WriteBufferSize = 1 << 16, WriteTimeout = 5000 };
            try
            {
                port.Open();
                port.DiscardInBuffer();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is InvalidOperationException)
            {
                port.Dispose();
                throw new TransportException("could not open " + Description + ": " + e.Message, e);
            }
            _port = port;
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            SerialPort? port = _port;
            if (port == null)
            {
                return -1;
            }
            try
            {
                port.ReadTimeout = Math.Max(1, timeoutMs);
                return port.Read(buffer, offset, count);
            }
            catch (TimeoutException)
            {
                return 0;
            }
            catch (Exception e) when (e is IOException || e is InvalidOperationException || e is ObjectDisposedException || e is OperationCanceledException)
            {
                return -1;
            }
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            SerialPort port = _port ?? throw new TransportException("the link to " + Description + " is not open");
            try
            {
                port.Write(buffer, offset, count);
            }
            catch (Exception e) when (e is IOException || e is InvalidOperationException || e is ObjectDisposedException || e is TimeoutException)
            {
                throw new TransportException("the link to " + Description + " failed while sending: " + e.Message, e);
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            ClosePort();
        }

        private void ClosePort()
        {
            SerialPort? port = _port;
            _port = null;
            port?.Dispose();
        }
    }
}

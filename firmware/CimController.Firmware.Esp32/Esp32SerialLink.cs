using System.IO.Ports;
using System.Threading;

namespace CimController.Firmware.Esp32
{
    /// <summary>
    /// <see cref="IHostLink"/> over a UART (nanoFramework System.IO.Ports): COM2 on the pins the board definition
    /// assigns, through a USB-UART adapter to the host. Reads poll BytesToRead so that an idle link never throws
    /// (SerialPort.Read throws TimeoutException when nothing arrived, which would allocate on every idle read), and no
    /// DataReceived events are raised.
    /// A UART never closes: Serve runs until Stop.
    /// </summary>
    public sealed class Esp32SerialLink : IHostLink
    {
        private const int PollSleepMs = 1;

        private readonly SerialPort _port;

        /// <summary>Opens <paramref name="portName"/> ("COM2") at <paramref name="baud"/> 8N1, no handshake.</summary>
        public Esp32SerialLink(string portName, int baud, int readBufferSize)
        {
            _port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One);
            _port.Handshake = Handshake.None;
            _port.ReadBufferSize = readBufferSize;
            _port.WriteTimeout = 2000;
            _port.Open();
            // The link polls BytesToRead and never handles DataReceived: a threshold out of reach keeps the UART driver
            // from posting an event (and the runtime from dispatching it on a second managed thread) for every chunk.
            _port.ReceivedBytesThreshold = 1 << 30;
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            long deadline = System.Environment.TickCount64 + timeoutMs;
            while (true)
            {
                int available = _port.BytesToRead;
                if (available > 0)
                {
                    return _port.Read(buffer, offset, available < count ? available : count);
                }
                if (System.Environment.TickCount64 >= deadline)
                {
                    return 0;
                }
                Thread.Sleep(PollSleepMs);
            }
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            try
            {
                _port.Write(buffer, offset, count);
            }
            catch (System.TimeoutException)
            {
                throw new System.IO.IOException("COM write timed out: the host stopped reading");
            }
        }
    }
}

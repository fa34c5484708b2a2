using System.IO.Ports;
using CimController.Firmware.Transcripts;

namespace CimController.Firmware.NfReplay
{
    /// <summary>
    /// Transcript bytes from the test harness over a serial port (on the nanoCLR: a Unix socket, NANOCLR_COM1_SOCKET).
    /// The app asks for each block ('R', u32 count) and the harness answers exactly that many bytes, so the port's
    /// receive buffer never overflows whatever the replay's speed.
    /// </summary>
    public sealed class SerialSource : IByteSource
    {
        /// <summary>Largest block asked for at once; the port's receive buffer holds twice this.</summary>
        public const int BlockBytes = 16384;

        private readonly SerialPort _port;
        private readonly byte[] _request = new byte[5];

        public SerialSource(SerialPort port)
        {
            _port = port;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            if (count > BlockBytes)
            {
                count = BlockBytes;
            }
            _request[0] = (byte)'R';
            _request[1] = (byte)count;
            _request[2] = (byte)(count >> 8);
            _request[3] = (byte)(count >> 16);
            _request[4] = (byte)(count >> 24);
            _port.Write(_request, 0, _request.Length);
            int got = 0;
            while (got < count)
            {
                got += _port.Read(buffer, offset + got, count - got);
            }
            return count;
        }
    }
}

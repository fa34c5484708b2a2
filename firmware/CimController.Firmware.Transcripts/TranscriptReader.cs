using CimController.Protocol;

namespace CimController.Firmware.Transcripts
{
    /// <summary>
    /// Reads transcripts (<see cref="TranscriptFormat"/>) from an <see cref="IByteSource"/> through a buffer of its
    /// own. A stream that ends inside a value, or a count beyond <see cref="TranscriptFormat.MaxEventBytes"/>, throws
    /// <see cref="TranscriptFormatException"/>.
    /// </summary>
    public sealed class TranscriptReader
    {
        private readonly IByteSource _source;
        private readonly byte[] _buffer = new byte[16384];
        private int _next;
        private int _end;
        private long _position;

        public TranscriptReader(IByteSource source)
        {
            if (source == null)
            {
                throw new System.ArgumentNullException("source");
            }
            _source = source;
        }

        /// <summary>Bytes consumed so far.</summary>
        public long Position { get { return _position; } }

        public int ReadByte()
        {
            if (_next == _end)
            {
                Fill();
            }
            _position++;
            return _buffer[_next++];
        }

        public int ReadInt32()
        {
            int b0 = ReadByte();
            int b1 = ReadByte();
            int b2 = ReadByte();
            int b3 = ReadByte();
            return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
        }

        public long ReadInt64()
        {
            long low = (uint)ReadInt32();
            long high = ReadInt32();
            return low | (high << 32);
        }

        /// <summary>A byte count read from the stream, checked against 0..<see cref="TranscriptFormat.MaxEventBytes"/>.</summary>
        public int ReadCount(string what)
        {
            int n = ReadInt32();
            if (n < 0 || n > TranscriptFormat.MaxEventBytes)
            {
                throw new TranscriptFormatException("byte " + (_position - 4).ToString() + ": " + what + " " + n.ToString() +
                    " is outside 0.." + TranscriptFormat.MaxEventBytes.ToString());
            }
            return n;
        }

        public string ReadString()
        {
            int n = ReadCount("string length");
            byte[] bytes = new byte[n];
            ReadBytes(bytes, 0, n);
            return Utf8.Decode(bytes, 0, n);
        }

        public void ReadBytes(byte[] destination, int offset, int count)
        {
            while (count > 0)
            {
                if (_next == _end)
                {
                    Fill();
                }
                int n = _end - _next;
                if (n > count)
                {
                    n = count;
                }
                System.Array.Copy(_buffer, _next, destination, offset, n);
                _next += n;
                _position += n;
                offset += n;
                count -= n;
            }
        }

        private void Fill()
        {
            int n = _source.Read(_buffer, 0, _buffer.Length);
            if (n <= 0)
            {
                throw new TranscriptFormatException("the transcript stream ends at byte " + _position.ToString() + ", inside a transcript");
            }
            _next = 0;
            _end = n;
        }
    }
}

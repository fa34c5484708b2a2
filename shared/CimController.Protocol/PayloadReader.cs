namespace CimController.Protocol
{
    /// <summary>
    /// Sequential little-endian reader over a payload. Reading past the end throws
    /// <see cref="ErrorCode.Malformed"/>. Messages read their fields in order and ignore bytes left
    /// over, so newer peers can append fields; optional trailing fields check <see cref="Remaining"/>.
    /// </summary>
    public sealed class PayloadReader
    {
        private byte[] _buffer = new byte[0];
        private int _end;
        private int _start;

        public void Reset(byte[] buffer, int offset, int length)
        {
            _buffer = buffer;
            _start = offset;
            Position = offset;
            _end = offset + length;
        }

        /// <summary>Absolute position in the buffer of the next byte.</summary>
        public int Position { get; private set; }

        /// <summary>The buffer read from.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>Bytes not yet read.</summary>
        public int Remaining { get { return _end - Position; } }

        public int ReadByte()
        {
            Need(1);
            return _buffer[Position++];
        }

        public int ReadUInt16()
        {
            Need(2);
            int v = ByteOrder.ReadUInt16(_buffer, Position);
            Position += 2;
            return v;
        }

        public int ReadInt16()
        {
            int v = ReadUInt16();
            return v >= 0x8000 ? v - 0x10000 : v;
        }

        public uint ReadUInt32()
        {
            Need(4);
            uint v = ByteOrder.ReadUInt32(_buffer, Position);
            Position += 4;
            return v;
        }

        public ulong ReadUInt64()
        {
            Need(8);
            ulong v = ByteOrder.ReadUInt64(_buffer, Position);
            Position += 8;
            return v;
        }

        /// <summary>An IEEE-754 single float, little-endian (f32); allocates nothing.</summary>
        public float ReadSingle()
        {
            Need(4);
            float v = System.BitConverter.ToSingle(_buffer, Position);
            Position += 4;
            return v;
        }

        /// <summary>A u8 length + UTF-8 string (<see cref="Utf8"/>).</summary>
        public string ReadString()
        {
            int n = ReadByte();
            Need(n);
            string s = Utf8.Decode(_buffer, Position, n);
            Position += n;
            return s;
        }

        /// <summary>Skips <paramref name="count"/> bytes (read in place by the caller); returns their absolute offset.</summary>
        public int Skip(int count)
        {
            Need(count);
            int at = Position;
            Position += count;
            return at;
        }

        private void Need(int n)
        {
            if (n < 0 || Position + n > _end)
            {
                throw new ProtocolException(ErrorCode.Malformed, "payload of " + (_end - _start).ToString() + " bytes ends before byte " + (Position - _start + n).ToString() + " that the message needs");
            }
        }
    }
}

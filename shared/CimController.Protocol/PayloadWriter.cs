namespace CimController.Protocol
{
    /// <summary>Sequential little-endian writer into a caller's buffer. Reusable: call <see cref="Reset"/> per message.</summary>
    public sealed class PayloadWriter
    {
        private byte[] _buffer = new byte[0];
        private int _start;
        private int _limit;

        /// <summary>Writes from <paramref name="offset"/> and never past <paramref name="offset"/> + <paramref name="capacity"/>.</summary>
        public void Reset(byte[] buffer, int offset, int capacity)
        {
            _buffer = buffer;
            _start = offset;
            Position = offset;
            _limit = offset + capacity;
        }

        /// <summary>Absolute position in the buffer of the next byte.</summary>
        public int Position { get; private set; }

        /// <summary>Bytes written since <see cref="Reset"/>.</summary>
        public int Length { get { return Position - _start; } }

        /// <summary>The buffer written into.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>Bytes still free.</summary>
        public int Remaining { get { return _limit - Position; } }

        public void WriteByte(int v)
        {
            Need(1);
            _buffer[Position++] = (byte)v;
        }

        public void WriteUInt16(int v)
        {
            Need(2);
            ByteOrder.WriteUInt16(_buffer, Position, v);
            Position += 2;
        }

        public void WriteInt16(int v)
        {
            WriteUInt16(v & 0xFFFF);
        }

        public void WriteUInt32(uint v)
        {
            Need(4);
            ByteOrder.WriteUInt32(_buffer, Position, v);
            Position += 4;
        }

        public void WriteUInt64(ulong v)
        {
            Need(8);
            ByteOrder.WriteUInt64(_buffer, Position, v);
            Position += 8;
        }

        /// <summary>
        /// An IEEE-754 single float, little-endian (f32). Allocates 4 bytes (BitConverter.GetBytes; nanoFramework has no
        /// allocation-free float-to-bits conversion), so firmware hot paths write no f32.
        /// </summary>
        public void WriteSingle(float v)
        {
            WriteBytes(System.BitConverter.GetBytes(v), 0, 4);
        }

        /// <summary>A string as u8 length + UTF-8 bytes (<see cref="Utf8"/>), cut to at most 255 bytes on a character boundary.</summary>
        public void WriteString(string s)
        {
            int total = Utf8.ByteCount(s);
            int limit = total > 255 ? 255 : total;
            Need(1 + limit);
            int n = Utf8.Encode(s, _buffer, Position + 1, limit);
            _buffer[Position] = (byte)n;
            Position += 1 + n;
        }

        public void WriteBytes(byte[] source, int offset, int count)
        {
            Need(count);
            System.Array.Copy(source, offset, _buffer, Position, count);
            Position += count;
        }

        /// <summary>Reserves <paramref name="count"/> bytes to be filled in place; returns their absolute offset.</summary>
        public int Skip(int count)
        {
            Need(count);
            int at = Position;
            Position += count;
            return at;
        }

        private void Need(int n)
        {
            if (Position + n > _limit)
            {
                throw new ProtocolException(ErrorCode.FrameTooLarge, "message needs more than the " + (_limit - _start).ToString() + " payload bytes available");
            }
        }
    }
}

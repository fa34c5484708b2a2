using CimController.Protocol;

namespace CimController.Firmware.Transcripts
{
    /// <summary>
    /// Writes transcripts (<see cref="TranscriptFormat"/>) to an <see cref="IByteSink"/> through a buffer of its own;
    /// <see cref="Flush"/> hands what is buffered to the sink. Not thread-safe: callers serialise events.
    /// </summary>
    public sealed class TranscriptWriter
    {
        private readonly IByteSink _sink;
        private readonly byte[] _buffer = new byte[16384];
        private int _used;

        public TranscriptWriter(IByteSink sink)
        {
            if (sink == null)
            {
                throw new System.ArgumentNullException("sink");
            }
            _sink = sink;
        }

        /// <summary>Starts a transcript with <paramref name="header"/>.</summary>
        public void Begin(TranscriptHeader header)
        {
            header.WriteTo(this);
        }

        public void Serve()
        {
            WriteByte(TranscriptFormat.Serve);
        }

        public void LinkRead(int countAsked, int timeoutMs, int result, byte[] buffer, int offset)
        {
            WriteByte(TranscriptFormat.LinkRead);
            WriteInt32(countAsked);
            WriteInt32(timeoutMs);
            WriteInt32(result);
            if (result > 0)
            {
                WriteBytes(buffer, offset, result);
            }
        }

        public void LinkWrite(byte[] buffer, int offset, int count, bool threw)
        {
            WriteByte(TranscriptFormat.LinkWrite);
            WriteInt32(count);
            WriteByte(threw ? 1 : 0);
            WriteBytes(buffer, offset, count);
        }

        public void Spi(int bus, byte[] tx, byte[] rx, int count)
        {
            WriteByte(TranscriptFormat.Spi);
            WriteByte(bus);
            WriteInt32(count);
            WriteBytes(tx, 0, count);
            WriteBytes(rx, 0, count);
        }

        public void Clock(long milliseconds)
        {
            WriteByte(TranscriptFormat.Clock);
            WriteInt64(milliseconds);
        }

        public void Delay(int microseconds)
        {
            WriteByte(TranscriptFormat.Delay);
            WriteInt32(microseconds);
        }

        /// <summary>Ends the transcript and flushes.</summary>
        public void End()
        {
            WriteByte(TranscriptFormat.End);
            Flush();
        }

        public void WriteByte(int v)
        {
            if (_used == _buffer.Length)
            {
                Flush();
            }
            _buffer[_used++] = (byte)v;
        }

        public void WriteInt32(int v)
        {
            WriteByte(v);
            WriteByte(v >> 8);
            WriteByte(v >> 16);
            WriteByte(v >> 24);
        }

        public void WriteInt64(long v)
        {
            WriteInt32((int)v);
            WriteInt32((int)(v >> 32));
        }

        /// <summary>A string as i32 byte count + UTF-8.</summary>
        public void WriteString(string s)
        {
            int n = Utf8.ByteCount(s);
            byte[] bytes = new byte[n];
            Utf8.Encode(s, bytes, 0, n);
            WriteInt32(n);
            WriteBytes(bytes, 0, n);
        }

        public void WriteBytes(byte[] source, int offset, int count)
        {
            while (count > 0)
            {
                if (_used == _buffer.Length)
                {
                    Flush();
                }
                int n = _buffer.Length - _used;
                if (n > count)
                {
                    n = count;
                }
                System.Array.Copy(source, offset, _buffer, _used, n);
                _used += n;
                offset += n;
                count -= n;
            }
        }

        /// <summary>Hands the buffered bytes to the sink.</summary>
        public void Flush()
        {
            if (_used > 0)
            {
                _sink.Write(_buffer, 0, _used);
                _used = 0;
            }
        }
    }
}

namespace CimController.Firmware.Transcripts
{
    /// <summary>
    /// Several transcripts as one byte stream: each is u8 1, i32 length, its bytes; u8 0 ends the stream. The reading
    /// side hands out one transcript at a time as a bounded <see cref="IByteSource"/>, so a replay that stops early
    /// (a mismatch) skips the rest of its transcript and the next one starts where it should.
    /// </summary>
    public sealed class TranscriptStream : IByteSource
    {
        private readonly IByteSource _source;
        private readonly byte[] _one = new byte[4];
        private int _remaining;

        public TranscriptStream(IByteSource source)
        {
            if (source == null)
            {
                throw new System.ArgumentNullException("source");
            }
            _source = source;
        }

        /// <summary>Length of the current transcript, bytes.</summary>
        public int Length { get; private set; }

        /// <summary>Skips what is left of the current transcript and moves to the next; false at the end of the stream.</summary>
        public bool MoveNext()
        {
            SkipRest();
            Exactly(_one, 1);
            if (_one[0] == 0)
            {
                return false;
            }
            if (_one[0] != 1)
            {
                throw new TranscriptFormatException("transcript stream marker " + _one[0].ToString() + " is neither 1 (a transcript follows) nor 0 (end)");
            }
            Exactly(_one, 4);
            int n = _one[0] | (_one[1] << 8) | (_one[2] << 16) | (_one[3] << 24);
            if (n < 0)
            {
                throw new TranscriptFormatException("transcript length " + n.ToString() + " is negative");
            }
            Length = n;
            _remaining = n;
            return true;
        }

        /// <summary>Reads from the current transcript only; 0 at its end.</summary>
        public int Read(byte[] buffer, int offset, int count)
        {
            if (count > _remaining)
            {
                count = _remaining;
            }
            if (count == 0)
            {
                return 0;
            }
            int n = _source.Read(buffer, offset, count);
            if (n <= 0)
            {
                throw new TranscriptFormatException("the transcript stream ends " + _remaining.ToString() + " bytes before the end of a transcript");
            }
            _remaining -= n;
            return n;
        }

        /// <summary>Discards what is left of the current transcript.</summary>
        public void SkipRest()
        {
            byte[] scratch = new byte[256];
            while (_remaining > 0)
            {
                Read(scratch, 0, _remaining < scratch.Length ? _remaining : scratch.Length);
            }
        }

        /// <summary>Frames <paramref name="count"/> bytes of one transcript onto <paramref name="sink"/>.</summary>
        public static void WriteTranscript(IByteSink sink, byte[] transcript, int count)
        {
            byte[] head = new byte[] { 1, (byte)count, (byte)(count >> 8), (byte)(count >> 16), (byte)(count >> 24) };
            sink.Write(head, 0, head.Length);
            sink.Write(transcript, 0, count);
        }

        /// <summary>Ends the stream on <paramref name="sink"/>.</summary>
        public static void WriteEnd(IByteSink sink)
        {
            byte[] end = new byte[] { 0 };
            sink.Write(end, 0, 1);
        }

        private void Exactly(byte[] buffer, int count)
        {
            int got = 0;
            while (got < count)
            {
                int n = _source.Read(buffer, got, count - got);
                if (n <= 0)
                {
                    throw new TranscriptFormatException("the transcript stream ends inside a stream marker");
                }
                got += n;
            }
        }
    }
}

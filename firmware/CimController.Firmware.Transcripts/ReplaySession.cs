namespace CimController.Firmware.Transcripts
{
    /// <summary>
    /// The cursor of one replay: the next recorded event, what has been checked, the first mismatch, and the time
    /// spent inside the replay interfaces (<see cref="OverheadTicks"/>: reading and comparing the transcript, which a
    /// real board and link would not cost). The replay interfaces (<see cref="ReplaySpiBus"/>,
    /// <see cref="ReplayHostLink"/>, <see cref="ReplayClock"/>, <see cref="ReplayDelay"/>) share one session.
    /// </summary>
    public sealed class ReplaySession
    {
        private readonly TranscriptReader _reader;
        private readonly string _name;
        private byte[] _scratch = new byte[4200];
        private int _peeked = -1;

        public ReplaySession(TranscriptReader reader, string name)
        {
            _reader = reader;
            _name = name;
            Stats = new ReplayStats();
        }

        /// <summary>The transcript's name.</summary>
        public string Name { get { return _name; } }

        /// <summary>Index of the next event (events checked or supplied so far).</summary>
        public int EventIndex { get; private set; }

        /// <summary>SPI transactions replayed.</summary>
        public int SpiTransactions { get; internal set; }

        /// <summary>Frames the firmware wrote.</summary>
        public int FramesOut { get; internal set; }

        /// <summary>Link reads that delivered bytes.</summary>
        public int ReadsIn { get; internal set; }

        /// <summary>True once the firmware did something the recording did not do.</summary>
        public bool Failed { get; private set; }

        /// <summary>The first mismatch, naming the transcript, the event and both byte strings; "" while none.</summary>
        public string Failure { get; private set; } = "";

        /// <summary>Ticks (100 ns) spent inside the replay interfaces.</summary>
        public long OverheadTicks;

        /// <summary>Time per command, by reply message type.</summary>
        public ReplayStats Stats { get; private set; }

        internal TranscriptReader Reader { get { return _reader; } }

        /// <summary>The kind of the next recorded event (read once, then kept until <see cref="Take"/>).</summary>
        public int PeekKind()
        {
            ThrowIfFailed();
            if (_peeked < 0)
            {
                try
                {
                    _peeked = _reader.ReadByte();
                }
                catch (TranscriptFormatException e)
                {
                    FailAt(EventIndex, e.Message);
                }
            }
            return _peeked;
        }

        /// <summary>Consumes the peeked event's kind; its fields follow in the reader.</summary>
        public void Take()
        {
            _peeked = -1;
            EventIndex++;
        }

        /// <summary>Consumes the next event when it is <paramref name="kind"/>; false (nothing consumed) otherwise.</summary>
        public bool TakeIf(int kind)
        {
            if (PeekKind() != kind)
            {
                return false;
            }
            Take();
            return true;
        }

        /// <summary>Fails: the firmware did <paramref name="firmwareDid"/> where the recording has the next event.</summary>
        public void FailUnexpected(string firmwareDid)
        {
            int at = EventIndex;
            FailAt(at, "the firmware " + firmwareDid + "; the recording has " + DescribeNext());
        }

        /// <summary>Fails on the event just taken: records the first mismatch and throws <see cref="ReplayMismatchException"/>.</summary>
        public void Fail(string what)
        {
            FailAt(EventIndex - 1, what);
        }

        private void FailAt(int index, string what)
        {
            RecordAt(index, what);
            throw new ReplayMismatchException(Failure);
        }

        /// <summary>
        /// Records the first mismatch, at the next event (not yet taken), without throwing: the replay is already outside
        /// the firmware.
        /// </summary>
        public void RecordAtNext(string firmwareDid)
        {
            int at = EventIndex;
            RecordAt(at, firmwareDid + "; the recording has " + DescribeNext());
        }

        /// <summary>Records the first mismatch at event <paramref name="index"/> without throwing.</summary>
        public void RecordAt(int index, string what)
        {
            if (!Failed)
            {
                Failed = true;
                Failure = "transcript '" + _name + "', event " + index.ToString() + ": " + what;
            }
        }

        /// <summary>Throws the recorded mismatch again: nothing may go on after one.</summary>
        public void ThrowIfFailed()
        {
            if (Failed)
            {
                throw new ReplayMismatchException(Failure);
            }
        }

        /// <summary>Allocates the comparison buffer for events of up to <paramref name="count"/> bytes now, not during the replay.</summary>
        public void Reserve(int count)
        {
            Scratch(count);
        }

        /// <summary>A buffer of at least <paramref name="count"/> bytes, reused between events.</summary>
        internal byte[] Scratch(int count)
        {
            if (_scratch.Length < count)
            {
                _scratch = new byte[count];
            }
            return _scratch;
        }

        /// <summary>Reads the next event whole (after a mismatch: the stream is not used again) and describes it.</summary>
        public string DescribeNext()
        {
            int kind = _peeked;
            _peeked = -1;
            try
            {
                TranscriptReader r = _reader;
                switch (kind)
                {
                    case TranscriptFormat.Serve:
                        return "the start of a new host link session";
                    case TranscriptFormat.End:
                        return "the end of the recording";
                    case TranscriptFormat.Clock:
                        return "a clock reading (" + r.ReadInt64().ToString() + " ms)";
                    case TranscriptFormat.Delay:
                        return "a delay of " + r.ReadInt32().ToString() + " us";
                    case TranscriptFormat.LinkRead:
                        {
                            int count = r.ReadInt32();
                            int timeout = r.ReadInt32();
                            int result = r.ReadInt32();
                            return "a link read (up to " + count.ToString() + " bytes within " + timeout.ToString() + " ms, answered " + result.ToString() + ")";
                        }
                    case TranscriptFormat.LinkWrite:
                        {
                            int n = r.ReadCount("frame length");
                            r.ReadByte();
                            byte[] b = Scratch(n);
                            r.ReadBytes(b, 0, n);
                            return "a frame out of " + n.ToString() + " bytes: " + HexText.Of(b, 0, n, 0);
                        }
                    case TranscriptFormat.Spi:
                        {
                            int bus = r.ReadByte();
                            int n = r.ReadCount("SPI byte count");
                            byte[] b = Scratch(n);
                            r.ReadBytes(b, 0, n);
                            return "SPI transaction " + SpiTransactions.ToString() + " on bus " + bus.ToString() + " sending " + n.ToString() + " bytes: " + HexText.Of(b, 0, n, 0);
                        }
                    default:
                        return "an unknown event kind " + kind.ToString();
                }
            }
            catch (TranscriptFormatException e)
            {
                return TranscriptFormat.KindName(kind) + " (unreadable: " + e.Message + ")";
            }
        }
    }
}

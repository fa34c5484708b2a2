using CimController.Protocol.Board;

namespace CimController.Firmware.Transcripts
{
    /// <summary>
    /// An SPI bus that answers from a recording: each transfer must send exactly the recorded bytes on the recorded
    /// bus, and receives the bytes the board answered then.
    /// </summary>
    public sealed class ReplaySpiBus : ISpiBus
    {
        private readonly ReplaySession _session;
        private readonly int _bus;

        public ReplaySpiBus(ReplaySession session, int bus)
        {
            _session = session;
            _bus = bus;
        }

        public void Transfer(byte[] tx, byte[] rx, int count)
        {
            long start = System.DateTime.UtcNow.Ticks;
            ReplaySession s = _session;
            int index = s.SpiTransactions;
            if (!s.TakeIf(TranscriptFormat.Spi))
            {
                s.FailUnexpected("made SPI transaction " + index.ToString() + " on bus " + _bus.ToString() + " sending " +
                count.ToString() + " bytes: " + HexText.Of(tx, 0, count, 0));
            }
            TranscriptReader r = s.Reader;
            int bus = r.ReadByte();
            int n = r.ReadCount("SPI byte count");
            byte[] recorded = s.Scratch(n);
            r.ReadBytes(recorded, 0, n);
            int diff = HexText.FirstDifference(tx, 0, count, recorded, 0, n);
            if (bus != _bus || diff >= 0)
            {
                int at = diff < 0 ? 0 : diff;
                s.Fail("SPI transaction " + index.ToString() + " differs" + (diff >= 0 ? " first at byte " + diff.ToString() : "") +
                    ": the firmware sent " + count.ToString() + " bytes on bus " + _bus.ToString() + ": " + HexText.Of(tx, 0, count, at) +
                    "; the recording has " + n.ToString() + " bytes on bus " + bus.ToString() + ": " + HexText.Of(recorded, 0, n, at));
            }
            r.ReadBytes(rx, 0, n);
            s.SpiTransactions = index + 1;
            s.OverheadTicks += System.DateTime.UtcNow.Ticks - start;
        }
    }
}

using CimController.Protocol;

namespace CimController.Firmware.Transcripts
{
    /// <summary>
    /// A host link that delivers the recorded host bytes and checks every frame the firmware writes against the
    /// recorded one. After a mismatch it reads as closed, so Serve returns. It also times each command: from the
    /// read that delivered the request to the reply (progress frames do not end a command).
    /// </summary>
    public sealed class ReplayHostLink : IHostLink
    {
        private readonly ReplaySession _session;
        private long _markTicks;
        private long _markOverhead;
        private long _requestBytes;

        public ReplayHostLink(ReplaySession session)
        {
            _session = session;
            _markTicks = System.DateTime.UtcNow.Ticks;
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            ReplaySession s = _session;
            if (s.Failed)
            {
                return -1;
            }
            long start = System.DateTime.UtcNow.Ticks;
            if (!s.TakeIf(TranscriptFormat.LinkRead))
            {
                s.FailUnexpected("read the host link (up to " + count.ToString() + " bytes within " + timeoutMs.ToString() + " ms)");
            }
            TranscriptReader r = s.Reader;
            int askedCount = r.ReadInt32();
            int askedTimeout = r.ReadInt32();
            int result = r.ReadInt32();
            if (askedCount != count || askedTimeout != timeoutMs)
            {
                s.Fail("the firmware read the host link for up to " + count.ToString() + " bytes within " + timeoutMs.ToString() +
                    " ms; the recording read up to " + askedCount.ToString() + " bytes within " + askedTimeout.ToString() + " ms");
            }
            if (result > count)
            {
                s.Fail("the recorded link read returned " + result.ToString() + " bytes, more than the " + count.ToString() + " asked for");
            }
            if (result > 0)
            {
                r.ReadBytes(buffer, offset, result);
                s.ReadsIn++;
            }
            long end = System.DateTime.UtcNow.Ticks;
            s.OverheadTicks += end - start;
            if (result > 0)
            {
                if (_requestBytes == 0)
                {
                    _markTicks = end;
                    _markOverhead = s.OverheadTicks;
                }
                _requestBytes += result;
            }
            if (result == TranscriptFormat.ReadThrew)
            {
                throw new System.IO.IOException("the recorded link read failed here");
            }
            return result;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            ReplaySession s = _session;
            long start = System.DateTime.UtcNow.Ticks;
            int index = s.FramesOut;
            if (!s.TakeIf(TranscriptFormat.LinkWrite))
            {
                s.FailUnexpected("wrote frame " + index.ToString() + " of " + count.ToString() + " bytes: " + HexText.Of(buffer, offset, count, 0));
            }
            TranscriptReader r = s.Reader;
            int n = r.ReadCount("frame length");
            bool threw = r.ReadByte() != 0;
            byte[] recorded = s.Scratch(n);
            r.ReadBytes(recorded, 0, n);
            int diff = HexText.FirstDifference(buffer, offset, count, recorded, 0, n);
            if (diff >= 0)
            {
                s.Fail("frame " + index.ToString() + " out differs first at byte " + diff.ToString() + ": the firmware wrote " + count.ToString() +
                    " bytes: " + HexText.Of(buffer, offset, count, diff) + "; the recording has " + n.ToString() + " bytes: " + HexText.Of(recorded, 0, n, diff));
            }
            s.FramesOut = index + 1;
            long end = System.DateTime.UtcNow.Ticks;
            s.OverheadTicks += end - start;
            bool progress = count > FrameFormat.FlagsOffset && (buffer[offset + FrameFormat.FlagsOffset] & FrameFlags.Progress) != 0;
            if (!progress && count > FrameFormat.TypeOffset)
            {
                s.Stats.Add(buffer[offset + FrameFormat.TypeOffset], end - _markTicks, s.OverheadTicks - _markOverhead, _requestBytes);
                _markTicks = end;
                _markOverhead = s.OverheadTicks;
                _requestBytes = 0;
            }
            if (threw)
            {
                throw new System.IO.IOException("the recorded link write failed here");
            }
        }
    }
}

namespace CimController.Firmware.Transcripts
{
    /// <summary>A delay that must last what the recorded one lasted, and returns at once.</summary>
    public sealed class ReplayDelay : IDelay
    {
        private readonly ReplaySession _session;

        public ReplayDelay(ReplaySession session)
        {
            _session = session;
        }

        public void DelayMicroseconds(int microseconds)
        {
            long start = System.DateTime.UtcNow.Ticks;
            if (!_session.TakeIf(TranscriptFormat.Delay))
            {
                _session.FailUnexpected("waited " + microseconds.ToString() + " us");
            }
            int recorded = _session.Reader.ReadInt32();
            if (recorded != microseconds)
            {
                _session.Fail("the firmware waited " + microseconds.ToString() + " us; the recording waited " + recorded.ToString() + " us");
            }
            _session.OverheadTicks += System.DateTime.UtcNow.Ticks - start;
        }
    }
}

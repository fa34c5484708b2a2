namespace CimController.Firmware.Transcripts
{
    /// <summary>A clock that reads the recorded values, in the recorded order.</summary>
    public sealed class ReplayClock : IClock
    {
        private readonly ReplaySession _session;

        public ReplayClock(ReplaySession session)
        {
            _session = session;
        }

        public long NowMs
        {
            get
            {
                long start = System.DateTime.UtcNow.Ticks;
                if (!_session.TakeIf(TranscriptFormat.Clock))
                {
                    _session.FailUnexpected("read the clock");
                }
                long v = _session.Reader.ReadInt64();
                _session.OverheadTicks += System.DateTime.UtcNow.Ticks - start;
                return v;
            }
        }
    }
}

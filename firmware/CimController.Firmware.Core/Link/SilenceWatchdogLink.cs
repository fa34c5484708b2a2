namespace CimController.Firmware
{
    /// <summary>
    /// A host link that puts the board in its safe state when the host has been silent too long. It wraps the
    /// real link; when a read returns nothing and no byte has arrived for <see cref="SilenceMs"/>, it calls
    /// <see cref="ICimBoard.SoftReset"/> once (again only after the host has spoken). The call happens inside
    /// <see cref="Read"/>, i.e. on the serving thread between two commands: no command, hence no pulse, is in
    /// flight, and the board driver is never used from two threads. The link keeps serving afterwards.
    /// </summary>
    public sealed class SilenceWatchdogLink : IHostLink
    {
        private readonly IHostLink _inner;
        private readonly ICimBoard _board;
        private readonly IClock _clock;
        private readonly int _silenceMs;
        private long _lastByteMs;
        private bool _safe;

        /// <summary>Wraps <paramref name="inner"/>; <paramref name="silenceMs"/> &gt;= 1.</summary>
        public SilenceWatchdogLink(IHostLink inner, ICimBoard board, IClock clock, int silenceMs)
        {
            if (inner == null)
            {
                throw new System.ArgumentNullException("inner");
            }
            if (board == null)
            {
                throw new System.ArgumentNullException("board");
            }
            if (clock == null)
            {
                throw new System.ArgumentNullException("clock");
            }
            if (silenceMs < 1)
            {
                throw new System.ArgumentOutOfRangeException("silenceMs", "the silence limit must be at least 1 ms");
            }
            _inner = inner;
            _board = board;
            _clock = clock;
            _silenceMs = silenceMs;
            _lastByteMs = clock.NowMs;
        }

        /// <summary>Silence, ms, after which the board is put in its safe state.</summary>
        public int SilenceMs { get { return _silenceMs; } }

        /// <summary>Times the board was put in its safe state.</summary>
        public int SafeStates { get; private set; }

        /// <summary>The last safe-state attempt failed (the board did not answer); cleared by the next success.</summary>
        public bool LastSafeStateFailed { get; private set; }

        /// <summary>True while the host is silent and the board was put in its safe state.</summary>
        public bool IsSafe { get { return _safe; } }

        /// <summary>Milliseconds since the host last sent a byte.</summary>
        public long SilentForMs { get { return _clock.NowMs - _lastByteMs; } }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            int n = _inner.Read(buffer, offset, count, timeoutMs);
            long now = _clock.NowMs;
            if (n > 0)
            {
                _lastByteMs = now;
                _safe = false;
            }
            else if (n == 0 && !_safe && now - _lastByteMs >= _silenceMs)
            {
                _safe = true;
                try
                {
                    _board.SoftReset();
                    SafeStates++;
                    LastSafeStateFailed = false;
                }
                catch (System.Exception)
                {
                    // The board did not answer: keep serving; the host will see the board error on its next command.
                    LastSafeStateFailed = true;
                }
            }
            return n;
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            _inner.Write(buffer, offset, count);
        }
    }
}

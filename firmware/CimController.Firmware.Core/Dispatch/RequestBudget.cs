using CimController.Protocol;

namespace CimController.Firmware
{
    /// <summary>
    /// The time the request being handled may take: the dispatcher starts it when a request arrives, and every deadline a
    /// command computes from its own time budget is cut to <see cref="CommandCaps.RequestMs"/> after that moment. Pair
    /// writes of one TrainUpdate, each a write-verify with its own budget, share the request's deadline this way.
    /// </summary>
    public sealed class RequestBudget
    {
        private readonly IClock _clock;
        private long _deadlineMs;

        /// <summary>Creates the budget over the firmware's clock.</summary>
        public RequestBudget(IClock clock)
        {
            _clock = clock;
            _deadlineMs = clock.NowMs + CommandCaps.RequestMs;
        }

        /// <summary>Starts a request that arrived at <paramref name="nowMs"/>: it may run <see cref="CommandCaps.RequestMs"/> from then.</summary>
        public void Start(long nowMs)
        {
            _deadlineMs = nowMs + CommandCaps.RequestMs;
        }

        /// <summary>When the request's time is up, in <see cref="IClock.NowMs"/> terms.</summary>
        public long RequestDeadlineMs { get { return _deadlineMs; } }

        /// <summary>The earlier of now + <paramref name="budgetMs"/> and the request's deadline.</summary>
        public long DeadlineMs(uint budgetMs)
        {
            long own = _clock.NowMs + budgetMs;
            return own < _deadlineMs ? own : _deadlineMs;
        }
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>Outcome of write-verify for one cell (WriteVerifyResult).</summary>
    public static class WriteVerifyStatus
    {
        /// <summary>Final conductance inside [target - tolerance, target + tolerance].</summary>
        public const int InBand = 0;
        /// <summary>The allowed number of set-reset trials ended without landing in the band.</summary>
        public const int TrialsExhausted = 1;
        /// <summary>No response: the conductance did not move by the minimum response within the stuck-pulse count.</summary>
        public const int Stuck = 2;
        /// <summary>The per-cell pulse budget ran out.</summary>
        public const int PulseBudget = 3;
        /// <summary>The command's time budget ran out before or while this cell was programmed.</summary>
        public const int TimeBudget = 4;

        public static string Name(int status)
        {
            switch (status)
            {
                case InBand: return "InBand";
                case TrialsExhausted: return "TrialsExhausted";
                case Stuck: return "Stuck";
                case PulseBudget: return "PulseBudget";
                case TimeBudget: return "TimeBudget";
                default: return "Status" + status.ToString();
            }
        }
    }
}

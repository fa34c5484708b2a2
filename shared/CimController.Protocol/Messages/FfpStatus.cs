namespace CimController.Protocol.Messages
{
    /// <summary>Why an FFP sweep or FFP programming stopped (FfpSweepResult, FfpProgramResult).</summary>
    public static class FfpStatus
    {
        /// <summary>Program: the resistance is within the tolerance of the target.</summary>
        public const int InTolerance = 0;
        /// <summary>Program: the table's expected step would land farther from the target than the cell is now (closest reachable state).</summary>
        public const int WouldPass = 1;
        /// <summary>Program: the last pulse event carried the cell past the target (FFP does not turn back).</summary>
        public const int Passed = 2;
        /// <summary>The pulse-event budget of the request ran out.</summary>
        public const int EventBudget = 3;
        /// <summary>The time budget of the request ran out.</summary>
        public const int TimeBudget = 4;
        /// <summary>The resistance did not improve for the no-progress event count.</summary>
        public const int NoProgress = 5;
        /// <summary>Sweep: the window end (stop resistance) was reached.</summary>
        public const int WindowEnd = 6;
        /// <summary>Sweep: the reply is full; sweep again from the current state to continue.</summary>
        public const int ReplyFull = 7;
        /// <summary>The table holds no voltage for the present resistance bin.</summary>
        public const int NoTableEntry = 8;

        public static string Name(int status)
        {
            switch (status)
            {
                case InTolerance: return "InTolerance";
                case WouldPass: return "WouldPass";
                case Passed: return "Passed";
                case EventBudget: return "EventBudget";
                case TimeBudget: return "TimeBudget";
                case NoProgress: return "NoProgress";
                case WindowEnd: return "WindowEnd";
                case ReplyFull: return "ReplyFull";
                case NoTableEntry: return "NoTableEntry";
                default: return "Status" + status.ToString();
            }
        }
    }
}

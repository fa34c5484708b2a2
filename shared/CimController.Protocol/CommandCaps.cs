namespace CimController.Protocol
{
    /// <summary>
    /// The firmware's caps on the work one request can ask for, whatever its budget fields say (shared/PROTOCOL.md,
    /// "Budgets and caps"): a budget above its cap is refused with OutOfRange naming the value and the cap, so a request
    /// either runs within them or not at all; a host splits larger jobs into requests within them. Together with the stop
    /// on a lost host link (the firmware's ProgressReporter) they bound how long the firmware is busy for one request.
    /// </summary>
    public static class CommandCaps
    {
        /// <summary>
        /// Longest one request may run, ms (10 minutes): the largest time budget WriteVerify, FfpCalibrate, FfpSweep and
        /// FfpProgram accept, the budget of an FfpCalibrate that gives none, the whole time of a TrainUpdate's pair writes,
        /// and the longest pulse train (count x applied width) of Pulse and FfpApplyGroup.
        /// </summary>
        public const uint RequestMs = 600000;

        /// <summary>
        /// Longest write-verify spends on one cell, ms: a cell not in its band by then ends with TimeBudget and the next
        /// cell starts, so one unresponsive cell cannot use up a whole request.
        /// </summary>
        public const uint CellMs = 60000;

        /// <summary>
        /// Most pulses one cell may take in one request: WriteVerify's max pulses per cell and stuck pulses, FfpCalibrate's
        /// pulses and reset pulses (each), FfpSweep's and FfpProgram's max pulse events, FfpApplyGroup's pulses.
        /// </summary>
        public const int PulsesPerCell = 10000;
    }
}

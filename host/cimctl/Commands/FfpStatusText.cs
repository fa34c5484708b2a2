using System;
using CimController.Experiments.Ffp;
using CimController.Protocol.Messages;

namespace CimController.Cli.Commands
{
    /// <summary>What an FFP programming status means for the cell, in words, and whether the cell ended where it was asked to be.</summary>
    public static class FfpStatusText
    {
        /// <summary>One sentence on why programming stopped and where the cell ended relative to the tolerance.</summary>
        public static string Explain(int status, double errorOhms, double toleranceOhms)
        {
            string why = status switch
            {
                FfpStatus.InTolerance => "the firmware read the cell within the tolerance and stopped",
                FfpStatus.WouldPass => "stopped before the next pulse event: the table's expected step would have carried the cell farther past the target than it is now (FFP does not turn back)",
                FfpStatus.Passed => "the last pulse event carried the cell past the target (FFP does not turn back)",
                FfpStatus.EventBudget => "the pulse-event budget ran out (--max-events)",
                FfpStatus.TimeBudget => "the time budget ran out",
                FfpStatus.NoProgress => "pulse events stopped moving the cell toward the target (a window end or a saturated device)",
                FfpStatus.WindowEnd => "the cell reached the end of the table's window",
                FfpStatus.NoTableEntry => "the table holds no voltage for the cell's resistance bin (calibrate again: --rebuild)",
                _ => "status " + FfpStatus.Name(status) + " reported by the firmware",
            };
            string where = FfpProgramOutcome.IsReached(errorOhms, toleranceOhms)
                ? "; it ended " + OptionParsing.N(Math.Abs(errorOhms)) + " ohm from the target, within the " + OptionParsing.N(toleranceOhms) + " ohm tolerance"
                : "; it ended " + OptionParsing.N(Math.Abs(errorOhms)) + " ohm from the target, outside the " + OptionParsing.N(toleranceOhms) + " ohm tolerance";
            return why + where;
        }
    }
}

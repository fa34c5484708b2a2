using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Analysis;
using CimController.Host;

namespace CimController.Experiments.WriteVerify
{
    /// <summary>Converts the client's write-verify results for the analysis.</summary>
    public static class WriteVerifyResults
    {
        /// <summary>Analysis records of <paramref name="cells"/>; <paramref name="levelOf"/> maps a target (nS) to its level index (−1 if none).</summary>
        public static List<WriteVerifyCell> ToAnalysis(IEnumerable<WriteVerifyCellResult> cells, double toleranceUs, Func<uint, int> levelOf)
        {
            return cells.Select(c => new WriteVerifyCell(c.Row, c.Col, levelOf(c.TargetNanosiemens), c.TargetNanosiemens / 1000.0, toleranceUs, c.FinalMicrosiemens,
                c.Success, c.Pulses, c.Trials, c.StatusName)).ToList();
        }

        /// <summary>Level index of the target nearest <paramref name="targetNs"/> when within 1 nS, else −1.</summary>
        public static int LevelOf(double[] targetsUs, uint targetNs)
        {
            for (int k = 0; k < targetsUs.Length; k++)
            {
                if (Math.Abs(targetsUs[k] * 1000 - targetNs) <= 1)
                {
                    return k;
                }
            }
            return -1;
        }

        /// <summary>The pulse trains as text, e.g. "SET 1.5-3 V, RESET 1.5-3 V, steps 100/100 mV, 1000 ns".</summary>
        public static string DescribeScheme(WriteVerifyOptions o)
        {
            return "SET " + NumberText.N(o.SetStartMillivolts / 1000.0) + "-" + NumberText.N(o.SetStopMillivolts / 1000.0) + " V, RESET "
                + NumberText.N(o.ResetStartMillivolts / 1000.0) + "-" + NumberText.N(o.ResetStopMillivolts / 1000.0) + " V, steps "
                + o.SetStepMillivolts + "/" + o.ResetStepMillivolts + " mV, " + o.WidthNs + " ns";
        }
    }
}

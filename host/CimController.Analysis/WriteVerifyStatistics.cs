using System;
using System.Collections.Generic;
using System.Linq;

namespace CimController.Analysis
{
    /// <summary>Outcome of write-verifying one cell, in the units the analysis needs (independent of the wire types).</summary>
    /// <param name="Row">Row.</param>
    /// <param name="Col">Column.</param>
    /// <param name="Level">Target level index (0-based).</param>
    /// <param name="TargetMicrosiemens">Target conductance, µS.</param>
    /// <param name="ToleranceMicrosiemens">Half-width of the band, µS.</param>
    /// <param name="FinalMicrosiemens">Conductance read at the end, µS.</param>
    /// <param name="InBand">The firmware reported success.</param>
    /// <param name="Pulses">Pulses used.</param>
    /// <param name="Trials">Set-reset trials used.</param>
    /// <param name="Status">The firmware's status name.</param>
    public sealed record WriteVerifyCell(int Row, int Col, int Level, double TargetMicrosiemens, double ToleranceMicrosiemens, double FinalMicrosiemens, bool InBand, int Pulses, int Trials, string Status);

    /// <summary>
    /// Summary of a write-verify characterisation (Wu 2023 Fig. 2g): fraction of cells in band (as reported and as
    /// re-checked from the final conductance against the band), pulses per cell, the trials histogram and the per-level
    /// distributions for the CDF plot.
    /// </summary>
    public sealed class WriteVerifyStatistics
    {
        private WriteVerifyStatistics(IReadOnlyList<WriteVerifyCell> cells)
        {
            Cells = cells;
            int n = cells.Count;
            InBandReported = n == 0 ? 0 : (double)cells.Count(c => c.InBand) / n;
            InBandMeasured = n == 0 ? 0 : (double)cells.Count(c => Math.Abs(c.FinalMicrosiemens - c.TargetMicrosiemens) <= c.ToleranceMicrosiemens + 1e-9) / n;
            PulsesMean = n == 0 ? 0 : cells.Average(c => (double)c.Pulses);
            PulsesMax = n == 0 ? 0 : cells.Max(c => c.Pulses);
            TrialsMax = n == 0 ? 0 : cells.Max(c => c.Trials);
            TrialsHistogram = cells.GroupBy(c => c.Trials).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count())).ToList();
            StatusCounts = cells.GroupBy(c => c.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count())).ToList();
        }

        /// <summary>The cells.</summary>
        public IReadOnlyList<WriteVerifyCell> Cells { get; }
        /// <summary>Fraction of cells the firmware reported in band.</summary>
        public double InBandReported { get; }
        /// <summary>Fraction of cells whose final conductance lies within target ± tolerance.</summary>
        public double InBandMeasured { get; }
        /// <summary>Mean pulses per cell.</summary>
        public double PulsesMean { get; }
        /// <summary>Most pulses one cell needed.</summary>
        public int PulsesMax { get; }
        /// <summary>Most trials one cell needed.</summary>
        public int TrialsMax { get; }
        /// <summary>Cells per trial count.</summary>
        public IReadOnlyList<(int Trials, long Cells)> TrialsHistogram { get; }
        /// <summary>Cells per final status.</summary>
        public IReadOnlyList<(string Status, long Cells)> StatusCounts { get; }

        /// <summary>Summarises <paramref name="cells"/>.</summary>
        public static WriteVerifyStatistics Summarize(IReadOnlyList<WriteVerifyCell> cells)
        {
            ArgumentNullException.ThrowIfNull(cells);
            return new WriteVerifyStatistics(cells);
        }

        /// <summary>Final conductances grouped by level (index = level), µS.</summary>
        public double[][] FinalByLevel(int levels)
        {
            var lists = Enumerable.Range(0, levels).Select(_ => new List<double>()).ToArray();
            foreach (WriteVerifyCell c in Cells)
            {
                if (c.Level >= 0 && c.Level < levels)
                {
                    lists[c.Level].Add(c.FinalMicrosiemens);
                }
            }
            return lists.Select(l => l.ToArray()).ToArray();
        }

        /// <summary>
        /// <paramref name="levels"/> targets spread evenly over [<paramref name="low"/>, <paramref name="high"/>]
        /// (Wu 2023 Fig. 2g: 16 levels over 2.3-9.4 µA at 0.3 V = 7.67-31.3 µS).
        /// </summary>
        public static double[] EvenLevels(double low, double high, int levels)
        {
            if (levels < 2 || !(high > low))
            {
                throw new ArgumentException("needs at least 2 levels and high > low");
            }
            return Enumerable.Range(0, levels).Select(k => low + (high - low) * k / (levels - 1)).ToArray();
        }
    }
}

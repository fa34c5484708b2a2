using System;
using System.Collections.Generic;

namespace CimController.Analysis
{
    /// <summary>Which sweep states enter a level's CPD.</summary>
    public enum SkipSampleMode
    {
        /// <summary>
        /// Every state visited while the level's pulse group is applied (after each of its events), normalised so that
        /// 0 is the current level and 1 the next: the reading of Diao 2025 Fig. 4c/d, whose n = 32 curves rise across
        /// 0..1 and whose n = 512 curves (about one event per level) cluster at 1.
        /// </summary>
        VisitedStates,
        /// <summary>Only the state after the whole group (where the next level should be).</summary>
        FinalState,
    }

    /// <summary>
    /// Diao 2025's cumulative-probability (CPD) analysis of the level ladder (Fig. 4c/d): for each level, the
    /// distribution over repeated sweeps of the "normalised resistance level" (0 = the current level, 1 = the next
    /// level); a level whose normalised level exceeds 1 at CPD = 80 % tends to be skipped ("skip-prone"; the paper
    /// counts 0 for n = 32, 117 (potentiation) and 8 (depression) for n = 512).
    /// </summary>
    public static class SkipAnalysis
    {
        /// <summary>The paper's CPD threshold, 80 %.</summary>
        public const double PaperCpd = 0.8;

        /// <summary>
        /// Per occupied level j (except the last) of <paramref name="plan"/>, the normalised levels observed in
        /// <paramref name="sweeps"/>: in each sweep the state nearest r_a,j (ohms, first on a tie) is found, the
        /// group's number of events k_j = m_j' − m_j is followed from there, and each visited state R becomes
        /// (R − r_a,j) / (r_a,j' − r_a,j). Groups that run past a sweep's end keep the states that exist.
        /// The list is indexed like <see cref="SegmentationResult.Groups"/>.
        /// </summary>
        public static List<double[]> SamplesFromSweeps(SegmentationResult plan, IReadOnlyList<FfpSweep> sweeps, SkipSampleMode mode = SkipSampleMode.VisitedStates)
        {
            ArgumentNullException.ThrowIfNull(plan);
            ArgumentNullException.ThrowIfNull(sweeps);
            var result = new List<double[]>();
            foreach (PulseGroup group in plan.Groups)
            {
                ProgramLevel from = plan.Levels[group.FromLevel - 1];
                ProgramLevel to = plan.Levels[group.ToLevel - 1];
                double span = to.AchievedOhms - from.AchievedOhms;
                var samples = new List<double>();
                foreach (FfpSweep sweep in sweeps)
                {
                    int p = FfpSegmentation.ArgMinDistance(sweep.Ohms, from.AchievedOhms);
                    int last = Math.Min(p + group.Pulses, sweep.Ohms.Length - 1);
                    if (last <= p || span == 0)
                    {
                        continue;
                    }
                    int first = mode == SkipSampleMode.FinalState ? last : p + 1;
                    if (mode == SkipSampleMode.FinalState && p + group.Pulses > sweep.Ohms.Length - 1)
                    {
                        continue;
                    }
                    for (int i = first; i <= last; i++)
                    {
                        samples.Add((sweep.Ohms[i] - from.AchievedOhms) / span);
                    }
                }
                result.Add(samples.ToArray());
            }
            return result;
        }

        /// <summary>
        /// Reads each level's CPD at <paramref name="cpd"/> (inverse empirical CDF, <see cref="Stats.EmpiricalQuantile"/>)
        /// and counts the levels above 1. <paramref name="levelNumbers"/> names the levels (defaults to 1, 2, ...);
        /// levels without samples are listed but never skip-prone.
        /// </summary>
        public static SkipAnalysisResult Analyze(IReadOnlyList<double[]> samplesPerLevel, double cpd = PaperCpd, IReadOnlyList<int>? levelNumbers = null)
        {
            ArgumentNullException.ThrowIfNull(samplesPerLevel);
            if (!(cpd > 0 && cpd <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(cpd), cpd, "the CPD threshold must be in (0, 1]");
            }
            if (levelNumbers != null && levelNumbers.Count != samplesPerLevel.Count)
            {
                throw new ArgumentException("levelNumbers has " + levelNumbers.Count + " entries for " + samplesPerLevel.Count + " levels");
            }
            var levels = new List<LevelCpd>();
            int skipProne = 0;
            for (int i = 0; i < samplesPerLevel.Count; i++)
            {
                double[] s = samplesPerLevel[i] ?? Array.Empty<double>();
                int number = levelNumbers?[i] ?? i + 1;
                if (s.Length == 0)
                {
                    levels.Add(new LevelCpd(number, 0, double.NaN, double.NaN, false));
                    continue;
                }
                double q = Stats.EmpiricalQuantile(s, cpd);
                double median = Stats.EmpiricalQuantile(s, 0.5);
                bool prone = q > 1;
                if (prone)
                {
                    skipProne++;
                }
                levels.Add(new LevelCpd(number, s.Length, q, median, prone));
            }
            return new SkipAnalysisResult(cpd, levels, skipProne);
        }

        /// <summary><see cref="SamplesFromSweeps"/> then the per-level CPD reading, levels named by their group's start level.</summary>
        public static SkipAnalysisResult Analyze(SegmentationResult plan, IReadOnlyList<FfpSweep> sweeps, double cpd = PaperCpd, SkipSampleMode mode = SkipSampleMode.VisitedStates)
        {
            List<double[]> samples = SamplesFromSweeps(plan, sweeps, mode);
            var numbers = new List<int>();
            foreach (PulseGroup g in plan.Groups)
            {
                numbers.Add(g.FromLevel);
            }
            var result = Analyze(samples, cpd, numbers);
            result.Samples = samples;
            return result;
        }
    }

    /// <summary>One level's CPD reading.</summary>
    /// <param name="Level">Level number (the group's start level).</param>
    /// <param name="Samples">Number of samples.</param>
    /// <param name="AtCpd">Normalised level at the CPD threshold.</param>
    /// <param name="Median">Normalised level at CPD 50 %.</param>
    /// <param name="SkipProne">AtCpd > 1.</param>
    public sealed record LevelCpd(int Level, int Samples, double AtCpd, double Median, bool SkipProne);

    /// <summary>Result of the SkipAnalysis.Analyze overloads.</summary>
    public sealed class SkipAnalysisResult
    {
        internal SkipAnalysisResult(double cpd, List<LevelCpd> levels, int skipProne)
        {
            Cpd = cpd;
            Levels = levels;
            SkipProneCount = skipProne;
        }

        /// <summary>The CPD threshold used (0.8 in the paper).</summary>
        public double Cpd { get; }

        /// <summary>Per level readings.</summary>
        public IReadOnlyList<LevelCpd> Levels { get; }

        /// <summary>Levels whose normalised level at <see cref="Cpd"/> exceeds 1.</summary>
        public int SkipProneCount { get; }

        /// <summary>The samples behind each level (set when built from sweeps), for plots.</summary>
        public IReadOnlyList<double[]>? Samples { get; internal set; }
    }
}

using System;
using System.Collections.Generic;

namespace CimController.Analysis
{
    /// <summary>
    /// Diao 2025's multilevel resistance segmentation (Experimental section, Fig. 3d, Fig. 4a/b): the FFP sweep R_FF is
    /// normalised to [0, 1]; n targets r_i,1..r_i,n are spaced evenly from the sweep's start state (level 1) to its
    /// end state (level n: for potentiation r_i,1 = 1 (HRS) ... r_i,n = 0 (LRS), for depression the reverse); for each
    /// target m_j = argmin |R_FF - r_i,j| (first index on a tie) and r_a,j = R_FF[m_j]; the pulse-event group that moves
    /// a cell from level j to the next occupied level j' is the write voltages of events m_j .. m_j' - 1 (event k turns
    /// state k into state k + 1, so the group ends exactly on state m_j'). A target whose nearest sweep point is already
    /// taken by an earlier level, or lies before it in the sweep (a noisy, non-monotone sweep), cannot be reached by
    /// further pulses: it stays unoccupied and is reported, as in the paper ("the states of the elements in R_i will
    /// remain unoccupied").
    /// </summary>
    public static class FfpSegmentation
    {
        /// <summary>Segments <paramref name="sweep"/> into <paramref name="levels"/> program levels (n >= 2).</summary>
        public static SegmentationResult Segment(FfpSweep sweep, int levels)
        {
            ArgumentNullException.ThrowIfNull(sweep);
            if (levels < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(levels), levels, "the level count n must be at least 2");
            }
            double[] y = sweep.Normalised();
            double start = sweep.Direction == SweepDirection.Potentiation ? 1.0 : 0.0;
            double end = 1.0 - start;
            var result = new ProgramLevel[levels];
            int lastOccupied = -1;
            int lastOccupiedLevel = -1;
            for (int j = 0; j < levels; j++)
            {
                double target = start + (end - start) * j / (levels - 1);
                int m = ArgMinDistance(y, target);
                bool occupied = m > lastOccupied;
                UnoccupiedReason reason = UnoccupiedReason.None;
                int? owner = null;
                if (!occupied)
                {
                    reason = m == lastOccupied ? UnoccupiedReason.SweepPointTaken : UnoccupiedReason.BehindPreviousLevel;
                    owner = m == lastOccupied ? lastOccupiedLevel + 1 : null;
                }
                result[j] = new ProgramLevel(j + 1, target, m, y[m], sweep.Ohms[m], occupied, reason, owner);
                if (occupied)
                {
                    lastOccupied = m;
                    lastOccupiedLevel = j;
                }
            }
            var groups = new List<PulseGroup>();
            int previous = -1;
            for (int j = 0; j < levels; j++)
            {
                if (!result[j].Occupied)
                {
                    continue;
                }
                if (previous >= 0)
                {
                    int first = result[previous].SweepIndex;
                    int count = result[j].SweepIndex - first;
                    var volts = new double[count];
                    Array.Copy(sweep.Volts, first, volts, 0, count);
                    groups.Add(new PulseGroup(previous + 1, j + 1, first, volts));
                }
                previous = j;
            }
            return new SegmentationResult(sweep, levels, result, groups);
        }

        /// <summary>Index of the element of <paramref name="values"/> nearest <paramref name="target"/>; the first one on a tie.</summary>
        public static int ArgMinDistance(IReadOnlyList<double> values, double target)
        {
            int best = 0;
            double bestDistance = double.MaxValue;
            for (int i = 0; i < values.Count; i++)
            {
                double d = Math.Abs(values[i] - target);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = i;
                }
            }
            return best;
        }
    }

    /// <summary>Why a target level stayed unoccupied.</summary>
    public enum UnoccupiedReason
    {
        /// <summary>The level is occupied.</summary>
        None,
        /// <summary>Its nearest sweep point is the point of the previous occupied level (the sweep's steps are too coarse here).</summary>
        SweepPointTaken,
        /// <summary>Its nearest sweep point lies before the previous occupied level's (a non-monotone, noisy sweep).</summary>
        BehindPreviousLevel,
    }

    /// <summary>
    /// One target level j of a segmentation: its normalised target r_i,j, the sweep index m_j nearest it, the achieved
    /// r_a,j (normalised and in ohms) and whether the level is occupied.
    /// </summary>
    /// <param name="Index">Level number j, 1-based (level 1 is the sweep's start state).</param>
    /// <param name="Target">r_i,j, normalised.</param>
    /// <param name="SweepIndex">m_j: index into the sweep's reads.</param>
    /// <param name="Achieved">r_a,j = R_FF[m_j], normalised.</param>
    /// <param name="AchievedOhms">r_a,j in ohms.</param>
    /// <param name="Occupied">False when the level cannot be separated from its neighbours in this sweep.</param>
    /// <param name="Reason">Why it is unoccupied.</param>
    /// <param name="SharesPointWith">For <see cref="UnoccupiedReason.SweepPointTaken"/>: the level whose sweep point it shares.</param>
    public sealed record ProgramLevel(int Index, double Target, int SweepIndex, double Achieved, double AchievedOhms, bool Occupied, UnoccupiedReason Reason, int? SharesPointWith)
    {
        /// <summary>r_a,j − r_i,j, normalised.</summary>
        public double Error => Achieved - Target;
    }

    /// <summary>The pulse events that move a cell from level <paramref name="FromLevel"/> to the next occupied level <paramref name="ToLevel"/>: the sweep's events FirstEvent .. FirstEvent + Volts.Length − 1.</summary>
    public sealed record PulseGroup(int FromLevel, int ToLevel, int FirstEvent, double[] Volts)
    {
        /// <summary>Number of pulse events in the group.</summary>
        public int Pulses => Volts.Length;
    }

    /// <summary>The result of <see cref="FfpSegmentation.Segment"/>.</summary>
    public sealed class SegmentationResult
    {
        internal SegmentationResult(FfpSweep sweep, int levelCount, ProgramLevel[] levels, List<PulseGroup> groups)
        {
            Sweep = sweep;
            LevelCount = levelCount;
            Levels = levels;
            Groups = groups;
            var unoccupied = new List<int>();
            double maxError = 0, sumSquares = 0;
            int occupied = 0;
            foreach (ProgramLevel level in levels)
            {
                if (level.Occupied)
                {
                    occupied++;
                    maxError = Math.Max(maxError, Math.Abs(level.Error));
                    sumSquares += level.Error * level.Error;
                }
                else
                {
                    unoccupied.Add(level.Index);
                }
            }
            DistinctLevels = occupied;
            Unoccupied = unoccupied;
            Nlf = maxError;
            RmsLevelError = occupied > 0 ? Math.Sqrt(sumSquares / occupied) : 0;
        }

        /// <summary>The segmented sweep.</summary>
        public FfpSweep Sweep { get; }

        /// <summary>n, the number of target levels asked for.</summary>
        public int LevelCount { get; }

        /// <summary>All n target levels in sweep order (level 1 = start state).</summary>
        public IReadOnlyList<ProgramLevel> Levels { get; }

        /// <summary>Pulse-event groups between consecutive occupied levels.</summary>
        public IReadOnlyList<PulseGroup> Groups { get; }

        /// <summary>Number of occupied (distinct) levels.</summary>
        public int DistinctLevels { get; }

        /// <summary>Level numbers (1-based) that stayed unoccupied.</summary>
        public IReadOnlyList<int> Unoccupied { get; }

        /// <summary>
        /// Non-linearity factor: max over occupied levels of |r_a,j − r_i,j|, normalised. Diao 2025 quotes NLF = 0.001
        /// (potentiation) and 0.0009 (depression) for its level ladders without defining it; this is our definition
        /// (the largest deviation of the achieved ladder from the ideal straight ladder, in units of the window).
        /// </summary>
        public double Nlf { get; }

        /// <summary>Root-mean-square of r_a,j − r_i,j over occupied levels, normalised.</summary>
        public double RmsLevelError { get; }

        /// <summary>Pulse events per group: mean, min and max.</summary>
        public (double Mean, int Min, int Max) PulsesPerGroup
        {
            get
            {
                if (Groups.Count == 0)
                {
                    return (0, 0, 0);
                }
                int min = int.MaxValue, max = 0;
                long sum = 0;
                foreach (PulseGroup g in Groups)
                {
                    min = Math.Min(min, g.Pulses);
                    max = Math.Max(max, g.Pulses);
                    sum += g.Pulses;
                }
                return ((double)sum / Groups.Count, min, max);
            }
        }

        /// <summary>Occupied levels only, in order.</summary>
        public List<ProgramLevel> OccupiedLevels()
        {
            var list = new List<ProgramLevel>();
            foreach (ProgramLevel level in Levels)
            {
                if (level.Occupied)
                {
                    list.Add(level);
                }
            }
            return list;
        }
    }
}

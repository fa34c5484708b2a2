using System;
using System.Collections.Generic;
using MathNet.Numerics;

namespace CimController.Analysis
{
    /// <summary>
    /// Least-squares fit of Diao 2025's nonlinearity coefficient nu (eq. 2 for potentiation, eq. 3 for depression):
    /// <code>
    /// potentiation: y = (1 − e^(nu (n_j − n))) / (1 − e^(−nu n))     (y falls from 1 at n_j = 0 to 0 at n_j = n)
    /// depression:   y = (1 − e^(nu n_j)) / (1 − e^(nu n))            (y rises from 0 at n_j = 0 to 1 at n_j = n)
    /// </code>
    /// with y = (R − r_min) / (r_max − r_min), n_j the pulse event number and n the number of events; nu -> 0 is a
    /// straight line. The sum of squared residuals is minimised over a = nu n by a scan of 1601 points spaced evenly
    /// in asinh(a) over |a| &lt;= 500 followed by golden-section refinement between the best point's neighbours
    /// (the objective is smooth and, for ladder-like data, unimodal). Evaluated with expm1 so that tiny nu
    /// (1e-5 at n = 512) keep full precision.
    /// <para>
    /// For a level ladder (<see cref="FitLadder"/>) the paper's Fig. 4 convention is used: n_j = j is the level number
    /// 1..n (one consolidated pulse event per level) and n is the level count. Note that with this convention a
    /// perfectly straight ladder (r_a,j = r_i,j) already gives nu ≈ 5/n² (4.9e-3, 3.1e-4, 1.9e-5 for n = 32, 128, 512 —
    /// the paper's values): the level at n_j = 1 sits at y = 1 while eq. 2 puts n_j = 0 there. See
    /// <see cref="StraightLadderNu"/>; <see cref="FitSweep"/> measures the raw FFP sweep (n_j = event 0..N).
    /// </para>
    /// </summary>
    public static class LinearityFit
    {
        private const double MaxA = 500;
        private const int ScanPoints = 1601;

        /// <summary>Eq. 2 (potentiation) or eq. 3 (depression) at pulse event <paramref name="x"/> of <paramref name="n"/>.</summary>
        public static double Model(double x, double nu, double n, SweepDirection direction)
        {
            double a = nu * n;
            if (Math.Abs(a) < 1e-12)
            {
                return direction == SweepDirection.Potentiation ? (n - x) / n : x / n;
            }
            return direction == SweepDirection.Potentiation
                ? SpecialFunctions.Expm1(nu * (x - n)) / SpecialFunctions.Expm1(-a)
                : SpecialFunctions.Expm1(nu * x) / SpecialFunctions.Expm1(a);
        }

        /// <summary>Fits nu to points (<paramref name="x"/>, <paramref name="y"/>) with total event count <paramref name="n"/>.</summary>
        public static LinearityFitResult Fit(IReadOnlyList<double> x, IReadOnlyList<double> y, double n, SweepDirection direction)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            if (x.Count != y.Count)
            {
                throw new ArgumentException("x has " + x.Count + " points but y has " + y.Count);
            }
            if (x.Count < 3)
            {
                throw new ArgumentException("a nu fit needs at least 3 points, got " + x.Count);
            }
            if (!(n > 0) || !double.IsFinite(n))
            {
                throw new ArgumentOutOfRangeException(nameof(n), n, "the total event count n must be positive");
            }
            double Sse(double a)
            {
                double nu = a / n;
                double s = 0;
                for (int i = 0; i < x.Count; i++)
                {
                    double r = y[i] - Model(x[i], nu, n, direction);
                    s += r * r;
                }
                return s;
            }
            double uMax = Math.Asinh(MaxA);
            var u = new double[ScanPoints];
            var f = new double[ScanPoints];
            int best = 0;
            for (int i = 0; i < ScanPoints; i++)
            {
                u[i] = -uMax + 2 * uMax * i / (ScanPoints - 1);
                f[i] = Sse(Math.Sinh(u[i]));
                if (f[i] < f[best])
                {
                    best = i;
                }
            }
            double lo = Math.Sinh(u[Math.Max(0, best - 1)]);
            double hi = Math.Sinh(u[Math.Min(ScanPoints - 1, best + 1)]);
            double aBest = GoldenSection(Sse, lo, hi, 1e-14);
            if (Sse(0) <= Sse(aBest))
            {
                aBest = 0;
            }
            double sse = Sse(aBest);
            return new LinearityFitResult(aBest / n, n, direction, x.Count, sse, Math.Sqrt(sse / x.Count), Math.Abs(aBest) >= MaxA * 0.999);
        }

        /// <summary>
        /// Fits the ladder of occupied levels of <paramref name="segmentation"/>: n_j = level number j (1..n), n = level
        /// count, y = r_a,j normalised (the paper's Fig. 4 fit).
        /// </summary>
        public static LinearityFitResult FitLadder(SegmentationResult segmentation)
        {
            ArgumentNullException.ThrowIfNull(segmentation);
            var x = new List<double>();
            var y = new List<double>();
            foreach (ProgramLevel level in segmentation.OccupiedLevels())
            {
                x.Add(level.Index);
                y.Add(level.Achieved);
            }
            return Fit(x, y, segmentation.LevelCount, segmentation.Sweep.Direction);
        }

        /// <summary>Fits the raw FFP sweep: n_j = event number 0..N, n = N events, y = normalised reads.</summary>
        public static LinearityFitResult FitSweep(FfpSweep sweep)
        {
            ArgumentNullException.ThrowIfNull(sweep);
            double[] y = sweep.Normalised();
            var x = new double[y.Length];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = i;
            }
            return Fit(x, y, sweep.Events, sweep.Direction);
        }

        /// <summary>nu that <see cref="FitLadder"/> returns for a perfectly straight ladder of <paramref name="levels"/> levels (≈ 5/n²).</summary>
        public static double StraightLadderNu(int levels, SweepDirection direction)
        {
            if (levels < 3)
            {
                throw new ArgumentOutOfRangeException(nameof(levels), levels, "needs at least 3 levels");
            }
            var x = new double[levels];
            var y = new double[levels];
            for (int j = 0; j < levels; j++)
            {
                x[j] = j + 1;
                double t = (double)j / (levels - 1);
                y[j] = direction == SweepDirection.Potentiation ? 1 - t : t;
            }
            return Fit(x, y, levels, direction).Nu;
        }

        /// <summary>Golden-section minimum of <paramref name="f"/> on [<paramref name="a"/>, <paramref name="b"/>].</summary>
        public static double GoldenSection(Func<double, double> f, double a, double b, double relativeTolerance)
        {
            const double InvPhi = 0.6180339887498949;
            double c = b - InvPhi * (b - a);
            double d = a + InvPhi * (b - a);
            double fc = f(c), fd = f(d);
            for (int i = 0; i < 400 && Math.Abs(b - a) > relativeTolerance * (Math.Abs(c) + Math.Abs(d)) + 1e-300; i++)
            {
                if (fc < fd)
                {
                    b = d;
                    d = c;
                    fd = fc;
                    c = b - InvPhi * (b - a);
                    fc = f(c);
                }
                else
                {
                    a = c;
                    c = d;
                    fc = fd;
                    d = a + InvPhi * (b - a);
                    fd = f(d);
                }
            }
            return (a + b) / 2;
        }
    }

    /// <summary>A fitted nu (eq. 2/3 of Diao 2025).</summary>
    /// <param name="Nu">The fitted nonlinearity coefficient.</param>
    /// <param name="N">Total event count n used in the model.</param>
    /// <param name="Direction">Which equation: potentiation (2) or depression (3).</param>
    /// <param name="Points">Points fitted.</param>
    /// <param name="Sse">Sum of squared residuals (normalised units).</param>
    /// <param name="RmsResidual">sqrt(Sse / Points).</param>
    /// <param name="AtBound">True when |nu n| hit the search bound (the data are far from eq. 2/3's shape).</param>
    public sealed record LinearityFitResult(double Nu, double N, SweepDirection Direction, int Points, double Sse, double RmsResidual, bool AtBound);
}

using System;
using System.Collections.Generic;
using MathNet.Numerics;

namespace CimController.Analysis
{
    /// <summary>
    /// Maximum-likelihood fit of a location-scale Student's t distribution T(loc, s, nu) (Diao 2025 eq. 5) to samples.
    /// For a fixed nu, loc and s are found by the EM iteration of Lange, Little &amp; Taylor (1989)
    /// (weights w_i = (nu + 1) / (nu + ((x_i − loc)/s)²), loc = Σ w x / Σ w, s² = Σ w (x − loc)² / N), which increases the
    /// likelihood monotonically; nu is then chosen by maximising that profile likelihood over ln nu in
    /// [ln <see cref="MinNu"/>, ln <see cref="MaxNu"/>] (scan of 41 points and golden-section refinement). A fit that
    /// ends at <see cref="MaxNu"/> means the data are indistinguishable from a normal distribution.
    /// </summary>
    public static class StudentTFit
    {
        /// <summary>Smallest degrees of freedom considered.</summary>
        public const double MinNu = 0.5;
        /// <summary>Largest degrees of freedom considered (beyond this T is a normal distribution for any practical purpose).</summary>
        public const double MaxNu = 1000;
        /// <summary>Fewest samples for a maximum-likelihood fit; smaller sets get the moment fallback.</summary>
        public const int MinSamples = 5;

        /// <summary>Fits T(loc, s, nu) to <paramref name="samples"/>.</summary>
        public static StudentTParameters Fit(IReadOnlyList<double> samples)
        {
            ArgumentNullException.ThrowIfNull(samples);
            if (samples.Count == 0)
            {
                throw new ArgumentException("a Student-t fit needs samples, got none");
            }
            foreach (double v in samples)
            {
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException("a Student-t fit needs finite samples");
                }
            }
            double mean = Stats.Mean(samples);
            double sd = Stats.StandardDeviation(samples);
            double floor = 1e-12 * Math.Max(1, Math.Abs(mean));
            if (samples.Count < MinSamples || sd <= floor)
            {
                // Too few (or identical) samples for MLE: a normal with the sample moments (nu at its cap).
                return new StudentTParameters(mean, Math.Max(sd, floor), MaxNu, samples.Count, FitMethod.Moments, double.NaN);
            }
            double bestU = 0, bestL = double.NegativeInfinity;
            double lnMin = Math.Log(MinNu), lnMax = Math.Log(MaxNu);
            const int Scan = 41;
            var grid = new double[Scan];
            for (int i = 0; i < Scan; i++)
            {
                grid[i] = lnMin + (lnMax - lnMin) * i / (Scan - 1);
                double l = Profile(samples, Math.Exp(grid[i]), mean, sd).LogLikelihood;
                if (l > bestL)
                {
                    bestL = l;
                    bestU = i;
                }
            }
            int b = (int)bestU;
            double lo = grid[Math.Max(0, b - 1)], hi = grid[Math.Min(Scan - 1, b + 1)];
            double u = LinearityFit.GoldenSection(v => -Profile(samples, Math.Exp(v), mean, sd).LogLikelihood, lo, hi, 1e-9);
            double nu = Math.Exp(u);
            var (loc, scale, ll) = Profile(samples, nu, mean, sd);
            if (ll < bestL)
            {
                nu = Math.Exp(grid[b]);
                (loc, scale, ll) = Profile(samples, nu, mean, sd);
            }
            return new StudentTParameters(loc, scale, nu, samples.Count, FitMethod.MaximumLikelihood, ll);
        }

        /// <summary>Log density of T(loc, s, nu) at x (eq. 5 shifted and scaled).</summary>
        public static double LogDensity(double x, double loc, double scale, double nu)
        {
            double z = (x - loc) / scale;
            return SpecialFunctions.GammaLn((nu + 1) / 2) - SpecialFunctions.GammaLn(nu / 2)
                - 0.5 * Math.Log(nu * Math.PI) - Math.Log(scale) - (nu + 1) / 2 * Math.Log(1 + z * z / nu);
        }

        private static (double Loc, double Scale, double LogLikelihood) Profile(IReadOnlyList<double> x, double nu, double mean, double sd)
        {
            double loc = mean;
            double s2 = sd * sd;
            int n = x.Count;
            for (int iter = 0; iter < 500; iter++)
            {
                double sw = 0, swx = 0;
                for (int i = 0; i < n; i++)
                {
                    double d = x[i] - loc;
                    double w = (nu + 1) / (nu + d * d / s2);
                    sw += w;
                    swx += w * x[i];
                }
                double newLoc = swx / sw;
                double ss = 0;
                for (int i = 0; i < n; i++)
                {
                    double d = x[i] - newLoc;
                    double w = (nu + 1) / (nu + d * d / s2);
                    ss += w * d * d;
                }
                double newS2 = Math.Max(ss / n, 1e-300);
                bool done = Math.Abs(newLoc - loc) <= 1e-12 * Math.Sqrt(newS2) && Math.Abs(newS2 - s2) <= 1e-10 * newS2;
                loc = newLoc;
                s2 = newS2;
                if (done)
                {
                    break;
                }
            }
            double scale = Math.Sqrt(s2);
            double ll = 0;
            for (int i = 0; i < n; i++)
            {
                ll += LogDensity(x[i], loc, scale, nu);
            }
            return (loc, scale, ll);
        }
    }

    /// <summary>How a <see cref="StudentTParameters"/> was obtained.</summary>
    public enum FitMethod
    {
        /// <summary>Maximum likelihood (EM for loc/scale, profile likelihood for nu).</summary>
        MaximumLikelihood,
        /// <summary>Fewer than <see cref="StudentTFit.MinSamples"/> or identical samples: sample mean and standard deviation, nu = <see cref="StudentTFit.MaxNu"/>.</summary>
        Moments,
        /// <summary>Copied from another level (an unoccupied level takes the parameters of the level that owns its sweep point, or of the nearest fitted level).</summary>
        Borrowed,
    }

    /// <summary>Parameters of T(loc, s, nu).</summary>
    /// <param name="Loc">Location (the paper's loc).</param>
    /// <param name="Scale">Scale s > 0.</param>
    /// <param name="Nu">Degrees of freedom nu > 0.</param>
    /// <param name="Samples">Samples behind the fit.</param>
    /// <param name="Method">How it was obtained.</param>
    /// <param name="LogLikelihood">Log-likelihood of the samples at the fit (NaN for moments).</param>
    public sealed record StudentTParameters(double Loc, double Scale, double Nu, int Samples, FitMethod Method, double LogLikelihood);
}

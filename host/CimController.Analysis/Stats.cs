using System;
using System.Collections.Generic;
using System.Linq;

namespace CimController.Analysis
{
    /// <summary>Small descriptive statistics used across the analyses.</summary>
    public static class Stats
    {
        /// <summary>
        /// The inverse of the empirical CDF at probability <paramref name="p"/> in (0, 1]: the smallest sample x with
        /// F(x) >= p, F(x) = (number of samples &lt;= x) / N (no interpolation; "type 1" quantile). This is what reading a
        /// CPD plot at p gives.
        /// </summary>
        public static double EmpiricalQuantile(IReadOnlyList<double> samples, double p)
        {
            ArgumentNullException.ThrowIfNull(samples);
            if (samples.Count == 0)
            {
                throw new ArgumentException("no samples");
            }
            if (!(p > 0 && p <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in (0, 1]");
            }
            double[] sorted = samples.ToArray();
            Array.Sort(sorted);
            int k = (int)Math.Ceiling(p * sorted.Length - 1e-12) - 1;
            return sorted[Math.Clamp(k, 0, sorted.Length - 1)];
        }

        /// <summary>Mean of <paramref name="values"/> (NaN when empty).</summary>
        public static double Mean(IReadOnlyList<double> values)
        {
            if (values.Count == 0)
            {
                return double.NaN;
            }
            double s = 0;
            foreach (double v in values)
            {
                s += v;
            }
            return s / values.Count;
        }

        /// <summary>Sample standard deviation (n − 1; 0 for fewer than two values).</summary>
        public static double StandardDeviation(IReadOnlyList<double> values)
        {
            if (values.Count < 2)
            {
                return 0;
            }
            double m = Mean(values);
            double s = 0;
            foreach (double v in values)
            {
                s += (v - m) * (v - m);
            }
            return Math.Sqrt(s / (values.Count - 1));
        }

        /// <summary>Pearson correlation coefficient of Diao 2025 eq. 1 over the common length of <paramref name="x"/> and <paramref name="y"/> (NaN when a series is constant).</summary>
        public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
        {
            int n = Math.Min(x.Count, y.Count);
            if (n < 2)
            {
                return double.NaN;
            }
            double mx = 0, my = 0;
            for (int i = 0; i < n; i++)
            {
                mx += x[i];
                my += y[i];
            }
            mx /= n;
            my /= n;
            double sxy = 0, sxx = 0, syy = 0;
            for (int i = 0; i < n; i++)
            {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
                syy += (y[i] - my) * (y[i] - my);
            }
            return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace CimController.Analysis
{
    /// <summary>
    /// The bins of a histogram: bin i spans <see cref="Edges"/>[i]..<see cref="Edges"/>[i + 1] (the last bin includes its
    /// upper edge) and holds <see cref="Counts"/>[i] values. Counts are never negative and add up to the number of values.
    /// </summary>
    public sealed record HistogramBins(double[] Edges, double[] Counts)
    {
        /// <summary>Bin width (all bins are equally wide).</summary>
        public double Width => Edges.Length > 1 ? Edges[1] - Edges[0] : 0;

        /// <summary>Bin centres.</summary>
        public double[] Centers => Enumerable.Range(0, Counts.Length).Select(i => (Edges[i] + Edges[i + 1]) / 2).ToArray();

        /// <summary><paramref name="bins"/> equal bins from the smallest to the largest value (for measured, continuous values).</summary>
        public static HistogramBins EqualWidth(IReadOnlyList<double> values, int bins)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
            if (values.Count == 0)
            {
                return new HistogramBins(new[] { 0.0, 1.0 }, new[] { 0.0 });
            }

            double lo = values.Min(), hi = values.Max();
            if (hi <= lo)
            {
                hi = lo + Math.Max(1e-12, Math.Abs(lo) * 1e-6);
            }

            double w = (hi - lo) / bins;
            double[] edges = Enumerable.Range(0, bins + 1).Select(i => i == bins ? hi : lo + (i * w)).ToArray();
            var counts = new double[bins];
            foreach (double v in values)
            {
                counts[Math.Clamp((int)((v - lo) / w), 0, bins - 1)]++;
            }

            return new HistogramBins(edges, counts);
        }

        /// <summary>
        /// Bins for whole-number values (pulses, trials): each bin covers a whole number of integers, centred between
        /// half-integers (k - 0.5 .. k + w - 0.5), one integer per bin when the range allows at most
        /// <paramref name="maxBins"/> bins, else 2, 5, 10, 20, ... integers per bin.
        /// </summary>
        public static HistogramBins Integers(IReadOnlyList<int> values, int maxBins = 60)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 1);
            if (values.Count == 0)
            {
                return new HistogramBins(new[] { -0.5, 0.5 }, new[] { 0.0 });
            }

            int lo = values.Min(), hi = values.Max();
            long width = 1;
            for (int k = 0; (hi - lo) / width + 1 > maxBins; k++)
            {
                width = (k % 3) switch { 0 => 2, 1 => 5, _ => 10 } * (long)Math.Pow(10, k / 3);
            }

            long first = (long)Math.Floor(lo / (double)width) * width;
            int bins = (int)((hi - first) / width) + 1;
            double[] edges = Enumerable.Range(0, bins + 1).Select(i => first + (i * width) - 0.5).ToArray();
            var counts = new double[bins];
            foreach (int v in values)
            {
                counts[(int)((v - first) / width)]++;
            }

            return new HistogramBins(edges, counts);
        }
    }
}

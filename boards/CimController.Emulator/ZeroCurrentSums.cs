using System;
using System.Collections.Concurrent;

namespace CimController.Emulator
{
    /// <summary>
    /// The sum of N conversions of a column that draws no current (every input of the vector 0: black image patches, ReLU
    /// zeros), drawn with one lookup. Such a conversion is max(0, floor(0.5 + sigma z)) with z from the noise table
    /// (<see cref="NoiseSource"/>), so its code distribution is known exactly: the table's 65536 equally likely values give
    /// the probability of each code, the N-fold convolution gives the sum's, and the sum is drawn from 65536 stratified
    /// quantiles of that distribution, as the table itself draws the normal (a quantile step of 1/65536 in probability).
    /// Converting the column N times draws from the same distribution; this costs one draw instead of N. Tables are built
    /// once per (sigma, N, largest code) and shared by every board of the process.
    /// </summary>
    internal sealed class ZeroCurrentSums
    {
        private const int Quantiles = 1 << 16;
        private static readonly ConcurrentDictionary<(float Sigma, int Conversions, int MaxCode), ZeroCurrentSums> Tables = new();

        private readonly ushort[] _sums;

        private ZeroCurrentSums(float sigmaLsb, int conversions, int maxCode)
        {
            SigmaLsb = sigmaLsb;
            Conversions = conversions;
            MaxCode = maxCode;
            double[] sum = Distribution(sigmaLsb, conversions, maxCode);
            _sums = new ushort[Quantiles];
            double cdf = 0;
            int s = 0;
            for (int j = 0; j < Quantiles; j++)
            {
                double p = (j + 0.5) / Quantiles;
                while (s < sum.Length - 1 && cdf + sum[s] < p)
                {
                    cdf += sum[s];
                    s++;
                }

                _sums[j] = (ushort)s;
            }
        }

        public float SigmaLsb { get; }
        public int Conversions { get; }
        public int MaxCode { get; }

        /// <summary>The table for one conversion's noise <paramref name="sigmaLsb"/>, <paramref name="conversions"/> conversions and ADC codes up to <paramref name="maxCode"/>.</summary>
        public static ZeroCurrentSums For(float sigmaLsb, int conversions, int maxCode) =>
            Tables.GetOrAdd((sigmaLsb, conversions, maxCode), key => new ZeroCurrentSums(key.Sigma, key.Conversions, key.MaxCode));

        /// <summary>True when this table belongs to these parameters.</summary>
        public bool Matches(float sigmaLsb, int conversions, int maxCode) =>
            SigmaLsb == sigmaLsb && Conversions == conversions && MaxCode == maxCode;

        /// <summary>One summed code for a 16-bit uniform index.</summary>
        public ushort Draw(int index16) => _sums[index16 & (Quantiles - 1)];

        /// <summary>The probability of each sum, for tests: the N-fold convolution of one conversion's code distribution.</summary>
        internal static double[] Distribution(float sigmaLsb, int conversions, int maxCode)
        {
            // One conversion: the code of each table value, computed as the per-conversion path computes it (float).
            float[] table = NoiseSource.Table;
            var one = new double[maxCode + 1];
            foreach (float z in table)
            {
                one[(int)Math.Clamp(MathF.Floor(0.5f + (z * sigmaLsb)), 0f, maxCode)] += 1.0 / table.Length;
            }

            double[] sum = { 1.0 };
            for (int k = 0; k < conversions; k++)
            {
                sum = Convolve(sum, one);
            }

            return sum;
        }

        private static double[] Convolve(double[] a, double[] b)
        {
            int lastA = Last(a), lastB = Last(b);
            var c = new double[lastA + lastB + 1];
            for (int i = 0; i <= lastA; i++)
            {
                if (a[i] == 0) continue;
                for (int j = 0; j <= lastB; j++)
                {
                    c[i + j] += a[i] * b[j];
                }
            }

            return c;
        }

        private static int Last(double[] p)
        {
            int last = p.Length - 1;
            while (last > 0 && p[last] == 0) last--;
            return last;
        }
    }
}

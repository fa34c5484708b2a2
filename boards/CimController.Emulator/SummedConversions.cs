using System;
using System.Numerics;

namespace CimController.Emulator
{
    /// <summary>
    /// The u16 sum of N noisy conversions of one column (CONVERSIONS = N &gt; 1) drawn as one sum instead of N conversions.
    /// <para>
    /// One conversion of a column whose noise-free value is m LSB gives clamp(floor(m + 0.5 + sigma z), 0, max) (<see cref="ColumnAdc"/>).
    /// Where no conversion can clip (m at least <see cref="EdgeSigmas"/> sigma inside the range; the noise table's draws stop at
    /// 4.33 sigma, <see cref="NoiseSource"/>), each code is m + sigma z_k - u_k with the rounding error u_k uniform on
    /// (-0.5, 0.5) and independent of the draw, up to a term of order exp(-2 pi^2 sigma^2) (2.7e-9 at sigma = 1 LSB; the
    /// b-RRAM ADC has 2 LSB). So the sum of N codes has mean N m and variance N (sigma^2 + 1/12), and it is drawn as
    /// floor(N m + 0.5 + sqrt(N sigma^2 + (N - 1) / 12) z): one normal draw per column instead of N, the same mean and
    /// variance, and a shape that differs from the exact sum only by N uniform rounding errors against their Gaussian of the
    /// same variance. Columns near either end of the ADC range, and every column of a vector whose noise is below
    /// <see cref="MinSigmaLsb"/>, are converted N times as the chip does.
    /// </para>
    /// <para>
    /// Streams: the summed draws of vector v come from stream ~(2v) of the command key, its per-conversion draws near the
    /// range ends from stream ~(2v + 1); the per-conversion path of <see cref="MacEngine"/> uses the non-negative streams
    /// v x N + k, so no two uses share a stream.
    /// </para>
    /// </summary>
    internal static class SummedConversions
    {
        /// <summary>Smallest noise of one conversion, in LSB, for which rounding errors are uniform enough to be summed as noise.</summary>
        public const float MinSigmaLsb = 1f;

        /// <summary>Distance from either end of the ADC range, in sigmas of one conversion, inside which a column is converted
        /// N times (no draw of the noise table reaches it: its largest is 4.33).</summary>
        public const float EdgeSigmas = 5f;

        /// <summary>
        /// Writes into <paramref name="sums"/> the summed codes of <paramref name="conversions"/> conversions of the column sums
        /// <paramref name="columnSums"/> (ADC units before <paramref name="scale"/>) of vector <paramref name="vector"/>, whose one
        /// conversion has noise <paramref name="sigmaLsb"/> (at least <see cref="MinSigmaLsb"/>). <paramref name="scratch"/> holds
        /// at least columns + conversions floats. Float arithmetic throughout (sums up to 128 x 255 keep a resolution of 1/256 LSB).
        /// </summary>
        public static void Draw(ReadOnlySpan<float> columnSums, float scale, float sigmaLsb, int conversions, int maxCode,
            ulong commandKey, int vector, Span<ushort> sums, Span<float> scratch)
        {
            int cc = columnSums.Length;
            // One standard normal per column in every case, so that a column's draw does not depend on its neighbours' values.
            Span<float> draws = scratch.Slice(0, cc);
            Span<float> edgeDraws = scratch.Slice(cc, conversions);
            NoiseSource.Stream(commandKey, ~(2L * vector)).Fill(draws);
            var edge = new EdgeStream(commandKey, vector);
            var p = new Parameters(scale, sigmaLsb, conversions, maxCode);
            int w = Vector<float>.Count, c = 0;
            for (; c + w <= cc; c += w)
            {
                Vector<float> m = new Vector<float>(columnSums.Slice(c)) * new Vector<float>(scale);
                Vector<float> sum = Vector.Floor(m * new Vector<float>(p.N) + new Vector<float>(0.5f) + new Vector<float>(p.SigmaSum) * new Vector<float>(draws.Slice(c)));
                Vector<int> codes = Vector.ConvertToInt32(Vector.Min(Vector.Max(sum, Vector<float>.Zero), new Vector<float>(p.MaxSum)));
                // Sums are at most 128 x 255 < 2^15: narrowing to 16 bits keeps them; the upper half repeats the lower.
                Vector<ushort> narrow = Vector.AsVectorUInt16(Vector.Narrow(codes, codes));
                for (int i = 0; i < w; i++)
                {
                    sums[c + i] = narrow[i];
                }

                Vector<int> inside = Vector.GreaterThanOrEqual(m, new Vector<float>(p.Low)) & Vector.LessThanOrEqual(m, new Vector<float>(p.High));
                if (!Vector.EqualsAll(inside, new Vector<int>(-1)))
                {
                    for (int i = 0; i < w; i++)
                    {
                        if (inside[i] == 0)
                        {
                            sums[c + i] = (ushort)SumOfCodes(m[i] + 0.5f, sigmaLsb, ref edge, edgeDraws, maxCode);
                        }
                    }
                }
            }

            for (; c < cc; c++)
            {
                float m = columnSums[c] * scale;
                sums[c] = m >= p.Low && m <= p.High
                    ? (ushort)Math.Clamp(MathF.Floor(m * p.N + 0.5f + p.SigmaSum * draws[c]), 0f, p.MaxSum)
                    : (ushort)SumOfCodes(m + 0.5f, sigmaLsb, ref edge, edgeDraws, maxCode);
            }
        }

        /// <summary>The sum's constants for one vector: N, the sum's sigma, its largest value and the range of values summed by one draw.</summary>
        private readonly struct Parameters
        {
            public readonly float N, SigmaSum, MaxSum, Low, High;

            public Parameters(float scale, float sigmaLsb, int conversions, int maxCode)
            {
                N = conversions;
                SigmaSum = MathF.Sqrt((N * sigmaLsb * sigmaLsb) + ((N - 1) / 12f));
                MaxSum = conversions * maxCode;
                Low = EdgeSigmas * sigmaLsb - 0.5f;
                High = maxCode + 0.5f - EdgeSigmas * sigmaLsb;
            }
        }

        /// <summary>The per-conversion draws of a vector's columns near the range ends, started on first use.</summary>
        private struct EdgeStream
        {
            private readonly ulong _key;
            private readonly int _vector;
            private NormalStream _stream;
            private bool _started;

            public EdgeStream(ulong key, int vector)
            {
                _key = key;
                _vector = vector;
                _stream = default;
                _started = false;
            }

            public void Fill(Span<float> standardNormals)
            {
                if (!_started)
                {
                    _stream = NoiseSource.Stream(_key, ~(2L * _vector + 1));
                    _started = true;
                }

                _stream.Fill(standardNormals);
            }
        }

        /// <summary>
        /// sum_k clamp(floor(<paramref name="offset"/> + sigma z_k), 0, max) over fresh standard normals z_k: N conversions of one
        /// value, quantised as the ADC quantises each.
        /// </summary>
        private static int SumOfCodes(float offset, float sigmaLsb, ref EdgeStream stream, Span<float> noise, int maxCode)
        {
            stream.Fill(noise);
            int w = Vector<float>.Count, k = 0;
            var vOffset = new Vector<float>(offset);
            var vSigma = new Vector<float>(sigmaLsb);
            var vMax = new Vector<float>(maxCode);
            Vector<int> total = Vector<int>.Zero;
            for (; k + w <= noise.Length; k += w)
            {
                Vector<float> code = Vector.Floor(vOffset + (new Vector<float>(noise.Slice(k)) * vSigma));
                total += Vector.ConvertToInt32(Vector.Min(Vector.Max(code, Vector<float>.Zero), vMax));
            }

            int sum = Vector.Sum(total);
            for (; k < noise.Length; k++)
            {
                sum += (int)Math.Clamp(MathF.Floor(offset + (noise[k] * sigmaLsb)), 0f, maxCode);
            }

            return sum;
        }
    }
}

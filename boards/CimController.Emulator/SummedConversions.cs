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
    /// <see cref="MinSigmaLsb"/>, are converted N times as the chip does, except columns that draw no current at all (an
    /// all-zero input vector): their sum comes from its exact distribution with one draw (<see cref="ZeroCurrentSums"/>).
    /// </para>
    /// <para>
    /// Streams: the summed draws of vector v come from stream ~(2v) of the command key, its per-conversion draws near the
    /// range ends (first one 16-bit draw per zero-current column, then N per other column) from stream ~(2v + 1); the per-conversion path of <see cref="MacEngine"/> uses the non-negative streams
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
        /// <paramref name="columnSums"/> (ADC units before <paramref name="scale"/>; vector-major, <paramref name="columns"/> per
        /// vector) of the vectors <paramref name="firstVector"/> onwards, one per entry of <paramref name="sigmasLsb"/> (the noise of
        /// one conversion of that vector, at least <see cref="MinSigmaLsb"/>). <paramref name="noise"/> holds at least as many
        /// floats as there are values, <paramref name="edgeDraws"/> at least <paramref name="conversions"/> (more lets one fill serve
        /// several columns of a vector). Float arithmetic
        /// throughout (sums up to 128 x 255 keep a resolution of 1/256 LSB). A vector's draws depend only on the command key and
        /// its index, not on the vectors converted with it.
        /// </summary>
        public static void Draw(ReadOnlySpan<float> columnSums, int columns, ReadOnlySpan<float> sigmasLsb, float scale, int conversions,
            int maxCode, ulong commandKey, int firstVector, Span<ushort> sums, Span<float> noise, Span<float> edgeDraws)
        {
            int vectors = sigmasLsb.Length, n = vectors * columns;
            float count = conversions;
            // One standard normal per column in every case (times the vector's sigma of the sum), so that a column's draw
            // does not depend on its neighbours' values.
            for (int v = 0; v < vectors; v++)
            {
                NoiseSource.Stream(commandKey, ~(2L * (firstVector + v))).Fill(noise.Slice(v * columns, columns), SigmaOfSum(sigmasLsb[v], count));
            }

            FloorAndClamp(columnSums.Slice(0, n), noise.Slice(0, n), scale, count, conversions * maxCode, sums.Slice(0, n));

            // Columns that draw no current get their sum from its exact distribution (ZeroCurrentSums: one draw); other columns
            // within EdgeSigmas of either end of the range are converted N times, all of a vector's such columns from one
            // fill of its edge stream (the zero-current draws come first from the same stream).
            int perFill = edgeDraws.Length / conversions;
            ZeroCurrentSums? zeroSums = null;
            for (int v = 0; v < vectors; v++)
            {
                float sigma = sigmasLsb[v];
                float low = (EdgeSigmas * sigma) - 0.5f, high = maxCode + 0.5f - (EdgeSigmas * sigma);
                int at = v * columns, end = at + columns;
                if (!AnyOutside(columnSums.Slice(at, columns), scale, low, high))
                {
                    continue;
                }

                NormalStream stream = NoiseSource.Stream(commandKey, ~((2L * (firstVector + v)) + 1));
                for (int c = at; c < end; c++)
                {
                    if (columnSums[c] == 0f)
                    {
                        if (zeroSums is null || !zeroSums.Matches(sigma, conversions, maxCode))
                        {
                            zeroSums = ZeroCurrentSums.For(sigma, conversions, maxCode);
                        }

                        sums[c] = zeroSums.Draw(stream.NextIndex16());
                    }
                }

                int edges = 0;
                for (int c = NextEdge(columnSums, scale, low, high, at, end); c < end; c = NextEdge(columnSums, scale, low, high, c + 1, end))
                {
                    edges++;
                }

                int column = at;
                for (int done = 0; done < edges;)
                {
                    int batch = Math.Min(edges - done, perFill);
                    Span<float> draws = edgeDraws.Slice(0, batch * conversions);
                    stream.Fill(draws, sigma);
                    for (int j = 0; j < batch; j++, done++)
                    {
                        column = NextEdge(columnSums, scale, low, high, column, end);
                        sums[column] = (ushort)SumOfCodes((columnSums[column] * scale) + 0.5f, draws.Slice(j * conversions, conversions), maxCode);
                        column++;
                    }
                }
            }
        }

        /// <summary>True when any of the values (times <paramref name="scale"/>) lies outside [low, high] (or is not a number):
        /// one SIMD comparison per vector of columns, so that the common vector without edge columns costs no branch per column.</summary>
        private static bool AnyOutside(ReadOnlySpan<float> columnSums, float scale, float low, float high)
        {
            int w = Vector<float>.Count, c = 0;
            var vScale = new Vector<float>(scale);
            var vLow = new Vector<float>(low);
            var vHigh = new Vector<float>(high);
            for (; c + w <= columnSums.Length; c += w)
            {
                Vector<float> m = new Vector<float>(columnSums.Slice(c)) * vScale;
                if (!Vector.EqualsAll(Vector.GreaterThanOrEqual(m, vLow) & Vector.LessThanOrEqual(m, vHigh), new Vector<int>(-1)))
                {
                    return true;
                }
            }
            for (; c < columnSums.Length; c++)
            {
                float m = columnSums[c] * scale;
                if (!(m >= low && m <= high))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>The first column from <paramref name="from"/> on that draws current and whose value lies outside [low, high]
        /// (<paramref name="end"/> if none): a column converted N times.</summary>
        private static int NextEdge(ReadOnlySpan<float> columnSums, float scale, float low, float high, int from, int end)
        {
            for (int c = from; c < end; c++)
            {
                float m = columnSums[c] * scale;
                if (!(m >= low && m <= high) && columnSums[c] != 0f)
                {
                    return c;
                }
            }

            return end;
        }

        /// <summary>The standard deviation of the sum of N conversions whose noise is <paramref name="sigmaLsb"/>: sqrt(N sigma^2 + (N - 1)/12).</summary>
        private static float SigmaOfSum(float sigmaLsb, float conversions) =>
            MathF.Sqrt((conversions * sigmaLsb * sigmaLsb) + ((conversions - 1) / 12f));

        /// <summary>sums[i] = clamp(floor(values[i] x scale x N + 0.5 + noise[i]), 0, maxSum), two SIMD vectors per step.</summary>
        private static void FloorAndClamp(ReadOnlySpan<float> values, ReadOnlySpan<float> noise, float scale, float count, int maxSum,
            Span<ushort> sums)
        {
            int n = values.Length, w = Vector<float>.Count, i = 0;
            var vScale = new Vector<float>(scale);
            var vCount = new Vector<float>(count);
            var half = new Vector<float>(0.5f);
            var vMax = new Vector<float>(maxSum);
            for (; i + (2 * w) <= n; i += 2 * w)
            {
                Vector<float> lo = Vector.Floor((new Vector<float>(values.Slice(i)) * vScale * vCount) + half + new Vector<float>(noise.Slice(i)));
                Vector<float> hi = Vector.Floor((new Vector<float>(values.Slice(i + w)) * vScale * vCount) + half + new Vector<float>(noise.Slice(i + w)));
                Vector<uint> a = Vector.AsVectorUInt32(Vector.ConvertToInt32(Vector.Min(Vector.Max(lo, Vector<float>.Zero), vMax)));
                Vector<uint> b = Vector.AsVectorUInt32(Vector.ConvertToInt32(Vector.Min(Vector.Max(hi, Vector<float>.Zero), vMax)));
                // Sums are at most 128 x 255 < 2^16: narrowing keeps them.
                Vector.Narrow(a, b).CopyTo(sums.Slice(i));
            }

            for (; i < n; i++)
            {
                sums[i] = (ushort)Math.Clamp(MathF.Floor((values[i] * scale * count) + 0.5f + noise[i]), 0f, maxSum);
            }
        }

        /// <summary>
        /// sum_k clamp(floor(<paramref name="offset"/> + n_k), 0, max) over the noise draws n_k (in LSB): N conversions of one
        /// value, quantised as the ADC quantises each.
        /// </summary>
        private static int SumOfCodes(float offset, ReadOnlySpan<float> noise, int maxCode)
        {
            int w = Vector<float>.Count, k = 0;
            var vOffset = new Vector<float>(offset);
            var vMax = new Vector<float>(maxCode);
            Vector<int> total = Vector<int>.Zero;
            for (; k + w <= noise.Length; k += w)
            {
                Vector<float> code = Vector.Floor(vOffset + new Vector<float>(noise.Slice(k)));
                total += Vector.ConvertToInt32(Vector.Min(Vector.Max(code, Vector<float>.Zero), vMax));
            }

            int sum = Vector.Sum(total);
            for (; k < noise.Length; k++)
            {
                sum += (int)Math.Clamp(MathF.Floor(offset + noise[k]), 0f, maxCode);
            }

            return sum;
        }
    }
}

using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CimController.Emulator
{
    /// <summary>
    /// A four-vector block's inputs made ready for the column-sum kernels of <see cref="MacKernels"/>: the non-zero rows
    /// gathered (wide windows) or every row as floats (narrow windows), with each vector's sum of squared codes for its noise.
    /// </summary>
    internal static class BlockInputs
    {
        private const int Block = MacKernels.Block;

        /// <summary>
        /// The rows where any of the four input vectors from <paramref name="at"/> is non-zero (zero inputs draw no current):
        /// their tile offsets into <paramref name="rowOffsetsOut"/> and their inputs, interleaved by vector, into
        /// <paramref name="inputsOut"/>; returns how many, and each vector's sum of squared inputs. The board checked that the
        /// four vectors lie inside the input.
        /// </summary>
        public static int GatherNonZeroRows(byte[] input, int at, int rc, int baseOffset, int stride, int[] rowOffsetsOut, float[] inputsOut,
            out long q0, out long q1, out long q2, out long q3)
        {
            int count = 0;
            q0 = 0; q1 = 0; q2 = 0; q3 = 0;
            ref byte in0 = ref input[at];
            ref int offsets = ref MemoryMarshal.GetArrayDataReference(rowOffsetsOut);
            ref float xs = ref MemoryMarshal.GetArrayDataReference(inputsOut);
            for (int r = 0; r < rc; r++)
            {
                int x0 = Unsafe.Add(ref in0, r), x1 = Unsafe.Add(ref in0, rc + r);
                int x2 = Unsafe.Add(ref in0, 2 * rc + r), x3 = Unsafe.Add(ref in0, 3 * rc + r);
                if ((x0 | x1 | x2 | x3) == 0) continue;
                Unsafe.Add(ref offsets, count) = baseOffset + r * stride;
                ref float k = ref Unsafe.Add(ref xs, count * Block);
                k = x0; Unsafe.Add(ref k, 1) = x1; Unsafe.Add(ref k, 2) = x2; Unsafe.Add(ref k, 3) = x3;
                q0 += x0 * x0; q1 += x1 * x1; q2 += x2 * x2; q3 += x3 * x3;
                count++;
            }
            return count;
        }

        /// <summary>The four input vectors from <paramref name="at"/> as floats, vector-major, into <paramref name="xs"/>, and
        /// each vector's sum of squared inputs (widened in SIMD registers, no branch per row: for
        /// <see cref="MacKernels.AccumulateDenseBlock"/>).</summary>
        public static void Dense(byte[] input, int at, int rc, float[] xs, out long q0, out long q1, out long q2, out long q3)
        {
            int n = Block * rc;
            ReadOnlySpan<byte> codes = input.AsSpan(at, n);
            Span<float> dest = xs.AsSpan(0, n);
            int wb = Vector<byte>.Count, wf = Vector<float>.Count, i = 0;
            for (; i + wb <= n; i += wb)
            {
                Vector.Widen(new Vector<byte>(codes.Slice(i)), out Vector<ushort> lo, out Vector<ushort> hi);
                Vector.Widen(lo, out Vector<uint> a, out Vector<uint> b);
                Vector.Widen(hi, out Vector<uint> c, out Vector<uint> d);
                Vector.ConvertToSingle(a).CopyTo(dest.Slice(i));
                Vector.ConvertToSingle(b).CopyTo(dest.Slice(i + wf));
                Vector.ConvertToSingle(c).CopyTo(dest.Slice(i + (2 * wf)));
                Vector.ConvertToSingle(d).CopyTo(dest.Slice(i + (3 * wf)));
            }
            for (; i < n; i++)
            {
                dest[i] = codes[i];
            }
            q0 = SumOfSquares(dest.Slice(0, rc));
            q1 = SumOfSquares(dest.Slice(rc, rc));
            q2 = SumOfSquares(dest.Slice(2 * rc, rc));
            q3 = SumOfSquares(dest.Slice(3 * rc, rc));
        }

        /// <summary>sum_r x_r^2 of whole codes 0..255 held as floats: exact in float while the sum stays below 2^24 (at most
        /// <see cref="ExactFloatSquareRows"/> rows), in long arithmetic beyond.</summary>
        private static long SumOfSquares(ReadOnlySpan<float> x)
        {
            if (x.Length > ExactFloatSquareRows)
            {
                long total = 0;
                foreach (float value in x)
                {
                    total += (long)value * (long)value;
                }
                return total;
            }
            int w = Vector<float>.Count, i = 0;
            Vector<float> acc = Vector<float>.Zero;
            for (; i + w <= x.Length; i += w)
            {
                var v = new Vector<float>(x.Slice(i));
                acc += v * v;
            }
            float sum = Vector.Sum(acc);
            for (; i < x.Length; i++)
            {
                sum += x[i] * x[i];
            }
            return (long)sum;
        }

        /// <summary>Rows whose squared codes (at most 255^2 each) sum below 2^24, where float sums of whole numbers are exact.</summary>
        private const int ExactFloatSquareRows = (1 << 24) / (255 * 255);
    }
}

using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CimController.Emulator
{
    /// <summary>A MAC command's operands: tile window, buffers and ADC settings (validated by the board).</summary>
    internal readonly record struct MacJob(
        Tile Tile, int RowStart, int RowCount, int ColStart, int ColCount,
        byte[] Input, byte[] Output, int Vectors,
        ColumnAdc Adc, float CodeScale, bool Noisy, ulong NoiseKey, int Threads, int Conversions = 1, bool DrawEachConversion = false,
        int RowRepeat = 1)
    {
        /// <summary>Noise of one conversion in LSB for a vector whose codes square-sum to <paramref name="sumOfSquaredCodes"/>:
        /// with ROW_REPEAT each code drives <see cref="RowRepeat"/> rows, each adding its read variation.</summary>
        public float NoiseLsb(long sumOfSquaredCodes) => Adc.NoiseLsb(sumOfSquaredCodes * RowRepeat);

        /// <summary>Noise drawn while the column sums are computed (one conversion per vector); with several conversions it is
        /// drawn after the sums, per sum or per conversion (<see cref="SummedNoise"/>).</summary>
        public bool InlineNoise => Noisy && Conversions == 1;

        /// <summary>Noise drawn after the column sums, per conversion or per sum (<see cref="MacEngine"/>): each vector's sigma is
        /// kept from its MAC for that.</summary>
        public bool SummedNoise => Noisy && Conversions > 1;
    }

    /// <summary>
    /// The bit-serial MAC of SPI-REGISTER-MAP.md ("The MAC, as the chip computes it"; Wu 2023 Sec. 2.3):
    /// for each input vector x (8-bit row DAC codes) and window column c,
    /// I_c = V_read * sum_r G[r][c] * x_r / 256, then the column ADC (<see cref="ColumnAdc"/>).
    /// The eight bit-serial pulses weighted 2^-1..2^-8 by the sampling ADC sum exactly to x_r / 256, so the
    /// whole-word product is computed directly.
    /// Kernel: out[v, :] += x[v, r] * G[r, :] over the non-zero inputs, with System.Numerics.Vector&lt;float&gt;
    /// accumulators held in registers across the rows of a column block, four input vectors at a time (windows of at most two
    /// SIMD vectors of columns, such as conv1's 8, go over every row instead: the gather of non-zero rows costs them more than
    /// the multiply-adds it saves, and the sums are the same bit for bit); with
    /// <see cref="EmulatorOptions.MacThreads"/> above 1, a command's vectors are shared with the process's MAC helper thread
    /// (<see cref="MacHelper"/>; each vector's noise stream depends only on the command key and the vector index, so codes do
    /// not change).
    /// Column sums of a group of vectors are converted by the ADCs in one SIMD pass (narrow windows such as conv1's 8 columns
    /// fill the vector registers), and a run of four equal input vectors (repeated conversions of one input) is multiplied
    /// once, with its own noise draw per conversion: the codes are the same as without these shortcuts.
    /// With CONVERSIONS = N &gt; 1 (map 1.2) the noise-free column sums of each vector are computed once; the N noisy
    /// conversions are summed by one draw of the sum's distribution (<see cref="SummedConversions"/>), or, with
    /// <see cref="EmulatorOptions.DrawEachConversion"/>, drawn and quantised N times (<see cref="ConvertSummed"/>):
    /// conversion k of vector v draws from stream v x N + k, so the u16 sums equal the sums of the codes of a MAC that gets
    /// each vector N times in a row.
    /// </summary>
    internal static class MacEngine
    {
        /// <summary>Multiply-accumulates per command from which the board's second thread (<see cref="MacHelper"/>) takes part,
        /// when the board was built with more than one MAC thread: 2^14, a quarter of a conv1 command of 327 vectors x 25 rows x 8 columns.</summary>
        private const long ParallelThreshold = 1L << 14;

        /// <summary>Chunks a command is cut into for the two threads: a preempted helper holds up the caller by one chunk at most.</summary>
        private const int ParallelChunks = 8;

        /// <summary>Widest window (columns) whose vectors go through <see cref="MacKernels.AccumulateDenseBlock"/> (every row)
        /// instead of gathering the non-zero rows first: two SIMD vectors of floats.</summary>
        private static readonly int DenseMaxColumns = 2 * Vector<float>.Count;

        /// <summary>Input vectors computed together (<see cref="MacKernels.Block"/>).</summary>
        private const int Block = MacKernels.Block;

        /// <summary>Column sums converted together (a group of whole 4-vector blocks; 8 KB of floats, resident in L1).</summary>
        private const int GroupValues = 2048;

        [ThreadStatic] private static Scratch? scratch;

        public static void Run(in MacJob job)
        {
            long work = (long)job.Vectors * job.RowCount * job.ColCount;
            int chunks = Math.Min(ParallelChunks, job.Vectors / Block);
            if (work < ParallelThreshold || job.Threads < 2 || chunks < 2)
            {
                RunRange(job, 0, job.Vectors);
                return;
            }

            // Chunks of whole 4-vector blocks.
            Span<int> starts = stackalloc int[ParallelChunks + 1];
            for (int i = 0; i <= chunks; i++)
            {
                starts[i] = i == chunks ? job.Vectors : (int)((long)job.Vectors * i / chunks) / Block * Block;
            }

            if (!MacHelper.Shared.TryRun(job, starts.Slice(0, chunks + 1)))
            {
                RunRange(job, 0, job.Vectors);
            }
        }

        /// <summary>The MAC and conversions of vectors <paramref name="v0"/> .. <paramref name="v1"/> - 1 (any range: no vector's codes depend on the others).</summary>
        internal static void RunRange(in MacJob job, int v0, int v1)
        {
            int rc = job.RowCount, cc = job.ColCount;
            Scratch s = Scratch.For(rc, cc);
            int stride = job.Tile.Columns;
            int baseOffset = job.RowStart * stride + job.ColStart;
            float[] g = job.Tile.Conductances;
            // Vectors are computed in groups whose column sums (and scaled noise) fit the scratch, then converted by
            // the column ADCs in one vectorised pass over group x columns values: narrow windows (8 columns) would
            // otherwise leave the SIMD conversion idle.
            int group = Math.Max(Block, GroupValues / cc / Block * Block);
            for (int g0 = v0; g0 < v1; g0 += group)
            {
                int g1 = Math.Min(v1, g0 + group);
                int v = g0;
                for (; v + Block <= g1; v += Block)
                {
                    if (RepeatedVector(job.Input, v * rc, rc))
                    {
                        // The same input four times (repeated conversions of one vector): the column sums are the same
                        // float operations for each, so they are computed once; every conversion still draws its own noise.
                        RepeatedBlock(job, s, v, g0, baseOffset, stride);
                        continue;
                    }
                    if (v + Block < g1 && RepeatedVector(job.Input, (v + 1) * rc, rc))
                    {
                        // A run of repeats starts at the next vector (a command that began inside a run): this vector
                        // alone, then the blocks line up with the runs again.
                        SingleVector(job, s, v, g0, baseOffset, stride);
                        v += 1 - Block;
                        continue;
                    }
                    int at = (v - g0) * cc;
                    long q0, q1, q2, q3;
                    if (cc <= DenseMaxColumns)
                    {
                        BlockInputs.Dense(job.Input, v * rc, rc, s.Inputs, out q0, out q1, out q2, out q3);
                        MacKernels.AccumulateDenseBlock(g, baseOffset, stride, s.Inputs, rc, s.Sums, at, cc);
                    }
                    else
                    {
                        int count = BlockInputs.GatherNonZeroRows(job.Input, v * rc, rc, baseOffset, stride, s.RowOffsets, s.Inputs, out q0, out q1, out q2, out q3);
                        MacKernels.AccumulateBlock(g, s.RowOffsets, s.Inputs, count, s.Sums, at, cc);
                    }
                    if (job.InlineNoise)
                    {
                        Noise(job, v, s.Noise.AsSpan(at, cc), q0);
                        Noise(job, v + 1, s.Noise.AsSpan(at + cc, cc), q1);
                        Noise(job, v + 2, s.Noise.AsSpan(at + 2 * cc, cc), q2);
                        Noise(job, v + 3, s.Noise.AsSpan(at + 3 * cc, cc), q3);
                    }
                    else if (job.SummedNoise)
                    {
                        int i = v - g0;
                        s.Sigmas[i] = job.NoiseLsb(q0);
                        s.Sigmas[i + 1] = job.NoiseLsb(q1);
                        s.Sigmas[i + 2] = job.NoiseLsb(q2);
                        s.Sigmas[i + 3] = job.NoiseLsb(q3);
                    }
                }
                for (; v < g1; v++)
                {
                    SingleVector(job, s, v, g0, baseOffset, stride);
                }
                int n = (g1 - g0) * cc;
                if (job.Conversions > 1)
                {
                    ConvertSummed(job, s, g0, g1);
                    continue;
                }
                job.Adc.Convert(s.Sums.AsSpan(0, n), job.Noisy ? s.Noise.AsSpan(0, n) : ReadOnlySpan<float>.Empty, job.CodeScale,
                    job.Output.AsSpan(g0 * cc, n));
            }
        }

        /// <summary>One vector's MAC (and noise) into the group's scratch.</summary>
        private static void SingleVector(in MacJob job, Scratch s, int v, int g0, int baseOffset, int stride)
        {
            int rc = job.RowCount, cc = job.ColCount;
            int count = 0;
            long squares = 0;
            int i0 = v * rc;
            for (int r = 0; r < rc; r++)
            {
                int xr = job.Input[i0 + r];
                if (xr == 0) continue;
                s.RowOffsets[count] = baseOffset + r * stride;
                s.Inputs[count] = xr;
                squares += xr * xr;
                count++;
            }
            int at = (v - g0) * cc;
            MacKernels.Accumulate(job.Tile.Conductances, s.RowOffsets, s.Inputs, count, s.Sums, at, cc);
            if (job.InlineNoise) Noise(job, v, s.Noise.AsSpan(at, cc), squares);
            else if (job.SummedNoise) s.Sigmas[v - g0] = job.NoiseLsb(squares);
        }

        /// <summary>True when the four input vectors from <paramref name="at"/> are byte for byte the same.</summary>
        private static bool RepeatedVector(byte[] input, int at, int rc)
        {
            ReadOnlySpan<byte> first = input.AsSpan(at, rc);
            return first.SequenceEqual(input.AsSpan(at + rc, rc)) && first.SequenceEqual(input.AsSpan(at + 2 * rc, rc))
                && first.SequenceEqual(input.AsSpan(at + 3 * rc, rc));
        }

        /// <summary>A block of four equal vectors: one vector's MAC (the single-vector kernel computes each column with the same
        /// operations in the same order as the block kernel), its sums copied to the other three, four noise draws.</summary>
        private static void RepeatedBlock(in MacJob job, Scratch s, int v, int g0, int baseOffset, int stride)
        {
            int cc = job.ColCount;
            SingleVector(job, s, v, g0, baseOffset, stride);
            int at = (v - g0) * cc;
            Span<float> sums = s.Sums.AsSpan(at, Block * cc);
            sums.Slice(0, cc).CopyTo(sums.Slice(cc));
            sums.Slice(0, 2 * cc).CopyTo(sums.Slice(2 * cc));
            if (job.SummedNoise)
            {
                s.Sigmas.AsSpan(v - g0 + 1, Block - 1).Fill(s.Sigmas[v - g0]);
            }
            if (job.InlineNoise)
            {
                // Same sigma for the same input; independent draws per conversion.
                float sigma = job.NoiseLsb(SumOfSquares(job.Input, v * job.RowCount, job.RowCount));
                for (int i = 1; i < Block; i++)
                    NoiseSource.Stream(job.NoiseKey, v + i).Fill(s.Noise.AsSpan(at + i * cc, cc), sigma);
            }
        }

        /// <summary>
        /// CONVERSIONS = N &gt; 1: the group's noise-free column sums (in the scratch) converted N times, each time with a
        /// fresh noise draw per (vector, column) and the ADC's floor/clamp quantisation; the codes are summed into OUTPUT as
        /// u16 little-endian, 2 bytes per (vector, column). Without noise every conversion gives the same code: N x code.
        /// </summary>
        private static void ConvertSummed(in MacJob job, Scratch s, int g0, int g1)
        {
            int cc = job.ColCount, n = (g1 - g0) * cc, conversions = job.Conversions;
            Span<ushort> sums = MemoryMarshal.Cast<byte, ushort>(job.Output.AsSpan(g0 * cc * 2, n * 2));
            Span<byte> codes = s.Codes.AsSpan(0, n);
            ReadOnlySpan<float> columnSums = s.Sums.AsSpan(0, n);
            if (!job.Noisy)
            {
                job.Adc.Convert(columnSums, ReadOnlySpan<float>.Empty, job.CodeScale, codes);
                for (int i = 0; i < n; i++)
                    sums[i] = (ushort)(codes[i] * conversions);
            }
            else
            {
                // Same input, same sigma for every conversion of a vector (kept from the vector's MAC).
                bool summable = !job.DrawEachConversion;
                for (int v = g0; v < g1 && summable; v++)
                    summable = s.Sigmas[v - g0] >= SummedConversions.MinSigmaLsb;
                if (summable)
                {
                    SummedConversions.Draw(columnSums, cc, s.Sigmas.AsSpan(0, g1 - g0), job.CodeScale, conversions, job.Adc.MaxCode,
                        job.NoiseKey, g0, sums, s.Noise, s.EdgeDraws);
                    if (!BitConverter.IsLittleEndian)
                        System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(sums, sums);
                    return;
                }
                sums.Clear();
                Span<float> noise = s.Noise.AsSpan(0, n);
                for (int k = 0; k < conversions; k++)
                {
                    for (int v = g0; v < g1; v++)
                        NoiseSource.Stream(job.NoiseKey, (long)v * conversions + k).Fill(noise.Slice((v - g0) * cc, cc), s.Sigmas[v - g0]);
                    job.Adc.Convert(columnSums, noise, job.CodeScale, codes);
                    AddCodes(codes, sums);
                }
            }
            if (!BitConverter.IsLittleEndian)
                System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(sums, sums);
        }

        /// <summary>sums[i] += codes[i], widened in SIMD registers.</summary>
        private static void AddCodes(ReadOnlySpan<byte> codes, Span<ushort> sums)
        {
            int n = codes.Length, w = Vector<byte>.Count, half = Vector<ushort>.Count;
            int i = 0;
            for (; i + w <= n; i += w)
            {
                Vector.Widen(new Vector<byte>(codes.Slice(i)), out Vector<ushort> lo, out Vector<ushort> hi);
                (new Vector<ushort>(sums.Slice(i)) + lo).CopyTo(sums.Slice(i));
                (new Vector<ushort>(sums.Slice(i + half)) + hi).CopyTo(sums.Slice(i + half));
            }
            for (; i < n; i++)
                sums[i] += codes[i];
        }

        private static long SumOfSquares(byte[] input, int at, int count)
        {
            long sum = 0;
            for (int i = 0; i < count; i++)
                sum += input[at + i] * input[at + i];
            return sum;
        }

        /// <summary>Vector v's conversion noise in LSB: its own stream of standard normals times its sigma.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Noise(in MacJob job, int v, Span<float> noise, long sumSquares) =>
            NoiseSource.Stream(job.NoiseKey, v).Fill(noise, job.NoiseLsb(sumSquares));

        /// <summary>Per-thread work arrays, grown on demand.</summary>
        private sealed class Scratch
        {
            public int[] RowOffsets = Array.Empty<int>();
            public float[] Inputs = Array.Empty<float>();
            public float[] Sums = Array.Empty<float>();
            public float[] Noise = Array.Empty<float>();
            /// <summary>Codes of one conversion of a group (summed conversions).</summary>
            public byte[] Codes = Array.Empty<byte>();
            /// <summary>Noise sigma per vector of a group (summed conversions).</summary>
            public float[] Sigmas = Array.Empty<float>();
            /// <summary>Per-conversion draws of the columns of a vector near a range end (summed conversions).</summary>
            public readonly float[] EdgeDraws = new float[GroupValues];

            public static Scratch For(int rows, int cols)
            {
                Scratch s = scratch ??= new Scratch();
                if (s.RowOffsets.Length < rows)
                {
                    s.RowOffsets = new int[rows];
                    s.Inputs = new float[rows * Block];
                }
                                int values = Math.Max(GroupValues, cols * Block);
                if (s.Sums.Length < values)
                {
                    s.Sums = new float[values];
                    s.Noise = new float[values];
                    s.Codes = new byte[values];
                    s.Sigmas = new float[values];
                }
                return s;
            }
        }
    }
}

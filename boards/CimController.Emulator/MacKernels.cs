using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CimController.Emulator
{
    /// <summary>
    /// The column-sum kernels of <see cref="MacEngine"/>: sums[c] = sum_k inputs[k] * g[rowOffsets[k] + c] over the
    /// rows whose input is non-zero, for one input vector or for a block of <see cref="Block"/> vectors at once, with
    /// System.Numerics.Vector&lt;float&gt; accumulators held in registers across the rows.
    /// </summary>
    internal static class MacKernels
    {
        /// <summary>Input vectors computed together, so that each conductance loaded feeds several of them.</summary>
        public const int Block = 4;

        /// <summary>
        /// For four vectors at once: sums[i * cc + c] = sum_k inputs[k * 4 + i] * g[rowOffsets[k] + c].
        /// Eight register accumulators (4 vectors x 2 column chunks) per pass, so each conductance chunk loaded
        /// serves four input vectors. Offsets are validated by the caller.
        /// </summary>
        public static void AccumulateBlock(float[] g, int[] rowOffsets, float[] inputs, int count, float[] sums, int at, int cc)
        {
            int w = Vector<float>.Count;
            ref float g0 = ref MemoryMarshal.GetArrayDataReference(g);
            ref float x0 = ref MemoryMarshal.GetArrayDataReference(inputs);
            ref int o0 = ref MemoryMarshal.GetArrayDataReference(rowOffsets);
            ref float s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sums), at);
            int c = 0;
            for (; c + 2 * w <= cc; c += 2 * w)
            {
                Vector<float> a00 = default, a01 = default, a10 = default, a11 = default;
                Vector<float> a20 = default, a21 = default, a30 = default, a31 = default;
                for (int k = 0; k < count; k++)
                {
                    ref float row = ref Unsafe.Add(ref g0, Unsafe.Add(ref o0, k) + c);
                    Vector<float> gA = Vector.LoadUnsafe(ref row);
                    Vector<float> gB = Vector.LoadUnsafe(ref row, (nuint)w);
                    ref float xs = ref Unsafe.Add(ref x0, k * Block);
                    var xv = new Vector<float>(xs);
                    a00 = Vector.MultiplyAddEstimate(xv, gA, a00);
                    a01 = Vector.MultiplyAddEstimate(xv, gB, a01);
                    xv = new Vector<float>(Unsafe.Add(ref xs, 1));
                    a10 = Vector.MultiplyAddEstimate(xv, gA, a10);
                    a11 = Vector.MultiplyAddEstimate(xv, gB, a11);
                    xv = new Vector<float>(Unsafe.Add(ref xs, 2));
                    a20 = Vector.MultiplyAddEstimate(xv, gA, a20);
                    a21 = Vector.MultiplyAddEstimate(xv, gB, a21);
                    xv = new Vector<float>(Unsafe.Add(ref xs, 3));
                    a30 = Vector.MultiplyAddEstimate(xv, gA, a30);
                    a31 = Vector.MultiplyAddEstimate(xv, gB, a31);
                }
                a00.StoreUnsafe(ref s0, (nuint)c); a01.StoreUnsafe(ref s0, (nuint)(c + w));
                a10.StoreUnsafe(ref s0, (nuint)(cc + c)); a11.StoreUnsafe(ref s0, (nuint)(cc + c + w));
                a20.StoreUnsafe(ref s0, (nuint)(2 * cc + c)); a21.StoreUnsafe(ref s0, (nuint)(2 * cc + c + w));
                a30.StoreUnsafe(ref s0, (nuint)(3 * cc + c)); a31.StoreUnsafe(ref s0, (nuint)(3 * cc + c + w));
            }
            for (; c + w <= cc; c += w)
            {
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int k = 0; k < count; k++)
                {
                    Vector<float> gA = Vector.LoadUnsafe(ref Unsafe.Add(ref g0, Unsafe.Add(ref o0, k) + c));
                    ref float xs = ref Unsafe.Add(ref x0, k * Block);
                    a0 = Vector.MultiplyAddEstimate(new Vector<float>(xs), gA, a0);
                    a1 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref xs, 1)), gA, a1);
                    a2 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref xs, 2)), gA, a2);
                    a3 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref xs, 3)), gA, a3);
                }
                a0.StoreUnsafe(ref s0, (nuint)c);
                a1.StoreUnsafe(ref s0, (nuint)(cc + c));
                a2.StoreUnsafe(ref s0, (nuint)(2 * cc + c));
                a3.StoreUnsafe(ref s0, (nuint)(3 * cc + c));
            }
            for (; c < cc; c++)
            {
                for (int i = 0; i < Block; i++)
                {
                    float a = 0;
                    for (int k = 0; k < count; k++)
                        a += inputs[k * Block + i] * Unsafe.Add(ref g0, rowOffsets[k] + c);
                    sums[at + i * cc + c] = a;
                }
            }
        }

        /// <summary>One vector: sums[c] = sum_k inputs[k] * g[rowOffsets[k] + c]. Offsets are validated by the caller.</summary>
        public static void Accumulate(float[] g, int[] rowOffsets, float[] inputs, int count, float[] sums, int at, int cc)
        {
            int w = Vector<float>.Count;
            ref float g0 = ref MemoryMarshal.GetArrayDataReference(g);
            ref float s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sums), at);
            int c = 0;
            for (; c + 4 * w <= cc; c += 4 * w)
            {
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int k = 0; k < count; k++)
                {
                    var xv = new Vector<float>(inputs[k]);
                    ref float row = ref Unsafe.Add(ref g0, rowOffsets[k] + c);
                    a0 = Vector.MultiplyAddEstimate(xv, Vector.LoadUnsafe(ref row), a0);
                    a1 = Vector.MultiplyAddEstimate(xv, Vector.LoadUnsafe(ref row, (nuint)w), a1);
                    a2 = Vector.MultiplyAddEstimate(xv, Vector.LoadUnsafe(ref row, (nuint)(2 * w)), a2);
                    a3 = Vector.MultiplyAddEstimate(xv, Vector.LoadUnsafe(ref row, (nuint)(3 * w)), a3);
                }
                a0.StoreUnsafe(ref s0, (nuint)c);
                a1.StoreUnsafe(ref s0, (nuint)(c + w));
                a2.StoreUnsafe(ref s0, (nuint)(c + 2 * w));
                a3.StoreUnsafe(ref s0, (nuint)(c + 3 * w));
            }
            for (; c + w <= cc; c += w)
            {
                Vector<float> a = default;
                for (int k = 0; k < count; k++)
                    a = Vector.MultiplyAddEstimate(new Vector<float>(inputs[k]), Vector.LoadUnsafe(ref Unsafe.Add(ref g0, rowOffsets[k] + c)), a);
                a.StoreUnsafe(ref s0, (nuint)c);
            }
            for (; c < cc; c++)
            {
                float a = 0;
                for (int k = 0; k < count; k++)
                    a += inputs[k] * Unsafe.Add(ref g0, rowOffsets[k] + c);
                sums[at + c] = a;
            }
        }

        /// <summary>
        /// For four vectors at once over every row of a window (no row skipped): sums[at + i * cc + c] = sum_r
        /// inputs[i * rc + r] * g[baseOffset + r * stride + c], with the inputs vector-major as floats. Each accumulator adds the
        /// rows in order, and a zero input adds exactly 0 to it (conductances are not negative), so the sums are bit for bit those
        /// of <see cref="AccumulateBlock"/> over the non-zero rows; without the gather of non-zero rows it is the faster kernel for
        /// narrow windows (conv1's 8 columns), where that gather costs more than the multiply-adds it saves. The caller checked
        /// that the window lies inside <paramref name="g"/>.
        /// </summary>
        public static void AccumulateDenseBlock(float[] g, int baseOffset, int stride, float[] inputs, int rc, float[] sums, int at, int cc)
        {
            int w = Vector<float>.Count;
            ref float x0 = ref MemoryMarshal.GetArrayDataReference(inputs);
            ref float x1 = ref Unsafe.Add(ref x0, rc);
            ref float x2 = ref Unsafe.Add(ref x0, 2 * rc);
            ref float x3 = ref Unsafe.Add(ref x0, 3 * rc);
            ref float s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sums), at);
            int c = 0;
            for (; c + w <= cc; c += w)
            {
                ref float row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g), baseOffset + c);
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int r = 0; r < rc; r++)
                {
                    Vector<float> gA = Vector.LoadUnsafe(ref row);
                    a0 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x0, r)), gA, a0);
                    a1 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x1, r)), gA, a1);
                    a2 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x2, r)), gA, a2);
                    a3 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x3, r)), gA, a3);
                    row = ref Unsafe.Add(ref row, stride);
                }
                a0.StoreUnsafe(ref s0, (nuint)c);
                a1.StoreUnsafe(ref s0, (nuint)(cc + c));
                a2.StoreUnsafe(ref s0, (nuint)(2 * cc + c));
                a3.StoreUnsafe(ref s0, (nuint)(3 * cc + c));
            }
            for (; c < cc; c++)
            {
                for (int i = 0; i < Block; i++)
                {
                    float a = 0;
                    for (int r = 0; r < rc; r++)
                        a += inputs[i * rc + r] * g[baseOffset + r * stride + c];
                    sums[at + i * cc + c] = a;
                }
            }
        }
    }
}

using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using System.Numerics.Tensors;

namespace CimController.Learning.Tensors;

/// <summary>
/// Single-precision matrix product C = op(A) op(B) (+ C), row-major, written for the gradient engine and the crossbar
/// mapping. op(A) is m x k (A stored [m, k], or [k, m] when transposed); op(B) is k x n (B stored [k, n], or [n, k]
/// when transposed); C is [m, n].
/// <para>Two kernels, both cache-blocked and SIMD (<see cref="Vector{T}"/>):</para>
/// <list type="bullet">
/// <item><b>axpy</b> (B not transposed): C[i..i+3, j] += sum_k A[i..i+3, k] B[k, j], vectorised along the contiguous
/// rows of B and C with four C vectors kept in registers over a k-block (each B vector loaded once per four rows);
/// blocks of <see cref="KBlock"/> k by <see cref="NBlock"/> columns keep the B panel in L2.</item>
/// <item><b>dot</b> (B transposed): C[i, j] = A[i, :] . B[j, :], one A row against four B rows at once, vectorised along
/// k in blocks of <see cref="DotKBlock"/>.</item>
/// </list>
/// A transposed A is first packed (transposed) into a pooled buffer. C is split into independent tiles that
/// <see cref="Parallel.For(int, int, Action{int})"/> runs when the product has at least <see cref="ParallelThreshold"/>
/// multiply-adds; tiles never share output, so the result does not depend on scheduling.
/// </summary>
public static class Gemm
{
    /// <summary>k-block of the axpy kernel.</summary>
    public const int KBlock = 128;

    /// <summary>Column block of the axpy kernel.</summary>
    public const int NBlock = 1024;

    /// <summary>k-block of the dot kernel.</summary>
    public const int DotKBlock = 4096;

    /// <summary>Multiply-adds below which the product runs on the calling thread.</summary>
    public const long ParallelThreshold = 1 << 17;

    /// <summary>Computes C = op(A) op(B), or C += op(A) op(B) when <paramref name="accumulate"/>.</summary>
    public static void Multiply(
        ReadOnlyMemory<float> a, bool transposeA,
        ReadOnlyMemory<float> b, bool transposeB,
        Memory<float> c, int m, int n, int k, bool accumulate = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
        {
            throw new ArgumentException($"buffers too small for a {m}x{k} by {k}x{n} product");
        }

        if (!accumulate)
        {
            c.Span[..(m * n)].Clear();
        }

        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }

        float[]? packed = null;
        ReadOnlyMemory<float> rowsA = a;
        if (transposeA)
        {
            packed = ArrayPool<float>.Shared.Rent(m * k);
            Transpose(a.Span, k, m, packed);
            rowsA = packed.AsMemory(0, m * k);
        }

        try
        {
            bool parallel = (long)m * n * k >= ParallelThreshold && Environment.ProcessorCount > 1;
            if (transposeB)
            {
                RunDot(rowsA, b, c, m, n, k, parallel);
            }
            else
            {
                RunAxpy(rowsA, b, c, m, n, k, parallel);
            }
        }
        finally
        {
            if (packed is not null)
            {
                ArrayPool<float>.Shared.Return(packed);
            }
        }
    }

    /// <summary>Writes the transpose of the [rows, cols] matrix <paramref name="source"/> into <paramref name="destination"/> ([cols, rows]), in 32x32 blocks.</summary>
    public static void Transpose(ReadOnlySpan<float> source, int rows, int cols, Span<float> destination)
    {
        const int B = 32;
        for (int r0 = 0; r0 < rows; r0 += B)
        {
            int r1 = Math.Min(r0 + B, rows);
            for (int c0 = 0; c0 < cols; c0 += B)
            {
                int c1 = Math.Min(c0 + B, cols);
                for (int r = r0; r < r1; r++)
                {
                    for (int cc = c0; cc < c1; cc++)
                    {
                        destination[cc * rows + r] = source[r * cols + cc];
                    }
                }
            }
        }
    }

    private static void RunAxpy(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b, Memory<float> c, int m, int n, int k, bool parallel)
    {
        int colBlocks = (n + NBlock - 1) / NBlock;
        int rowBlock = m;
        if (parallel && colBlocks < 4)
        {
            // Too few column blocks to keep the cores busy: split rows too.
            rowBlock = Math.Max(1, (m + 3) / 4);
        }

        int rowBlocks = (m + rowBlock - 1) / rowBlock;
        int tiles = rowBlocks * colBlocks;
        if (parallel && tiles > 1)
        {
            Parallel.For(0, tiles, t => AxpyTile(a.Span, b.Span, c.Span, m, n, k, t / colBlocks * rowBlock, rowBlock, t % colBlocks * NBlock));
        }
        else
        {
            for (int t = 0; t < tiles; t++)
            {
                AxpyTile(a.Span, b.Span, c.Span, m, n, k, t / colBlocks * rowBlock, rowBlock, t % colBlocks * NBlock);
            }
        }
    }

    private static void AxpyTile(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, int i0, int rowBlock, int j0)
    {
        int i1 = Math.Min(i0 + rowBlock, m);
        int j1 = Math.Min(j0 + NBlock, n);
        for (int k0 = 0; k0 < k; k0 += KBlock)
        {
            int k1 = Math.Min(k0 + KBlock, k);
            int i = i0;
            for (; i + 4 <= i1; i += 4)
            {
                Rows4(a, b, c, n, k, i, k0, k1, j0, j1);
            }

            for (; i < i1; i++)
            {
                Row1(a, b, c, n, k, i, k0, k1, j0, j1);
            }
        }
    }

    /// <summary>
    /// Register-blocked micro-kernel: C[i..i+3, j] += sum over kk in [k0, k1) of A[i..i+3, kk] B[kk, j], one vector of j
    /// at a time, the four C vectors held in registers over the whole k-block (each B vector is loaded once for four rows).
    /// </summary>
    private static void Rows4(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n, int k, int i, int k0, int k1, int j0, int j1)
    {
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        nuint a0 = (nuint)(i * k), a1 = a0 + (nuint)k, a2 = a1 + (nuint)k, a3 = a2 + (nuint)k;
        nuint c0 = (nuint)(i * n), c1 = c0 + (nuint)n, c2 = c1 + (nuint)n, c3 = c2 + (nuint)n;
        int j = j0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j + Vector<float>.Count <= j1; j += Vector<float>.Count)
            {
                nuint jj = (nuint)j;
                Vector<float> s0 = Vector.LoadUnsafe(ref rc, c0 + jj);
                Vector<float> s1 = Vector.LoadUnsafe(ref rc, c1 + jj);
                Vector<float> s2 = Vector.LoadUnsafe(ref rc, c2 + jj);
                Vector<float> s3 = Vector.LoadUnsafe(ref rc, c3 + jj);
                for (int kk = k0; kk < k1; kk++)
                {
                    nuint q = (nuint)kk;
                    Vector<float> bv = Vector.LoadUnsafe(ref rb, (q * (nuint)n) + jj);
                    s0 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref ra, a0 + q)), bv, s0);
                    s1 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref ra, a1 + q)), bv, s1);
                    s2 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref ra, a2 + q)), bv, s2);
                    s3 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref ra, a3 + q)), bv, s3);
                }

                s0.StoreUnsafe(ref rc, c0 + jj);
                s1.StoreUnsafe(ref rc, c1 + jj);
                s2.StoreUnsafe(ref rc, c2 + jj);
                s3.StoreUnsafe(ref rc, c3 + jj);
            }
        }

        for (; j < j1; j++)
        {
            nuint jj = (nuint)j;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int kk = k0; kk < k1; kk++)
            {
                nuint q = (nuint)kk;
                float bv = Unsafe.Add(ref rb, (q * (nuint)n) + jj);
                s0 += Unsafe.Add(ref ra, a0 + q) * bv;
                s1 += Unsafe.Add(ref ra, a1 + q) * bv;
                s2 += Unsafe.Add(ref ra, a2 + q) * bv;
                s3 += Unsafe.Add(ref ra, a3 + q) * bv;
            }

            Unsafe.Add(ref rc, c0 + jj) += s0;
            Unsafe.Add(ref rc, c1 + jj) += s1;
            Unsafe.Add(ref rc, c2 + jj) += s2;
            Unsafe.Add(ref rc, c3 + jj) += s3;
        }
    }

    /// <summary>One-row version of <see cref="Rows4"/> for the rows left over (TensorPrimitives.MultiplyAdd per k).</summary>
    private static void Row1(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n, int k, int i, int k0, int k1, int j0, int j1)
    {
        ReadOnlySpan<float> aRow = a.Slice(i * k, k);
        Span<float> cRow = c.Slice((i * n) + j0, j1 - j0);
        for (int kk = k0; kk < k1; kk++)
        {
            float av = aRow[kk];
            if (av != 0f)
            {
                TensorPrimitives.MultiplyAdd(b.Slice((kk * n) + j0, j1 - j0), av, cRow, cRow);
            }
        }
    }

    private static void RunDot(ReadOnlyMemory<float> a, ReadOnlyMemory<float> bt, Memory<float> c, int m, int n, int k, bool parallel)
    {
        // Tiles: blocks of rows of C; if there are few rows, blocks of four columns as well.
        const int colBlock = 64;
        int colBlocks = (n + colBlock - 1) / colBlock;
        int rowBlock = Math.Max(1, parallel ? (m + 7) / 8 : m);
        int rowBlocks = (m + rowBlock - 1) / rowBlock;
        int tiles = rowBlocks * colBlocks;
        if (parallel && tiles > 1)
        {
            Parallel.For(0, tiles, t => DotTile(a.Span, bt.Span, c.Span, m, n, k, t / colBlocks * rowBlock, rowBlock, t % colBlocks * colBlock, colBlock));
        }
        else
        {
            for (int t = 0; t < tiles; t++)
            {
                DotTile(a.Span, bt.Span, c.Span, m, n, k, t / colBlocks * rowBlock, rowBlock, t % colBlocks * colBlock, colBlock);
            }
        }
    }

    private static void DotTile(ReadOnlySpan<float> a, ReadOnlySpan<float> bt, Span<float> c, int m, int n, int k,
        int i0, int rowBlock, int j0, int colBlock)
    {
        int i1 = Math.Min(i0 + rowBlock, m);
        int j1 = Math.Min(j0 + colBlock, n);
        for (int k0 = 0; k0 < k; k0 += DotKBlock)
        {
            int len = Math.Min(DotKBlock, k - k0);
            for (int i = i0; i < i1; i++)
            {
                ReadOnlySpan<float> aRow = a.Slice(i * k + k0, len);
                int j = j0;
                for (; j + 4 <= j1; j += 4)
                {
                    Dot4(aRow, bt.Slice(j * k + k0, len), bt.Slice((j + 1) * k + k0, len),
                        bt.Slice((j + 2) * k + k0, len), bt.Slice((j + 3) * k + k0, len),
                        out float d0, out float d1, out float d2, out float d3);
                    int o = i * n + j;
                    c[o] += d0;
                    c[o + 1] += d1;
                    c[o + 2] += d2;
                    c[o + 3] += d3;
                }

                for (; j < j1; j++)
                {
                    c[i * n + j] += TensorPrimitives.Dot(aRow, bt.Slice(j * k + k0, len));
                }
            }
        }
    }

    /// <summary>Four dot products of <paramref name="x"/> with four rows at once (x is loaded once per step).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot4(ReadOnlySpan<float> x, ReadOnlySpan<float> y0, ReadOnlySpan<float> y1, ReadOnlySpan<float> y2,
        ReadOnlySpan<float> y3, out float d0, out float d1, out float d2, out float d3)
    {
        int len = x.Length;
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float r0 = ref MemoryMarshal.GetReference(y0);
        ref float r1 = ref MemoryMarshal.GetReference(y1);
        ref float r2 = ref MemoryMarshal.GetReference(y2);
        ref float r3 = ref MemoryMarshal.GetReference(y3);
        int j = 0;
        d0 = d1 = d2 = d3 = 0f;
        if (Vector.IsHardwareAccelerated && len >= Vector<float>.Count)
        {
            Vector<float> s0 = Vector<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
            int last = len - Vector<float>.Count;
            for (; j <= last; j += Vector<float>.Count)
            {
                nuint o = (nuint)j;
                Vector<float> vx = Vector.LoadUnsafe(ref rx, o);
                s0 = Vector.MultiplyAddEstimate(vx, Vector.LoadUnsafe(ref r0, o), s0);
                s1 = Vector.MultiplyAddEstimate(vx, Vector.LoadUnsafe(ref r1, o), s1);
                s2 = Vector.MultiplyAddEstimate(vx, Vector.LoadUnsafe(ref r2, o), s2);
                s3 = Vector.MultiplyAddEstimate(vx, Vector.LoadUnsafe(ref r3, o), s3);
            }

            d0 = Vector.Sum(s0);
            d1 = Vector.Sum(s1);
            d2 = Vector.Sum(s2);
            d3 = Vector.Sum(s3);
        }

        for (; j < len; j++)
        {
            float xv = Unsafe.Add(ref rx, j);
            d0 += xv * Unsafe.Add(ref r0, j);
            d1 += xv * Unsafe.Add(ref r1, j);
            d2 += xv * Unsafe.Add(ref r2, j);
            d3 += xv * Unsafe.Add(ref r3, j);
        }
    }
}

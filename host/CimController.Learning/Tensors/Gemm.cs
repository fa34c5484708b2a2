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
/// <item><b>axpy</b> (B not transposed): C[i, j0..j1] += sum_k A[i,k] B[k, j0..j1], four k-rows at a time, vectorised
/// along the contiguous rows of B and C; blocks of <see cref="KBlock"/> k by <see cref="NBlock"/> columns keep the
/// B panel in L2. Zero A entries (common after ReLU) are skipped.</item>
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
        int width = j1 - j0;
        for (int k0 = 0; k0 < k; k0 += KBlock)
        {
            int k1 = Math.Min(k0 + KBlock, k);
            for (int i = i0; i < i1; i++)
            {
                ReadOnlySpan<float> aRow = a.Slice(i * k, k);
                Span<float> cRow = c.Slice(i * n + j0, width);
                int kk = k0;
                for (; kk + 4 <= k1; kk += 4)
                {
                    float a0 = aRow[kk], a1 = aRow[kk + 1], a2 = aRow[kk + 2], a3 = aRow[kk + 3];
                    if (a0 == 0f && a1 == 0f && a2 == 0f && a3 == 0f)
                    {
                        continue;
                    }

                    Axpy4(cRow, a0, b.Slice(kk * n + j0, width), a1, b.Slice((kk + 1) * n + j0, width),
                        a2, b.Slice((kk + 2) * n + j0, width), a3, b.Slice((kk + 3) * n + j0, width));
                }

                for (; kk < k1; kk++)
                {
                    float a0 = aRow[kk];
                    if (a0 != 0f)
                    {
                        TensorPrimitives.MultiplyAdd(b.Slice(kk * n + j0, width), a0, cRow, cRow);
                    }
                }
            }
        }
    }

    /// <summary>c += a0 b0 + a1 b1 + a2 b2 + a3 b3, vectorised.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy4(Span<float> c, float a0, ReadOnlySpan<float> b0, float a1, ReadOnlySpan<float> b1,
        float a2, ReadOnlySpan<float> b2, float a3, ReadOnlySpan<float> b3)
    {
        int len = c.Length;
        ref float rc = ref MemoryMarshal.GetReference(c);
        ref float r0 = ref MemoryMarshal.GetReference(b0);
        ref float r1 = ref MemoryMarshal.GetReference(b1);
        ref float r2 = ref MemoryMarshal.GetReference(b2);
        ref float r3 = ref MemoryMarshal.GetReference(b3);
        int j = 0;
        if (Vector.IsHardwareAccelerated && len >= Vector<float>.Count)
        {
            var v0 = new Vector<float>(a0);
            var v1 = new Vector<float>(a1);
            var v2 = new Vector<float>(a2);
            var v3 = new Vector<float>(a3);
            int last = len - Vector<float>.Count;
            for (; j <= last; j += Vector<float>.Count)
            {
                nuint o = (nuint)j;
                Vector<float> acc = Vector.LoadUnsafe(ref rc, o);
                acc = Vector.MultiplyAddEstimate(v0, Vector.LoadUnsafe(ref r0, o), acc);
                acc = Vector.MultiplyAddEstimate(v1, Vector.LoadUnsafe(ref r1, o), acc);
                acc = Vector.MultiplyAddEstimate(v2, Vector.LoadUnsafe(ref r2, o), acc);
                acc = Vector.MultiplyAddEstimate(v3, Vector.LoadUnsafe(ref r3, o), acc);
                acc.StoreUnsafe(ref rc, o);
            }
        }

        for (; j < len; j++)
        {
            Unsafe.Add(ref rc, j) += (a0 * Unsafe.Add(ref r0, j)) + (a1 * Unsafe.Add(ref r1, j))
                + (a2 * Unsafe.Add(ref r2, j)) + (a3 * Unsafe.Add(ref r3, j));
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

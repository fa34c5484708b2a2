using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CimController.Crossbar;

/// <summary>
/// Per input vector of a block: its largest input and the largest column current it would draw, max_c sum_r G_cr x_rv,
/// in one pass over the inputs (<see cref="InputScaleRule"/> needs only these two maxima, not every column's current).
/// SIMD runs across vectors (the inputs are [rows, vectors] row-major, so one load holds a row's value for consecutive
/// vectors); columns go in groups of <see cref="Group"/> accumulators. Sixteen vectors at a time in 512-bit registers where
/// the machine accelerates them, then <see cref="Vector{T}"/> widths, then one by one: each vector's sums run over the rows
/// in the same order in every width, so the maxima do not depend on the width.
/// </summary>
public static class VectorMaxima
{
    /// <summary>Columns accumulated together (eight accumulators, the input row, the largest input and the running maxima fit
    /// 16 SIMD registers).</summary>
    public const int Group = 8;

    /// <summary>Conductances laid out for <see cref="Compute"/>: [groups x Group, rows], the last group padded with copies of the last column.</summary>
    public static int PaddedColumns(int cols) => (cols + Group - 1) / Group * Group;

    /// <summary>
    /// <paramref name="xMax"/>[v] = max_r x[r, v]; <paramref name="currentMax"/>[v] = max_c sum_r g[c, r] x[r, v] over the
    /// <paramref name="cols"/> columns of <paramref name="g"/> ([<see cref="PaddedColumns"/>, rows], padded by repeating the
    /// last column).
    /// </summary>
    public static void Compute(ReadOnlySpan<float> g, int rows, int cols, ReadOnlySpan<float> x, int v, Span<float> xMax, Span<float> currentMax)
    {
        int w = Vector<float>.Count;
        int groups = PaddedColumns(cols) / Group;
        int vec = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; vec + Vector512<float>.Count <= v; vec += Vector512<float>.Count)
            {
                Maxima512(g, rows, groups, x, v, vec, xMax, currentMax);
            }
        }

        for (; vec + w <= v; vec += w)
        {
            Vector<float> best = GroupMax(g, rows, 0, x, v, vec, out Vector<float> xm);
            xm.CopyTo(xMax.Slice(vec));
            for (int grp = 1; grp < groups; grp++)
            {
                best = Vector.Max(best, GroupMax(g, rows, grp, x, v, vec, out _));
            }

            best.CopyTo(currentMax.Slice(vec));
        }

        for (; vec < v; vec++)
        {
            float xs = x[vec];
            for (int r = 1; r < rows; r++)
            {
                xs = Math.Max(xs, x[(r * v) + vec]);
            }

            xMax[vec] = xs;
            float bestCurrent = float.NegativeInfinity;
            for (int c = 0; c < cols; c++)
            {
                float sum = 0;
                for (int r = 0; r < rows; r++)
                {
                    sum += g[(c * rows) + r] * x[(r * v) + vec];
                }

                bestCurrent = Math.Max(bestCurrent, sum);
            }

            currentMax[vec] = bestCurrent;
        }
    }

    /// <summary>Both maxima of the sixteen vectors from <paramref name="vec"/> (<see cref="GroupMax"/> in 512-bit registers, with the
    /// conductances read through references: the caller's bounds hold for every group and row).</summary>
    private static void Maxima512(ReadOnlySpan<float> g, int rows, int groups, ReadOnlySpan<float> x, int v, int vec, Span<float> xMax, Span<float> currentMax)
    {
        if ((long)groups * Group * rows > g.Length || (long)(rows - 1) * v + vec + Vector512<float>.Count > x.Length
            || vec + Vector512<float>.Count > xMax.Length || vec + Vector512<float>.Count > currentMax.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(vec), "the conductances, inputs or maxima are shorter than the block needs");
        }

        ref float xv = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), vec);
        Vector512<float> xm = Vector512.LoadUnsafe(ref xv);
        Vector512<float> best = Vector512.Create(float.NegativeInfinity);
        for (int grp = 0; grp < groups; grp++)
        {
            ref float gg = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), grp * Group * rows);
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int r = 0; r < rows; r++)
            {
                Vector512<float> xr = Vector512.LoadUnsafe(ref xv, (nuint)(r * v));
                xm = Vector512.Max(xm, xr);
                a0 += xr * Unsafe.Add(ref gg, r);
                a1 += xr * Unsafe.Add(ref gg, rows + r);
                a2 += xr * Unsafe.Add(ref gg, (2 * rows) + r);
                a3 += xr * Unsafe.Add(ref gg, (3 * rows) + r);
                a4 += xr * Unsafe.Add(ref gg, (4 * rows) + r);
                a5 += xr * Unsafe.Add(ref gg, (5 * rows) + r);
                a6 += xr * Unsafe.Add(ref gg, (6 * rows) + r);
                a7 += xr * Unsafe.Add(ref gg, (7 * rows) + r);
            }

            best = Vector512.Max(best, Vector512.Max(Vector512.Max(Vector512.Max(a0, a1), Vector512.Max(a2, a3)), Vector512.Max(Vector512.Max(a4, a5), Vector512.Max(a6, a7))));
        }

        xm.CopyTo(xMax.Slice(vec));
        best.CopyTo(currentMax.Slice(vec));
    }

    /// <summary>The largest current of column group <paramref name="grp"/> for the vectors from <paramref name="vec"/>, and their
    /// largest inputs (<paramref name="xm"/>, taken from the same loads).</summary>
    private static Vector<float> GroupMax(ReadOnlySpan<float> g, int rows, int grp, ReadOnlySpan<float> x, int v, int vec, out Vector<float> xm)
    {
        ReadOnlySpan<float> gg = g.Slice(grp * Group * rows, Group * rows);
        Vector<float> a0 = Vector<float>.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        xm = new Vector<float>(x.Slice(vec));
        for (int r = 0; r < rows; r++)
        {
            Vector<float> xr = new(x.Slice((r * v) + vec));
            xm = Vector.Max(xm, xr);
            a0 += xr * gg[r];
            a1 += xr * gg[rows + r];
            a2 += xr * gg[(2 * rows) + r];
            a3 += xr * gg[(3 * rows) + r];
            a4 += xr * gg[(4 * rows) + r];
            a5 += xr * gg[(5 * rows) + r];
            a6 += xr * gg[(6 * rows) + r];
            a7 += xr * gg[(7 * rows) + r];
        }

        return Vector.Max(Vector.Max(Vector.Max(a0, a1), Vector.Max(a2, a3)), Vector.Max(Vector.Max(a4, a5), Vector.Max(a6, a7)));
    }
}

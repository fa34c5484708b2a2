using System;
using System.Numerics;
using CimController.Protocol;

namespace CimController.Host
{
    /// <summary>
    /// Input codes for <see cref="CimClient.Vmm"/>: 8-bit row DAC codes from non-negative activations, laid out vector-major
    /// (<c>codes[v * rows + r]</c>) as a Vmm request carries them.
    /// </summary>
    public static class DacCodes
    {
        /// <summary>Vectors quantised per tile of the transpose: the tile's codes (tile x rows bytes) stay in L1.</summary>
        private const int TileVectors = 64;

        /// <summary>
        /// Quantises vectors <paramref name="firstVector"/> .. + <paramref name="vectors"/> of rows <paramref name="firstRow"/> ..
        /// + <paramref name="rows"/> of <paramref name="x"/>, a [fan-in, <paramref name="vectorCount"/>] row-major matrix (column v
        /// is input vector v, as a crossbar layer call hands it over), into <paramref name="codes"/>[v * rows + r] =
        /// clamp((byte)(x * <paramref name="inverseScale"/> + 0.5), 0, 255), v and r counted from the first vector and row.
        /// The same codes as the straightforward loop over rows and vectors, computed tile by tile so that the reads run along
        /// the rows of <paramref name="x"/> and the writes stay in cache (about 4x faster for conv1's 25 x 36,864 inputs).
        /// </summary>
        public static void Quantise(ReadOnlySpan<float> x, int vectorCount, int firstRow, int rows, int firstVector, int vectors, float inverseScale, Span<byte> codes)
        {
            if (vectorCount < 0 || firstRow < 0 || rows < 0 || firstVector < 0 || vectors < 0 || firstVector + vectors > vectorCount)
            {
                throw new ArgumentOutOfRangeException(nameof(vectors), "the vector or row window lies outside the activations");
            }
            if ((long)(firstRow + rows) * vectorCount > x.Length)
            {
                throw new ArgumentException("activations hold " + x.Length + " values, fewer than " + (firstRow + rows) + " rows of " + vectorCount + " vectors", nameof(x));
            }
            if ((long)rows * vectors > codes.Length)
            {
                throw new ArgumentException("codes hold " + codes.Length + " bytes, fewer than " + vectors + " vectors of " + rows + " rows", nameof(codes));
            }
            Span<byte> row8 = stackalloc byte[TileVectors];
            var vInv = new Vector<float>(inverseScale);
            var vHalf = new Vector<float>(0.5f);
            var vMax = new Vector<float>(255f);
            int w = Vector<float>.Count;
            for (int t0 = 0; t0 < vectors; t0 += TileVectors)
            {
                int n = Math.Min(TileVectors, vectors - t0);
                Span<byte> tile = codes.Slice(t0 * rows, n * rows);
                for (int r = 0; r < rows; r++)
                {
                    ReadOnlySpan<float> row = x.Slice(((firstRow + r) * vectorCount) + firstVector + t0, n);
                    // (x * inv + 0.5) clamped to [0, 255] and truncated: the scalar formula below, four vectors of floats at a time.
                    int v = 0;
                    for (; v + 4 * w <= n; v += 4 * w)
                    {
                        Vector<int> c0 = Code(row.Slice(v), vInv, vHalf, vMax);
                        Vector<int> c1 = Code(row.Slice(v + w), vInv, vHalf, vMax);
                        Vector<int> c2 = Code(row.Slice(v + 2 * w), vInv, vHalf, vMax);
                        Vector<int> c3 = Code(row.Slice(v + 3 * w), vInv, vHalf, vMax);
                        Vector<byte> bytes = Vector.AsVectorByte(Vector.Narrow(Vector.Narrow(c0, c1), Vector.Narrow(c2, c3)));
                        bytes.CopyTo(row8.Slice(v));
                    }
                    for (; v < n; v++)
                    {
                        float c = (row[v] * inverseScale) + 0.5f;
                        row8[v] = c <= 0f ? (byte)0 : c >= 255f ? (byte)255 : (byte)c;
                    }
                    int at = r;
                    for (v = 0; v < n; v++, at += rows)
                    {
                        tile[at] = row8[v];
                    }
                }
            }
        }

        /// <summary>
        /// As <see cref="Quantise(ReadOnlySpan{float}, int, int, int, int, int, float, Span{byte})"/> with one input scale per
        /// vector (activation units per code; <see cref="InputCodes.Code"/>: code = clamp((byte)(x / <paramref name="scales"/>[v] + 0.5), 0,
        /// 255), the firmware Forward's rule) and each vector's codes written <paramref name="repeats"/>
        /// times in a row (<c>codes[((v * repeats) + k) * rows + r]</c>: repeated conversions of the same input).
        /// <paramref name="scales"/>[i] belongs to vector <paramref name="firstVector"/> + i.
        /// </summary>
        public static void Quantise(ReadOnlySpan<float> x, int vectorCount, int firstRow, int rows, int firstVector, int vectors, ReadOnlySpan<float> scales,
            int repeats, Span<byte> codes)
        {
            if (vectorCount < 0 || firstRow < 0 || rows < 0 || firstVector < 0 || vectors < 0 || firstVector + vectors > vectorCount || repeats < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(vectors), "the vector or row window lies outside the activations, or repeats is below 1");
            }
            if ((long)(firstRow + rows) * vectorCount > x.Length || scales.Length < vectors)
            {
                throw new ArgumentException("activations hold " + x.Length + " values (need " + (firstRow + rows) + " rows of " + vectorCount + " vectors) and "
                    + scales.Length + " scales (need " + vectors + ")", nameof(x));
            }
            if ((long)rows * vectors * repeats > codes.Length)
            {
                throw new ArgumentException("codes hold " + codes.Length + " bytes, fewer than " + vectors + " x " + repeats + " vectors of " + rows + " rows", nameof(codes));
            }
            int stride = rows * repeats;
            // whole 16 x 16 tiles in registers where the machine has AVX-512, the rest (or all) in 64-vector tiles through a row buffer
            int t0 = 0;
            if (DacCodeTiles.IsSupported && rows >= DacCodeTiles.Size && vectors >= DacCodeTiles.Size)
            {
                int tiles = vectors / DacCodeTiles.Size;
                DacCodeTiles.Quantise(x, vectorCount, firstRow, rows, firstVector, tiles, scales, stride, codes);
                t0 = tiles * DacCodeTiles.Size;
                CopyRepeats(codes, rows, repeats, 0, t0);
            }

            Span<byte> row8 = stackalloc byte[TileVectors];
            var vHalf = new Vector<float>(0.5f);
            var vMax = new Vector<float>(255f);
            int w = Vector<float>.Count;
            for (; t0 < vectors; t0 += TileVectors)
            {
                int n = Math.Min(TileVectors, vectors - t0);
                Span<byte> tile = codes.Slice(t0 * stride, n * stride);
                ReadOnlySpan<float> q = scales.Slice(t0, n);
                for (int r = 0; r < rows; r++)
                {
                    ReadOnlySpan<float> row = x.Slice(((firstRow + r) * vectorCount) + firstVector + t0, n);
                    int v = 0;
                    for (; v + 4 * w <= n; v += 4 * w)
                    {
                        Vector<int> c0 = Code(row.Slice(v), q.Slice(v), vHalf, vMax);
                        Vector<int> c1 = Code(row.Slice(v + w), q.Slice(v + w), vHalf, vMax);
                        Vector<int> c2 = Code(row.Slice(v + 2 * w), q.Slice(v + 2 * w), vHalf, vMax);
                        Vector<int> c3 = Code(row.Slice(v + 3 * w), q.Slice(v + 3 * w), vHalf, vMax);
                        Vector.AsVectorByte(Vector.Narrow(Vector.Narrow(c0, c1), Vector.Narrow(c2, c3))).CopyTo(row8.Slice(v));
                    }
                    for (; v < n; v++)
                    {
                        row8[v] = InputCodes.Code(row[v], q[v]);
                    }
                    int at = r;
                    for (v = 0; v < n; v++, at += stride)
                    {
                        tile[at] = row8[v];
                    }
                }
                CopyRepeats(codes, rows, repeats, t0, n);
            }
        }

        /// <summary>The other repeats of vectors <paramref name="first"/> .. + <paramref name="count"/>: copies of each one's first block of rows.</summary>
        private static void CopyRepeats(Span<byte> codes, int rows, int repeats, int first, int count)
        {
            int stride = rows * repeats;
            for (int v = first; v < first + count && repeats > 1; v++)
            {
                Span<byte> codesOfVector = codes.Slice(v * stride, rows);
                for (int k = 1; k < repeats; k++)
                {
                    codesOfVector.CopyTo(codes.Slice((v * stride) + (k * rows), rows));
                }
            }
        }

        /// <summary>
        /// The same codes as <see cref="Quantise(ReadOnlySpan{float}, int, int, int, int, int, ReadOnlySpan{float}, int, Span{byte})"/>
        /// by the straightforward loop over rows and vectors (the reference the tiled quantiser is timed against).
        /// </summary>
        public static void QuantiseRowByRow(ReadOnlySpan<float> x, int vectorCount, int firstRow, int rows, int firstVector, int vectors, ReadOnlySpan<float> scales,
            int repeats, Span<byte> codes)
        {
            if (vectorCount < 0 || firstRow < 0 || rows < 0 || firstVector < 0 || vectors < 0 || firstVector + vectors > vectorCount || repeats < 1
                || (long)(firstRow + rows) * vectorCount > x.Length || scales.Length < vectors || (long)rows * vectors * repeats > codes.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(vectors), "the vector or row window lies outside the activations, the scales or the codes, or repeats is below 1");
            }
            for (int r = 0; r < rows; r++)
            {
                int row = ((firstRow + r) * vectorCount) + firstVector;
                for (int v = 0; v < vectors; v++)
                {
                    byte code = InputCodes.Code(x[row + v], scales[v]);
                    for (int k = 0; k < repeats; k++)
                    {
                        codes[(((v * repeats) + k) * rows) + r] = code;
                    }
                }
            }
        }

        // InputCodes.Code for a vector of floats: (x / scale + 0.5) clamped to [0, 255] and truncated
        private static Vector<int> Code(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, Vector<float> half, Vector<float> max)
        {
            Vector<float> c = (new Vector<float>(x) / new Vector<float>(scale)) + half;
            return Vector.ConvertToInt32(Vector.Min(Vector.Max(c, Vector<float>.Zero), max));
        }

        private static Vector<int> Code(ReadOnlySpan<float> x, Vector<float> inv, Vector<float> half, Vector<float> max)
        {
            Vector<float> c = (new Vector<float>(x) * inv) + half;
            return Vector.ConvertToInt32(Vector.Min(Vector.Max(c, Vector<float>.Zero), max));
        }
    }
}

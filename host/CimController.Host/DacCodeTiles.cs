using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CimController.Protocol;

namespace CimController.Host
{
    /// <summary>
    /// The per-vector-scale DAC codes of <see cref="DacCodes"/> in 16 x 16 tiles on AVX-512: sixteen rows of sixteen vectors are
    /// loaded along the rows of the activations, quantised with the sixteen vectors' scales in one register, narrowed to bytes
    /// and transposed in registers, so each vector's sixteen codes leave in one 16-byte store instead of sixteen byte stores.
    /// The codes are <see cref="InputCodes.Code"/>'s, bit for bit (the same division, clamp and truncation; NaN gives 0).
    /// A block of rows that is not a multiple of 16 ends with a tile that overlaps the one before it and rewrites the same codes.
    /// </summary>
    public static class DacCodeTiles
    {
        /// <summary>Vectors and rows per tile.</summary>
        public const int Size = 16;

        /// <summary>Whether this machine runs the tiles (AVX-512 with 512-bit vectors accelerated).</summary>
        public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

        /// <summary>
        /// Codes of vectors <paramref name="firstVector"/> .. + <paramref name="tiles"/> x 16 and rows <paramref name="firstRow"/> ..
        /// + <paramref name="rows"/> (at least 16) of <paramref name="x"/> ([fan-in, <paramref name="vectorCount"/>] row-major) into
        /// <paramref name="codes"/>[v * <paramref name="stride"/> + r], v and r counted from the first vector and row;
        /// <paramref name="scales"/>[v] is vector v's scale. The caller checks the bounds (<see cref="DacCodes.Quantise(ReadOnlySpan{float}, int, int, int, int, int, ReadOnlySpan{float}, int, Span{byte})"/>).
        /// </summary>
        public static void Quantise(ReadOnlySpan<float> x, int vectorCount, int firstRow, int rows, int firstVector, int tiles,
            ReadOnlySpan<float> scales, int stride, Span<byte> codes)
        {
            if (!IsSupported)
            {
                throw new PlatformNotSupportedException("the 16 x 16 code tiles need AVX-512");
            }
            if (rows < Size || stride < rows || (long)(firstRow + rows) * vectorCount > x.Length || firstVector + (tiles * Size) > vectorCount
                || scales.Length < tiles * Size || (long)((tiles * Size) - 1) * stride + rows > codes.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(tiles), "the tiles need at least 16 rows and lie inside the activations, scales and codes");
            }

            ref float x0 = ref MemoryMarshal.GetReference(x);
            ref float s0 = ref MemoryMarshal.GetReference(scales);
            ref byte codeBase = ref MemoryMarshal.GetReference(codes);
            for (int t = 0; t < tiles; t++)
            {
                int v = t * Size;
                Vector512<float> scale = Vector512.LoadUnsafe(ref s0, (nuint)v);
                for (int rt = 0; rt < rows; rt += Size)
                {
                    int top = Math.Min(rt, rows - Size);
                    ref float xr = ref Unsafe.Add(ref x0, ((firstRow + top) * vectorCount) + firstVector + v);
                    Vector128<byte> r0 = Codes(ref xr, 0 * vectorCount, scale);
                    Vector128<byte> r1 = Codes(ref xr, 1 * vectorCount, scale);
                    Vector128<byte> r2 = Codes(ref xr, 2 * vectorCount, scale);
                    Vector128<byte> r3 = Codes(ref xr, 3 * vectorCount, scale);
                    Vector128<byte> r4 = Codes(ref xr, 4 * vectorCount, scale);
                    Vector128<byte> r5 = Codes(ref xr, 5 * vectorCount, scale);
                    Vector128<byte> r6 = Codes(ref xr, 6 * vectorCount, scale);
                    Vector128<byte> r7 = Codes(ref xr, 7 * vectorCount, scale);
                    Vector128<byte> r8 = Codes(ref xr, 8 * vectorCount, scale);
                    Vector128<byte> r9 = Codes(ref xr, 9 * vectorCount, scale);
                    Vector128<byte> r10 = Codes(ref xr, 10 * vectorCount, scale);
                    Vector128<byte> r11 = Codes(ref xr, 11 * vectorCount, scale);
                    Vector128<byte> r12 = Codes(ref xr, 12 * vectorCount, scale);
                    Vector128<byte> r13 = Codes(ref xr, 13 * vectorCount, scale);
                    Vector128<byte> r14 = Codes(ref xr, 14 * vectorCount, scale);
                    Vector128<byte> r15 = Codes(ref xr, 15 * vectorCount, scale);
                    // transpose: interleave bytes, then pairs, quads and eights of the row vectors
                    Vector128<byte> a0 = Sse2.UnpackLow(r0, r1), a1 = Sse2.UnpackHigh(r0, r1);
                    Vector128<byte> a2 = Sse2.UnpackLow(r2, r3), a3 = Sse2.UnpackHigh(r2, r3);
                    Vector128<byte> a4 = Sse2.UnpackLow(r4, r5), a5 = Sse2.UnpackHigh(r4, r5);
                    Vector128<byte> a6 = Sse2.UnpackLow(r6, r7), a7 = Sse2.UnpackHigh(r6, r7);
                    Vector128<byte> a8 = Sse2.UnpackLow(r8, r9), a9 = Sse2.UnpackHigh(r8, r9);
                    Vector128<byte> a10 = Sse2.UnpackLow(r10, r11), a11 = Sse2.UnpackHigh(r10, r11);
                    Vector128<byte> a12 = Sse2.UnpackLow(r12, r13), a13 = Sse2.UnpackHigh(r12, r13);
                    Vector128<byte> a14 = Sse2.UnpackLow(r14, r15), a15 = Sse2.UnpackHigh(r14, r15);
                    Vector128<byte> b0 = Sse2.UnpackLow(a0.AsUInt16(), a2.AsUInt16()).AsByte(), b1 = Sse2.UnpackHigh(a0.AsUInt16(), a2.AsUInt16()).AsByte();
                    Vector128<byte> b2 = Sse2.UnpackLow(a1.AsUInt16(), a3.AsUInt16()).AsByte(), b3 = Sse2.UnpackHigh(a1.AsUInt16(), a3.AsUInt16()).AsByte();
                    Vector128<byte> b4 = Sse2.UnpackLow(a4.AsUInt16(), a6.AsUInt16()).AsByte(), b5 = Sse2.UnpackHigh(a4.AsUInt16(), a6.AsUInt16()).AsByte();
                    Vector128<byte> b6 = Sse2.UnpackLow(a5.AsUInt16(), a7.AsUInt16()).AsByte(), b7 = Sse2.UnpackHigh(a5.AsUInt16(), a7.AsUInt16()).AsByte();
                    Vector128<byte> b8 = Sse2.UnpackLow(a8.AsUInt16(), a10.AsUInt16()).AsByte(), b9 = Sse2.UnpackHigh(a8.AsUInt16(), a10.AsUInt16()).AsByte();
                    Vector128<byte> b10 = Sse2.UnpackLow(a9.AsUInt16(), a11.AsUInt16()).AsByte(), b11 = Sse2.UnpackHigh(a9.AsUInt16(), a11.AsUInt16()).AsByte();
                    Vector128<byte> b12 = Sse2.UnpackLow(a12.AsUInt16(), a14.AsUInt16()).AsByte(), b13 = Sse2.UnpackHigh(a12.AsUInt16(), a14.AsUInt16()).AsByte();
                    Vector128<byte> b14 = Sse2.UnpackLow(a13.AsUInt16(), a15.AsUInt16()).AsByte(), b15 = Sse2.UnpackHigh(a13.AsUInt16(), a15.AsUInt16()).AsByte();
                    Vector128<byte> c0 = Sse2.UnpackLow(b0.AsUInt32(), b4.AsUInt32()).AsByte(), c1 = Sse2.UnpackHigh(b0.AsUInt32(), b4.AsUInt32()).AsByte();
                    Vector128<byte> c2 = Sse2.UnpackLow(b1.AsUInt32(), b5.AsUInt32()).AsByte(), c3 = Sse2.UnpackHigh(b1.AsUInt32(), b5.AsUInt32()).AsByte();
                    Vector128<byte> c4 = Sse2.UnpackLow(b2.AsUInt32(), b6.AsUInt32()).AsByte(), c5 = Sse2.UnpackHigh(b2.AsUInt32(), b6.AsUInt32()).AsByte();
                    Vector128<byte> c6 = Sse2.UnpackLow(b3.AsUInt32(), b7.AsUInt32()).AsByte(), c7 = Sse2.UnpackHigh(b3.AsUInt32(), b7.AsUInt32()).AsByte();
                    Vector128<byte> c8 = Sse2.UnpackLow(b8.AsUInt32(), b12.AsUInt32()).AsByte(), c9 = Sse2.UnpackHigh(b8.AsUInt32(), b12.AsUInt32()).AsByte();
                    Vector128<byte> c10 = Sse2.UnpackLow(b9.AsUInt32(), b13.AsUInt32()).AsByte(), c11 = Sse2.UnpackHigh(b9.AsUInt32(), b13.AsUInt32()).AsByte();
                    Vector128<byte> c12 = Sse2.UnpackLow(b10.AsUInt32(), b14.AsUInt32()).AsByte(), c13 = Sse2.UnpackHigh(b10.AsUInt32(), b14.AsUInt32()).AsByte();
                    Vector128<byte> c14 = Sse2.UnpackLow(b11.AsUInt32(), b15.AsUInt32()).AsByte(), c15 = Sse2.UnpackHigh(b11.AsUInt32(), b15.AsUInt32()).AsByte();
                    ref byte o = ref Unsafe.Add(ref codeBase, (v * stride) + top);
                    Sse2.UnpackLow(c0.AsUInt64(), c8.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(0 * stride));
                    Sse2.UnpackHigh(c0.AsUInt64(), c8.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(1 * stride));
                    Sse2.UnpackLow(c1.AsUInt64(), c9.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(2 * stride));
                    Sse2.UnpackHigh(c1.AsUInt64(), c9.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(3 * stride));
                    Sse2.UnpackLow(c2.AsUInt64(), c10.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(4 * stride));
                    Sse2.UnpackHigh(c2.AsUInt64(), c10.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(5 * stride));
                    Sse2.UnpackLow(c3.AsUInt64(), c11.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(6 * stride));
                    Sse2.UnpackHigh(c3.AsUInt64(), c11.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(7 * stride));
                    Sse2.UnpackLow(c4.AsUInt64(), c12.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(8 * stride));
                    Sse2.UnpackHigh(c4.AsUInt64(), c12.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(9 * stride));
                    Sse2.UnpackLow(c5.AsUInt64(), c13.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(10 * stride));
                    Sse2.UnpackHigh(c5.AsUInt64(), c13.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(11 * stride));
                    Sse2.UnpackLow(c6.AsUInt64(), c14.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(12 * stride));
                    Sse2.UnpackHigh(c6.AsUInt64(), c14.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(13 * stride));
                    Sse2.UnpackLow(c7.AsUInt64(), c15.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(14 * stride));
                    Sse2.UnpackHigh(c7.AsUInt64(), c15.AsUInt64()).AsByte().StoreUnsafe(ref o, (nuint)(15 * stride));
                }
            }
        }

        /// <summary>One row's codes for sixteen vectors: (x / scale + 0.5) clamped to [0, 255] (NaN to 0: the native max returns
        /// its second operand) and truncated to bytes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<byte> Codes(ref float row, int offset, Vector512<float> scale)
        {
            Vector512<float> c = (Vector512.LoadUnsafe(ref row, (nuint)offset) / scale) + Vector512.Create(0.5f);
            c = Vector512.MinNative(Vector512.MaxNative(c, Vector512<float>.Zero), Vector512.Create(255f));
            return Avx512F.ConvertToVector128Byte(Vector512.ConvertToInt32Native(c));
        }
    }
}

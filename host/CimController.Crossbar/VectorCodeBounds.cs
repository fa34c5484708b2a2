using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CimController.Crossbar;

/// <summary>
/// The smallest of the vectors' own code bounds, vectorMax_v / (scalePerCurrent x vectorCurrent_v), over the vectors with a
/// positive largest input and a positive current, in double precision (<see cref="InputScaleRule.BlockCodeMax"/> when no
/// vector may pass the target). Eight vectors per step on AVX-512 without a branch per vector (the ReLU zeros make that
/// branch unpredictable), one by one elsewhere; both give the same value.
/// </summary>
public static class VectorCodeBounds
{
    /// <summary>The smallest bound, +infinity when no vector has both a positive input and a positive current.</summary>
    public static double SmallestRatio(ReadOnlySpan<float> vectorMax, ReadOnlySpan<float> vectorCurrent, double scalePerCurrent)
    {
        if (vectorCurrent.Length < vectorMax.Length)
        {
            throw new ArgumentException("vectorCurrent holds " + vectorCurrent.Length + " values, fewer than the " + vectorMax.Length + " vectors", nameof(vectorCurrent));
        }

        double least = double.PositiveInfinity;
        int vec = 0;
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            (least, vec) = Smallest512(vectorMax, vectorCurrent, scalePerCurrent);
        }

        for (; vec < vectorMax.Length; vec++)
        {
            if (TryRatio(vectorMax[vec], vectorCurrent[vec], scalePerCurrent, out double ratio) && ratio < least)
            {
                least = ratio;
            }
        }

        return least;
    }

    /// <summary>One vector's bound, vectorMax / (scalePerCurrent x vectorCurrent); false (the vector does not count) unless
    /// both its largest input and the current it needs are positive.</summary>
    public static bool TryRatio(float vectorMax, float vectorCurrent, double scalePerCurrent, out double ratio)
    {
        double needed = scalePerCurrent * vectorCurrent;
        bool counted = vectorMax > 0 && needed > 0;
        ratio = counted ? vectorMax / needed : double.NaN;
        return counted;
    }

    /// <summary>The smallest bound of the first whole groups of eight vectors, and how many vectors that covered.</summary>
    private static (double Least, int Covered) Smallest512(ReadOnlySpan<float> vectorMax, ReadOnlySpan<float> vectorCurrent, double scalePerCurrent)
    {
        ref float xr = ref MemoryMarshal.GetReference(vectorMax);
        ref float ar = ref MemoryMarshal.GetReference(vectorCurrent);
        Vector512<double> infinity = Vector512.Create(double.PositiveInfinity);
        Vector512<double> perCurrent = Vector512.Create(scalePerCurrent);
        Vector512<double> least = infinity;
        int vec = 0;
        for (; vec + 8 <= vectorMax.Length; vec += 8)
        {
            Vector512<double> x = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref xr, (nuint)vec));
            Vector512<double> needed = perCurrent * Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref ar, (nuint)vec));
            Vector512<double> counted = Vector512.GreaterThan(x, Vector512<double>.Zero) & Vector512.GreaterThan(needed, Vector512<double>.Zero);
            least = Vector512.Min(least, Vector512.ConditionalSelect(counted, x / needed, infinity));
        }

        double smallest = double.PositiveInfinity;
        for (int lane = 0; lane < Vector512<double>.Count; lane++)
        {
            smallest = Math.Min(smallest, least[lane]);
        }

        return (smallest, vec);
    }
}

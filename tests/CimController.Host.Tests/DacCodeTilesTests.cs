using System;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>The AVX-512 16 x 16 code tiles (<see cref="DacCodeTiles"/>) against <see cref="InputCodes.Code"/> applied one code at a time.</summary>
[TestClass]
public sealed class DacCodeTilesTests
{
    [TestMethod]
    [DataRow(16, 16, 0, 0, 1)]
    [DataRow(25, 36864 / 64, 0, 0, 1)]
    [DataRow(64, 200, 36, 7, 1)]
    [DataRow(36, 70, 0, 3, 3)]
    [DataRow(100, 48, 5, 0, 2)]
    public void TilesGiveTheCodesOfTheScalarRule(int rows, int vectorCount, int firstRow, int firstVector, int repeats)
    {
        int seed = (rows * 1000) + vectorCount + repeats;
        Console.WriteLine($"seed {seed}; AVX-512 tiles on this machine: {DacCodeTiles.IsSupported}");
        var random = new Random(seed);
        float[] x = new float[(firstRow + rows) * vectorCount];
        for (int i = 0; i < x.Length; i++)
        {
            double u = random.NextDouble();
            // ReLU zeros, values past code 255, negative values, NaN and values on a rounding edge (code + 0.5 exactly)
            x[i] = u < 0.3 ? 0f : u < 0.35 ? 1e6f : u < 0.4 ? -1f : u < 0.41 ? float.NaN : u < 0.5 ? 0.01f * (random.Next(256) - 0.5f) : (float)(random.NextDouble() * 3.0);
        }

        int tiles = (vectorCount - firstVector) / DacCodeTiles.Size;
        float[] q = new float[tiles * DacCodeTiles.Size];
        for (int v = 0; v < q.Length; v++)
        {
            q[v] = v % 5 == 0 ? 0.01f : (float)(0.002 + (random.NextDouble() * 0.02));
        }

        int stride = rows * repeats;
        byte[] codes = new byte[q.Length * stride];
        codes.AsSpan().Fill(0xA5);
        if (!DacCodeTiles.IsSupported)
        {
            Assert.ThrowsExactly<PlatformNotSupportedException>(() => DacCodeTiles.Quantise(x, vectorCount, firstRow, rows, firstVector, tiles, q, stride, codes));
            return;
        }

        DacCodeTiles.Quantise(x, vectorCount, firstRow, rows, firstVector, tiles, q, stride, codes);

        for (int v = 0; v < q.Length; v++)
        {
            for (int r = 0; r < stride; r++)
            {
                byte expected = r < rows ? InputCodes.Code(x[((firstRow + r) * vectorCount) + firstVector + v], q[v]) : (byte)0xA5;
                Assert.AreEqual(expected, codes[(v * stride) + r], $"vector {v}, byte {r} ({(r < rows ? "a code" : "past the rows: untouched")})");
            }
        }
    }

    [TestMethod]
    public void TilesRefuseFewerThan16RowsAndWindowsOutsideTheBuffers()
    {
        if (!DacCodeTiles.IsSupported)
        {
            Assert.ThrowsExactly<PlatformNotSupportedException>(() => DacCodeTiles.Quantise(new float[256], 16, 0, 16, 0, 1, new float[16], 16, new byte[256]));
            return;
        }

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DacCodeTiles.Quantise(new float[15 * 16], 16, 0, 15, 0, 1, new float[16], 15, new byte[240]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DacCodeTiles.Quantise(new float[256], 16, 0, 16, 1, 1, new float[16], 16, new byte[256]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DacCodeTiles.Quantise(new float[256], 16, 0, 16, 0, 1, new float[16], 16, new byte[255]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DacCodeTiles.Quantise(new float[256], 16, 0, 16, 0, 1, new float[15], 16, new byte[256]));
    }
}

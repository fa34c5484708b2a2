using System;
using CimController.Learning.Tensors;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

[TestClass]
public sealed class GemmTests
{
    // Shapes cover: vector tails (n not a multiple of 8), row remainders (m not a multiple of 4), k-block and
    // column-block edges (k > 128, n > 1024), the dot kernel's long k (> 4096), and products big enough to run in parallel.
    [TestMethod]
    [DataRow(1, 1, 1)]
    [DataRow(3, 5, 7)]
    [DataRow(4, 36864 / 16, 25)]
    [DataRow(13, 1100, 130)]
    [DataRow(25, 4, 5000)]
    [DataRow(64, 96, 80)]
    [DataRow(100, 33, 12)]
    public void MatchesNaiveTripleLoopForAllTransposes(int m, int n, int k)
    {
        const int seed = 11;
        Console.WriteLine($"seed {seed}, m={m} n={n} k={k}");
        var rng = new Random(seed);
        float[] a = TestData.Uniform(rng, m * k);
        float[] b = TestData.Uniform(rng, k * n);
        float[] c0 = TestData.Uniform(rng, m * n);
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                foreach (bool acc in new[] { false, true })
                {
                    var c = (float[])c0.Clone();
                    Gemm.Multiply(a, ta, b, tb, c, m, n, k, accumulate: acc);
                    for (int i = 0; i < m; i++)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            double s = acc ? c0[(i * n) + j] : 0;
                            double sAbs = Math.Abs(s);
                            for (int p = 0; p < k; p++)
                            {
                                double av = ta ? a[(p * m) + i] : a[(i * k) + p];
                                double bv = tb ? b[(j * k) + p] : b[(p * n) + j];
                                s += av * bv;
                                sAbs += Math.Abs(av * bv);
                            }

                            // float32 accumulation error is bounded by about k * 2^-24 * sum|a b|; allow 4x that.
                            double tol = (4 * k * 6e-8 * sAbs) + 1e-6;
                            Assert.AreEqual(s, c[(i * n) + j], tol, $"ta={ta} tb={tb} acc={acc} at ({i},{j})");
                        }
                    }
                }
            }
        }
    }

    [TestMethod]
    public void RejectsTooSmallBuffersAndHandlesEmptyProducts()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Gemm.Multiply(new float[5], false, new float[6], false, new float[6], 2, 3, 3));
        var c = new float[] { 1, 2 };
        Gemm.Multiply(Array.Empty<float>(), false, Array.Empty<float>(), false, c, 1, 2, 0);
        CollectionAssert.AreEqual(new float[] { 0, 0 }, c);
    }

    [TestMethod]
    public void TransposeIsExact()
    {
        var rng = new Random(5);
        float[] x = TestData.Uniform(rng, 37 * 70);
        var t = new float[x.Length];
        Gemm.Transpose(x, 37, 70, t);
        for (int r = 0; r < 37; r++)
        {
            for (int c = 0; c < 70; c++)
            {
                Assert.AreEqual(x[(r * 70) + c], t[(c * 37) + r]);
            }
        }
    }
}

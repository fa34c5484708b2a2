using System;
using CimController.Crossbar;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Inference.Tests;

/// <summary>The input scale's per-vector maxima (<see cref="VectorMaxima"/>) against the plain loops they replace.</summary>
[TestClass]
public sealed class VectorMaximaTests
{
    [TestMethod]
    [DataRow(25, 8, 36864 / 64)]
    [DataRow(64, 24, 100)]
    [DataRow(36, 24, 13)]
    [DataRow(1, 1, 1)]
    [DataRow(3, 5, 7)]
    [DataRow(64, 20, 64)]
    [DataRow(100, 17, 33)]
    public void MaximaEqualThoseOfThePlainLoops(int rows, int cols, int v)
    {
        int seed = (rows * 1000) + (cols * 10) + v;
        Console.WriteLine($"seed {seed}: {rows} rows, {cols} columns, {v} vectors");
        var random = new Random(seed);
        int padded = VectorMaxima.PaddedColumns(cols);
        var g = new float[padded * rows];
        for (int c = 0; c < cols; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                g[(c * rows) + r] = (float)(8 + (25 * random.NextDouble()));
            }
        }

        for (int c = cols; c < padded; c++)
        {
            Array.Copy(g, (cols - 1) * rows, g, c * rows, rows);
        }

        // inputs of either sign, a quarter exactly 0 (ReLU outputs)
        var x = new float[rows * v];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble() < 0.25 ? 0f : (float)((2 * random.NextDouble()) - 0.5);
        }

        var xMax = new float[v];
        var currentMax = new float[v];
        VectorMaxima.Compute(g, rows, cols, x, v, xMax, currentMax);
        for (int vec = 0; vec < v; vec++)
        {
            double xs = double.NegativeInfinity, best = double.NegativeInfinity;
            for (int r = 0; r < rows; r++)
            {
                xs = Math.Max(xs, x[(r * v) + vec]);
            }

            for (int c = 0; c < cols; c++)
            {
                double sum = 0;
                for (int r = 0; r < rows; r++)
                {
                    sum += (double)g[(c * rows) + r] * x[(r * v) + vec];
                }

                best = Math.Max(best, sum);
            }

            Assert.AreEqual(xs, xMax[vec], $"vector {vec}: largest input");
            Assert.AreEqual(best, currentMax[vec], 1e-5 * (1 + Math.Abs(best)) * rows, $"vector {vec}: largest column current");
        }
    }

    [TestMethod]
    [DataRow(25, 8, 53)]
    [DataRow(64, 24, 40)]
    public void EachVectorsMaximaAreTheSameInEverySimdWidth(int rows, int cols, int v)
    {
        // 53 vectors: three 16-wide blocks (where 512-bit registers run), then Vector<T> widths and single vectors
        int seed = rows + cols + v;
        Console.WriteLine($"seed {seed}; 512-bit registers accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        var random = new Random(seed);
        int padded = VectorMaxima.PaddedColumns(cols);
        var g = new float[padded * rows];
        for (int i = 0; i < cols * rows; i++)
        {
            g[i] = (float)(8 + (25 * random.NextDouble()));
        }

        for (int c = cols; c < padded; c++)
        {
            Array.Copy(g, (cols - 1) * rows, g, c * rows, rows);
        }

        var x = new float[rows * v];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble() < 0.25 ? 0f : (float)random.NextDouble();
        }

        var xMax = new float[v];
        var currentMax = new float[v];
        VectorMaxima.Compute(g, rows, cols, x, v, xMax, currentMax);
        var column = new float[rows];
        var one = new float[1];
        var oneCurrent = new float[1];
        for (int vec = 0; vec < v; vec++)
        {
            for (int r = 0; r < rows; r++)
            {
                column[r] = x[(r * v) + vec];
            }

            VectorMaxima.Compute(g, rows, cols, column, 1, one, oneCurrent);
            Assert.AreEqual(one[0], xMax[vec], $"vector {vec}: largest input");
            Assert.AreEqual(oneCurrent[0], currentMax[vec], $"vector {vec}: largest current, bit for bit");
        }
    }
}

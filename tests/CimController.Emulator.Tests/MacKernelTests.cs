using System;
using CimController.Emulator;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>The MAC's column-sum kernels against each other: the dense kernel (every row) must give the gathering kernel's
    /// sums (non-zero rows only) bit for bit, so that which one a window uses never changes a code.</summary>
    [TestClass]
    public sealed class MacKernelTests
    {
        [TestMethod]
        [DataRow(25, 8, 64)]
        [DataRow(50, 8, 64)]
        [DataRow(64, 16, 64)]
        [DataRow(36, 24, 64)]
        [DataRow(17, 5, 64)]
        [DataRow(7, 13, 256)]
        [DataRow(1, 1, 1)]
        public void DenseBlockGivesTheGatheredSumsBitForBit(int rows, int cols, int stride)
        {
            int seed = 4100 + rows + cols;
            Console.WriteLine($"seed {seed}: {rows} rows x {cols} columns, tile stride {stride}");
            var rng = new Random(seed);
            int tileRows = rows + 3, baseOffset = (2 * stride) + (stride - cols);
            var g = new float[tileRows * stride];
            for (int i = 0; i < g.Length; i++) g[i] = (float)(8.2 + (24.7 * rng.NextDouble()));
            // Four vectors of codes, about half of them 0 (black pixels, ReLU zeros), one vector all 0.
            var codes = new byte[MacKernels.Block * rows];
            for (int i = 0; i < rows; i++)
            {
                for (int k = 0; k < 3; k++) codes[(k * rows) + i] = rng.NextDouble() < 0.5 ? (byte)0 : (byte)rng.Next(1, 256);
            }

            var dense = new float[MacKernels.Block * rows];
            for (int k = 0; k < MacKernels.Block; k++)
                for (int r = 0; r < rows; r++) dense[(k * rows) + r] = codes[(k * rows) + r];
            var offsets = new int[rows];
            var gathered = new float[MacKernels.Block * rows];
            int count = 0;
            for (int r = 0; r < rows; r++)
            {
                bool any = false;
                for (int k = 0; k < MacKernels.Block; k++) any |= codes[(k * rows) + r] != 0;
                if (!any) continue;
                offsets[count] = baseOffset + (r * stride);
                for (int k = 0; k < MacKernels.Block; k++) gathered[(count * MacKernels.Block) + k] = codes[(k * rows) + r];
                count++;
            }

            var expected = new float[MacKernels.Block * cols + 3];
            var actual = new float[MacKernels.Block * cols + 3];
            MacKernels.AccumulateBlock(g, offsets, gathered, count, expected, 3, cols);
            MacKernels.AccumulateDenseBlock(g, baseOffset, stride, dense, rows, actual, 3, cols);
            for (int i = 3; i < expected.Length; i++)
            {
                Assert.AreEqual(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]),
                    $"vector {(i - 3) / cols}, column {(i - 3) % cols}: gathered {expected[i]:R}, dense {actual[i]:R}");
            }
            for (int k = 0; k < MacKernels.Block; k++)
            {
                bool anyInput = codes.AsSpan(k * rows, rows).IndexOfAnyExcept((byte)0) >= 0;
                Assert.AreEqual(anyInput, actual[3 + (k * cols)] > 0, $"vector {k} draws current exactly when it has a non-zero input");
            }
        }
    }
}

using System;
using System.Linq;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>
    /// Columns that draw no current (all-zero input vectors) get the sum of their N conversions from its exact distribution
    /// (<see cref="ZeroCurrentSums"/>) instead of N clipped conversions: the same distribution of sums.
    /// </summary>
    [TestClass]
    public sealed class ZeroCurrentSumsTests
    {
        /// <summary>Sums drawn from the quantile table against sums of N conversions, each max(0, floor(0.5 + sigma z)) with z
        /// from the noise table: the same probability of every sum (total variation distance below 1 %), mean and variance.</summary>
        [TestMethod]
        [DataRow(2.0f, 8)]
        [DataRow(2.0f, 16)]
        [DataRow(1.3f, 64)]
        public void TableDrawsHaveTheDistributionOfNClippedConversions(float sigma, int n)
        {
            const int samples = 100_000, seed = 7301;
            Console.WriteLine($"seed {seed}: sigma {sigma} LSB, {n} conversions, {samples} sums each way");
            ZeroCurrentSums table = ZeroCurrentSums.For(sigma, n, 255);
            var stream = new NormalStream(SplitMix64.Mix(seed));
            var fromTable = new int[samples];
            var converted = new int[samples];
            for (int i = 0; i < samples; i++)
            {
                fromTable[i] = table.Draw(stream.NextIndex16());
                int sum = 0;
                for (int k = 0; k < n; k++) sum += (int)Math.Clamp(MathF.Floor(0.5f + (stream.Next() * sigma)), 0f, 255f);
                converted[i] = sum;
            }

            int top = Math.Max(fromTable.Max(), converted.Max());
            double distance = 0;
            for (int s = 0; s <= top; s++)
                distance += Math.Abs(fromTable.Count(x => x == s) - converted.Count(x => x == s)) / (2.0 * samples);
            double m1 = fromTable.Average(), m2 = converted.Average();
            double v1 = fromTable.Select(x => (x - m1) * (x - m1)).Average(), v2 = converted.Select(x => (x - m2) * (x - m2)).Average();
            double[] exact = ZeroCurrentSums.Distribution(sigma, n, 255);
            double mean = exact.Select((p, s) => p * s).Sum();
            Console.WriteLine($"mean {m1:F3} table / {m2:F3} converted / {mean:F3} exact; variance {v1:F3} / {v2:F3}; total variation {distance:P2}");
            Assert.AreEqual(1.0, exact.Sum(), 1e-9, "the sum's probabilities add up to 1");
            Assert.IsTrue(mean > 0, "noise clipped at 0 leaves a positive mean");
            Assert.AreEqual(mean, m1, 4.5 * Math.Sqrt(v1 / samples), "table draws: the exact mean");
            Assert.AreEqual(m2, m1, 4.5 * Math.Sqrt((v1 + v2) / samples), "table and conversions: the same mean");
            Assert.AreEqual(1.0, v1 / v2, 0.03, "the same variance");
            Assert.IsTrue(distance < 0.01, $"total variation distance {distance:P2}");
        }

        /// <summary>A MAC of all-zero vectors on the b-RRAM profile: the summed board's sums have the distribution of the board
        /// that converts each time (mean within 4.5 standard errors, variance within 5 %).</summary>
        [TestMethod]
        [DataRow(8)]
        [DataRow(64)]
        public void ZeroVectorsOfAMacMatchEachConversion(int n)
        {
            int seed = 7400 + n;
            const int rows = 25, cols = 8, vectors = 600, commands = 8;
            Console.WriteLine($"seed {seed}: {commands} MACs of {vectors} all-zero vectors, {n} conversions");
            double[] Sample(bool each)
            {
                var board = new BoardEmulator(new EmulatorOptions { ProfileName = "brram", Seed = seed, DrawEachConversion = each });
                var spi = new SpiTestDriver(board);
                spi.SetWindows(0, rows, 0, cols);
                var all = new double[commands * vectors * cols];
                for (int k = 0; k < commands; k++)
                {
                    ushort[] sums = ConversionsTests.MacSummed(spi, new byte[vectors * rows], vectors, cols, n);
                    for (int i = 0; i < sums.Length; i++) all[(k * sums.Length) + i] = sums[i];
                }
                return all;
            }

            double[] summed = Sample(false), each = Sample(true);
            double m1 = summed.Average(), m2 = each.Average();
            double v1 = summed.Select(x => (x - m1) * (x - m1)).Average(), v2 = each.Select(x => (x - m2) * (x - m2)).Average();
            Console.WriteLine($"mean {m1:F3} summed / {m2:F3} each; variance {v1:F3} / {v2:F3}");
            Assert.IsTrue(m1 > 0, "ADC noise clipped at 0 gives positive sums");
            Assert.AreEqual(m2, m1, 4.5 * Math.Sqrt((v1 + v2) / summed.Length), "means");
            Assert.AreEqual(1.0, v1 / v2, 0.05, "variances");
            Assert.IsFalse(summed.SequenceEqual(each), "the two boards draw differently");
        }
    }
}

using System;
using System.Linq;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>MAC noise statistics against the map's formula, and reproducibility of seeded noise.</summary>
    [TestClass]
    public sealed class NoiseTests
    {
        private const double Lsb = 70.0 / 255;     // uA
        private const double SigmaAdc = 0.549;     // uA, Table 1: 2 LSB
        private const double SigmaRead = 0.12;     // uA, Table 1: 0.3 x 6 uA / 15

        /// <summary>
        /// Many conversions of known currents: the error code - I/LSB must have mean ~0 and standard deviation
        /// sqrt(sigma^2 + 1/12) LSB (Gaussian noise plus rounding), sigma^2 = sigma_adc^2 + sigma_read^2 sum (x/256)^2.
        /// </summary>
        [TestMethod]
        [DataRow(64, 50u, (byte)100, 101)]  // ADC noise dominates: sigma = 2.42 LSB
        [DataRow(64, 10u, (byte)255, 102)]  // read variation dominates: sigma = 4.02 LSB
        [DataRow(8, 80u, (byte)200, 103)]   // few rows
        public void NoiseMatchesTheFormula(int activeRows, uint readDac, byte input, int seed)
        {
            Console.WriteLine($"seed {seed}: {activeRows} rows at x = {input}, READ_DAC {readDac}");
            var board = Boards.Brram(seed);
            var spi = new SpiTestDriver(board);
            var random = new Random(seed);
            var g = new float[64 * 64];
            for (int i = 0; i < g.Length; i++) g[i] = (float)(15 + 10 * random.NextDouble());
            board.SetTile(0, g);
            spi.Write(BoardRegister.ReadDac, readDac);
            var x = new byte[256 * 64];
            for (int v = 0; v < 256; v++)
                for (int r = 0; r < activeRows; r++)
                    x[v * 64 + r] = input;
            double volts = readDac * 0.002;
            var ideal = new double[64];
            for (int c = 0; c < 64; c++) ideal[c] = Boards.IdealCode(g, 64, 0, c, x, 0, 64, volts, Lsb);
            Assert.IsTrue(ideal.All(i => i > 40 && i < 215), "currents well inside the ADC range: " + string.Join(",", ideal.Select(i => i.ToString("F0"))));

            double sum = 0, sumSquares = 0;
            int n = 0;
            for (int trial = 0; trial < 40; trial++)
            {
                byte[] codes = spi.Mac(x, 256, 64);
                for (int v = 0; v < 256; v++)
                    for (int c = 0; c < 64; c++)
                    {
                        double e = codes[v * 64 + c] - ideal[c];
                        sum += e;
                        sumSquares += e * e;
                        n++;
                    }
            }
            double mean = sum / n;
            double std = Math.Sqrt(sumSquares / n - mean * mean);
            double frac = input / 256.0;
            double sigma = Math.Sqrt(SigmaAdc * SigmaAdc + SigmaRead * SigmaRead * activeRows * frac * frac) / Lsb;
            double expected = Math.Sqrt(sigma * sigma + 1.0 / 12);
            Console.WriteLine($"{n} conversions: mean error {mean:F4} LSB, std {std:F4} LSB, formula {expected:F4} LSB");
            Assert.IsTrue(Math.Abs(mean) < 0.05, $"mean error {mean}");
            Assert.IsTrue(Math.Abs(std / expected - 1) < 0.03, $"std {std} vs {expected}");
        }

        [TestMethod]
        public void SameSeedAndTransactionsGiveTheSameCodes()
        {
            const int seed = 2024;
            Console.WriteLine($"seed {seed}");
            byte[] x = Boards.RandomInputs(256 * 64, seed);
            byte[] Run(int s)
            {
                var spi = new SpiTestDriver(Boards.Brram(s));
                spi.Write(BoardRegister.ReadDac, 5);
                byte[] first = spi.Mac(x, 256, 64);
                spi.SetWindows(3, 40, 1, 33);
                byte[] second = spi.Mac(x, 100, 33);
                spi.SelectCell(7, 8);
                spi.Command(BoardCommand.ReadCell);
                uint cell = spi.Read(BoardRegister.CellResult);
                return first.Concat(second).Concat(BitConverter.GetBytes(cell)).ToArray();
            }
            CollectionAssert.AreEqual(Run(seed), Run(seed));
            CollectionAssert.AreNotEqual(Run(seed), Run(seed + 1));
        }

        [TestMethod]
        public void RepeatedMacsDrawFreshNoise()
        {
            const int seed = 77;
            Console.WriteLine($"seed {seed}");
            var spi = new SpiTestDriver(Boards.Brram(seed));
            spi.Write(BoardRegister.ReadDac, 5);
            byte[] x = Boards.RandomInputs(64 * 64, seed);
            CollectionAssert.AreNotEqual(spi.Mac(x, 64, 64), spi.Mac(x, 64, 64));
        }

        [TestMethod]
        public void SameSeedGivesTheSameInitialConductances()
        {
            const int seed = 5;
            Console.WriteLine($"seed {seed}");
            var a = Boards.Brram(seed);
            var b = Boards.Brram(seed);
            var c = Boards.Brram(seed + 1);
            for (int t = 0; t < 4; t++)
            {
                CollectionAssert.AreEqual(a.GetTile(t), b.GetTile(t));
                CollectionAssert.AreNotEqual(a.GetTile(t), c.GetTile(t));
            }
            CollectionAssert.AreNotEqual(a.GetTile(0), a.GetTile(1), "tiles differ from each other");
        }

        [TestMethod]
        public void InitialConductancesAreUniformOverTheProfileRange()
        {
            const int seed = 6;
            Console.WriteLine($"seed {seed}");
            var board = Boards.Brram(seed, 256, 64);
            float[] g = Enumerable.Range(0, 4).SelectMany(board.GetTile).ToArray();
            Assert.IsTrue(g.All(v => v >= 10 && v <= 70));
            double mean = g.Average();
            double variance = g.Select(v => (v - mean) * (v - mean)).Average();
            Assert.AreEqual(40, mean, 0.5);
            Assert.AreEqual(60 * 60 / 12.0, variance, 5);
        }

        [TestMethod]
        public void NoiseOffMakesTheBrramBoardExact()
        {
            const int seed = 8;
            Console.WriteLine($"seed {seed}");
            var board = Boards.Brram(seed, noise: false);
            var spi = new SpiTestDriver(board);
            spi.Write(BoardRegister.ReadDac, 5);
            byte[] x = Boards.RandomInputs(16 * 64, seed);
            float[] g = board.GetTile(0);
            byte[] codes = spi.Mac(x, 16, 64);
            for (int v = 0; v < 16; v++)
                for (int c = 0; c < 64; c++)
                    Assert.IsTrue(Math.Abs(codes[v * 64 + c] - Boards.IdealCode(g, 64, 0, c, x, v * 64, 64, 0.01, Lsb)) <= 0.501);
        }

        [TestMethod]
        public void NormalTableHasUnitVarianceAndZeroMean()
        {
            float[] table = NoiseSource.Table;
            Assert.AreEqual(65536, table.Length);
            double mean = table.Average(v => (double)v);
            double variance = table.Average(v => (double)v * v);
            double fourth = table.Average(v => Math.Pow(v, 4));
            Console.WriteLine($"table: mean {mean:E2}, variance {variance:F6}, kurtosis {fourth:F4}, max {table.Max():F3}");
            Assert.AreEqual(0, mean, 1e-6);
            Assert.AreEqual(1, variance, 1e-5);
            Assert.AreEqual(3, fourth, 0.01, "normal kurtosis");
            Assert.AreEqual(-table[0], table[^1], 1e-6);
            Assert.IsTrue(table.Max() > 4.2 && table.Max() < 4.5, $"tail reaches {table.Max()}");
            // Quantiles: Phi(-1) = 0.158655, Phi(-2) = 0.022750.
            Assert.AreEqual(0.158655, table.Count(v => v < -1) / 65536.0, 1e-4);
            Assert.AreEqual(0.022750, table.Count(v => v < -2) / 65536.0, 1e-4);
        }

        [TestMethod]
        public void NormalStreamDrawsAreUncorrelated()
        {
            const ulong key = 99;
            Console.WriteLine($"key {key}");
            var draws = new float[200_000];
            NoiseSource.Stream(key, 0).Fill(draws);
            double mean = draws.Average(v => (double)v);
            double variance = draws.Average(v => (double)v * v) - mean * mean;
            double lag1 = 0;
            for (int i = 1; i < draws.Length; i++) lag1 += draws[i] * draws[i - 1];
            lag1 /= draws.Length - 1;
            var other = new float[draws.Length];
            NoiseSource.Stream(key, 1).Fill(other);
            double cross = draws.Zip(other, (a, b) => (double)a * b).Average();
            Console.WriteLine($"mean {mean:F4}, variance {variance:F4}, lag-1 {lag1:F4}, cross-stream {cross:F4}");
            Assert.AreEqual(0, mean, 0.01);
            Assert.AreEqual(1, variance, 0.01);
            Assert.AreEqual(0, lag1, 0.01);
            Assert.AreEqual(0, cross, 0.01);
        }
    }
}

using System;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>
    /// CONVERSIONS = N drawn as one sum per column (<see cref="SummedConversions"/>, the default) against N conversions drawn
    /// and quantised one by one (<see cref="EmulatorOptions.DrawEachConversion"/>): the same distribution of the u16 sums.
    /// </summary>
    [TestClass]
    public sealed class SummedConversionsTests
    {
        private const int Vectors = 128, Columns = 64, Commands = 16;

        /// <summary>
        /// One input (every row at code 255) on columns whose conductances rise from 0 to past the ADC's full scale, so the
        /// values run from 0 (every conversion clips at 0) through the range to above code 255: per column, the sums of
        /// 2048 MACs on a board that sums by one draw and on one that converts N times have the same mean (within 4.5
        /// standard errors) and, where conversions do not clip, the same variance (within 20 %).
        /// </summary>
        [TestMethod]
        [DataRow(8)]
        [DataRow(64)]
        public void SummedDrawMatchesEachConversionInMeanAndVarianceAcrossTheAdcRange(int n)
        {
            int seed = 5200 + n;
            Console.WriteLine($"seed {seed}: {n} conversions, {Vectors * Commands} MACs per column on each board");
            double[][] summed = Sample(seed, n, drawEach: false);
            double[][] each = Sample(seed, n, drawEach: true);
            double worstMean = 0, worstVariance = 0;
            int worstColumn = -1;
            for (int c = 0; c < Columns; c++)
            {
                (double m1, double v1) = Moments(summed[c]);
                (double m2, double v2) = Moments(each[c]);
                int count = summed[c].Length;
                double z = v1 + v2 > 0 ? Math.Abs(m1 - m2) / Math.Sqrt((v1 + v2) / count) : (m1 == m2 ? 0 : double.PositiveInfinity);
                double ratio = v2 > 0 ? v1 / v2 : (v1 == 0 ? 1 : double.PositiveInfinity);
                if (z > worstMean)
                {
                    worstMean = z;
                    worstColumn = c;
                }
                Assert.IsTrue(z < 4.5, $"column {c}: mean {m1:F2} summed vs {m2:F2} converted {n} times ({z:F2} standard errors)");
                if (v2 < n)
                {
                    // Clipped at either end: nearly every conversion gives the same code, and the variance of the rare others is
                    // compared by the means alone.
                    continue;
                }
                worstVariance = Math.Max(worstVariance, Math.Abs(ratio - 1));
                Assert.IsTrue(Math.Abs(ratio - 1) < 0.2, $"column {c}: variance {v1:F2} summed vs {v2:F2} converted {n} times");
            }
            Console.WriteLine($"worst mean difference {worstMean:F2} standard errors (column {worstColumn}), worst variance ratio off by {worstVariance:P1}");
            (double zeroMean, _) = Moments(each[0]);
            Assert.IsTrue(zeroMean > 0 && zeroMean < n * 2.0, $"column 0 draws no current: its conversions are noise clipped at 0 (mean {zeroMean:F2})");
            Assert.IsTrue(each[Columns - 1].Average() > n * 250.0, "the last column sits at the top of the range");
            Assert.IsFalse(summed[Columns / 2].SequenceEqual(each[Columns / 2]), "the two boards draw differently");
        }

        /// <summary>Mid-range values straight through the sum: mean N m and variance N (sigma^2 + 1/12), as N rounded conversions have.</summary>
        [TestMethod]
        [DataRow(1.0f, 8)]
        [DataRow(2.0f, 16)]
        [DataRow(3.7f, 128)]
        public void MidRangeSumsHaveTheMeanAndVarianceOfNRoundedConversions(float sigma, int n)
        {
            const int samples = 20000;
            const ulong key = 0x5EED_0042UL;
            Console.WriteLine($"key {key:X}: sigma {sigma} LSB, {n} conversions, {samples} vectors");
            float[] values = { 20.3f, 100.5f, 180.77f };
            var sums = new ushort[values.Length];
            var noise = new float[values.Length];
            var edgeDraws = new float[n];
            var sigmas = new[] { sigma };
            var all = new double[values.Length][];
            for (int i = 0; i < values.Length; i++) all[i] = new double[samples];
            for (int v = 0; v < samples; v++)
            {
                SummedConversions.Draw(values, values.Length, sigmas, 1f, n, 255, key, v, sums, noise, edgeDraws);
                for (int i = 0; i < values.Length; i++) all[i][v] = sums[i];
            }
            for (int i = 0; i < values.Length; i++)
            {
                (double mean, double variance) = Moments(all[i]);
                double expectedVariance = n * (sigma * sigma + 1.0 / 12);
                double z = Math.Abs(mean - n * values[i]) / Math.Sqrt(expectedVariance / samples);
                Console.WriteLine($"m {values[i]}: mean {mean:F2} (expected {n * values[i]:F2}, {z:F2} standard errors), variance {variance:F2} (expected {expectedVariance:F2})");
                Assert.IsTrue(z < 4.5, $"value {values[i]}: mean {mean:F2}, expected {n * values[i]:F2}");
                Assert.AreEqual(1.0, variance / expectedVariance, 0.05, $"value {values[i]}: variance {variance:F2}, expected {expectedVariance:F2}");
            }
        }

        /// <summary>Below <see cref="SummedConversions.MinSigmaLsb"/> rounding is not yet noise: such a MAC converts N times, as with DrawEachConversion.</summary>
        [TestMethod]
        public void QuietAdcsConvertEveryTime()
        {
            const int seed = 5301;
            Console.WriteLine($"seed {seed}");
            var profile = DeviceProfile.Load("brram-table1");
            double sigmaLsb = profile.AdcNoiseMicroamps / profile.AdcLsbMicroamps;
            Assert.IsTrue(sigmaLsb >= SummedConversions.MinSigmaLsb, $"the brram ADC's own noise ({sigmaLsb:F2} LSB) is summable");
            // A vector of zero inputs has only the ADC's noise; every board with that profile sums it. With the read noise alone
            // (no ADC noise, small inputs) sigma is far below 1 LSB and the MAC must convert N times: same codes either way.
            JsonNode json = JsonNode.Parse(profile.Json)!;
            json["parameters"]!["adcNoiseMicroamps"]!["value"] = 0.0;
            json["parameters"]!["readNoiseMicroamps"]!["value"] = 0.05;
            DeviceProfile quietProfile = DeviceProfile.Parse(json.ToJsonString(), "brram-table1 without ADC noise");
            Assert.IsTrue(quietProfile.ReadNoiseMicroamps / quietProfile.AdcLsbMicroamps < SummedConversions.MinSigmaLsb, "the quiet profile's noise is below 1 LSB");
            ushort[] Run(bool drawEach)
            {
                var board = new BoardEmulator(new EmulatorOptions { Profile = quietProfile, Seed = seed, DrawEachConversion = drawEach });
                board.SetTile(0, Boards.RandomTile(64, 64, seed, 12, 32));
                var spi = new SpiTestDriver(board);
                spi.Write(BoardRegister.ReadDac, 50);
                return ConversionsTests.MacSummed(spi, Boards.RandomInputs(Vectors * 64, seed), Vectors, Columns, 8);
            }
            CollectionAssert.AreEqual(Run(true), Run(false));
        }

        private static double[][] Sample(int seed, int n, bool drawEach)
        {
            var board = new BoardEmulator(new EmulatorOptions { ProfileName = "brram-table1", Seed = seed, DrawEachConversion = drawEach });
            var g = new float[64 * Columns];
            for (int r = 0; r < 64; r++)
                for (int c = 0; c < Columns; c++)
                    g[r * Columns + c] = c * 0.18f; // 0 .. 11.3 uS: code 0 .. ~263 at 0.1 V with every row at 255
            board.SetTile(0, g);
            var spi = new SpiTestDriver(board);
            spi.Write(BoardRegister.ReadDac, 50);
            byte[] x = Enumerable.Repeat((byte)255, Vectors * 64).ToArray();
            var samples = new double[Columns][];
            for (int c = 0; c < Columns; c++) samples[c] = new double[Vectors * Commands];
            for (int k = 0; k < Commands; k++)
            {
                ushort[] sums = ConversionsTests.MacSummed(spi, x, Vectors, Columns, n);
                for (int v = 0; v < Vectors; v++)
                    for (int c = 0; c < Columns; c++)
                        samples[c][k * Vectors + v] = sums[v * Columns + c];
            }
            return samples;
        }

        private static (double Mean, double Variance) Moments(double[] values)
        {
            double mean = values.Average();
            double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
            return (mean, variance);
        }
    }
}

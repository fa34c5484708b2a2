using System;
using System.Linq;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>Register map 1.2: CONVERSIONS, repeated conversions of one input summed on the chip.</summary>
    [TestClass]
    public sealed class ConversionsTests
    {
        /// <summary>MAC with CONVERSIONS = <paramref name="conversions"/>; returns the u16 little-endian sums.</summary>
        internal static ushort[] MacSummed(SpiTestDriver spi, byte[] inputs, int vectors, int colCount, int conversions)
        {
            spi.Write(BoardRegister.Conversions, (uint)conversions);
            spi.WriteBuffer(SpiBuffer.Input, inputs);
            spi.Write(BoardRegister.VectorCount, (uint)vectors);
            uint status = spi.Command(BoardCommand.Mac);
            Assert.AreEqual(0u, status & BoardStatus.Error, $"MAC with {conversions} conversions failed with error {spi.Error}");
            byte[] bytes = spi.ReadBuffer(SpiBuffer.Output, vectors * colCount * 2);
            var sums = new ushort[vectors * colCount];
            for (int i = 0; i < sums.Length; i++) sums[i] = (ushort)(bytes[2 * i] | bytes[2 * i + 1] << 8);
            return sums;
        }

        /// <summary>Each vector of <paramref name="x"/> written <paramref name="n"/> times in a row.</summary>
        internal static byte[] Repeat(byte[] x, int rows, int n)
        {
            int vectors = x.Length / rows;
            var repeated = new byte[x.Length * n];
            for (int v = 0; v < vectors; v++)
                for (int k = 0; k < n; k++)
                    Array.Copy(x, v * rows, repeated, (v * n + k) * rows, rows);
            return repeated;
        }

        [TestMethod]
        public void RegisterIsReadWriteWithPowerOnAndSoftResetValueOne()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            Assert.AreEqual(0x0103u, spi.Read(BoardRegister.Version));
            Assert.AreEqual(1u, spi.Read(BoardRegister.Conversions));
            spi.Write(BoardRegister.Conversions, 77);
            Assert.AreEqual(77u, spi.Read(BoardRegister.Conversions));
            Assert.AreEqual(0u, spi.Error);
            spi.Command(BoardCommand.SoftReset);
            Assert.AreEqual(1u, spi.Read(BoardRegister.Conversions));
        }

        [TestMethod]
        [DataRow(0u)]
        [DataRow(129u)]
        [DataRow(0x101u)]
        public void OutOfRangeConversionsFailTheMacAndChangeNothing(uint value)
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            spi.Write(BoardRegister.Conversions, value);
            spi.WriteBuffer(SpiBuffer.Input, Boards.RandomInputs(64, 3));
            uint status = spi.Command(BoardCommand.Mac);
            Assert.AreNotEqual(0u, status & BoardStatus.Error);
            Assert.AreEqual(0u, status & BoardStatus.Done, "a refused command is not done");
            Assert.AreEqual(BoardError.ConversionsOutOfRange, spi.Error);
            Assert.AreEqual(0ul, board.Counters.TileOps);
            Assert.IsTrue(spi.ReadBuffer(SpiBuffer.Output, 128).All(b => b == 0), "OUTPUT unchanged");
        }

        [TestMethod]
        public void VectorCountMustLeaveRoomForTwoBytesPerCode()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            // 16384-byte OUTPUT, 64 columns: 256 vectors of u8 codes but only 128 of u16 sums.
            spi.Write(BoardRegister.Conversions, 2);
            spi.Write(BoardRegister.VectorCount, 129);
            spi.Command(BoardCommand.Mac);
            Assert.AreEqual(BoardError.VectorCountOutOfRange, spi.Error);
            spi.ClearError();
            MacSummed(spi, Boards.RandomInputs(128 * 64, 4), 128, 64, 2);
            Assert.AreEqual(0u, spi.Error);
        }

        /// <summary>Noise off: every conversion gives the single MAC's code, so the sum is N x code; counters count N tile ops per vector.</summary>
        [TestMethod]
        [DataRow(64, 0, 64, 0, 64, 37, 2)]
        [DataRow(64, 3, 25, 5, 8, 101, 4)]
        [DataRow(64, 10, 36, 1, 24, 64, 7)]
        [DataRow(64, 0, 64, 0, 64, 3, 128)]
        public void WithoutNoiseTheSumIsNTimesTheSingleCode(int rows, int rowStart, int rowCount, int colStart, int colCount, int vectors, int n)
        {
            int seed = rows * 31 + vectors + n;
            Console.WriteLine($"seed {seed}: window r{rowStart}+{rowCount} c{colStart}+{colCount}, {vectors} vectors, {n} conversions");
            var board = Boards.Brram(seed, rows, 64, noise: false);
            var spi = new SpiTestDriver(board);
            spi.Write(BoardRegister.ReadDac, 10);
            spi.SetWindows(rowStart, rowCount, colStart, colCount);
            byte[] x = Boards.RandomInputs(vectors * rowCount, seed);
            byte[] single = spi.Mac(x, vectors, colCount);
            spi.Command(BoardCommand.ClearCounters);
            ushort[] sums = MacSummed(spi, x, vectors, colCount, n);
            Assert.IsTrue(single.Any(c => c > 0 && c < 255), "codes inside the ADC range");
            for (int i = 0; i < sums.Length; i++)
                Assert.AreEqual(n * single[i], sums[i], $"value {i}");
            int cyclesPerOp = 9 * Math.Min(colCount, 8);
            Assert.AreEqual((ulong)(vectors * n), board.Counters.TileOps);
            Assert.AreEqual((ulong)(vectors * n * cyclesPerOp), board.Counters.Cycles);
            Assert.AreEqual(vectors * n * 2660.0, board.Counters.EnergyPicojoules, 1e-3);
            Assert.AreEqual((uint)n, spi.Read(BoardRegister.Conversions), "CONVERSIONS stays as written");
        }

        /// <summary>
        /// Noise on: conversion k of vector v draws the noise stream of vector v x N + k, so the sums are exactly the summed codes
        /// of a MAC (same seed, same command) that gets every vector N times: per-conversion quantisation and clipping kept,
        /// for any thread count.
        /// </summary>
        [TestMethod]
        [DataRow(13, 7, 24, 1)]
        [DataRow(32, 4, 8, 1)]
        [DataRow(128, 2, 64, 2)] // 2^19 multiply-accumulates: spread over threads
        [DataRow(1, 128, 64, 1)]
        public void WithNoiseTheSumsEqualTheSummedCodesOfRepeatedVectors(int vectors, int n, int colCount, int threads)
        {
            int seed = 900 + vectors + n;
            Console.WriteLine($"seed {seed}: {vectors} vectors, {n} conversions, {colCount} columns, {threads} MAC threads");
            byte[] x = Boards.RandomInputs(vectors * 64, seed);
            for (int i = 0; i < x.Length; i += 3) x[i] = 0;
            for (int r = 0; r < 64; r++) x[r] = 0; // an all-zero vector: its codes are clipped noise at 0
            BoardEmulator Board() => new BoardEmulator(new EmulatorOptions { ProfileName = "brram-table1", Seed = seed, MacThreads = threads, DrawEachConversion = true });

            var summedSpi = new SpiTestDriver(Board());
            summedSpi.Write(BoardRegister.ReadDac, 8);
            summedSpi.SetWindows(0, 64, 0, colCount);
            ushort[] sums = MacSummed(summedSpi, x, vectors, colCount, n);

            var repeatedSpi = new SpiTestDriver(Board());
            repeatedSpi.Write(BoardRegister.ReadDac, 8);
            repeatedSpi.SetWindows(0, 64, 0, colCount);
            byte[] codes = repeatedSpi.Mac(Repeat(x, 64, n), vectors * n, colCount);

            var expected = new ushort[vectors * colCount];
            for (int v = 0; v < vectors; v++)
                for (int k = 0; k < n; k++)
                    for (int c = 0; c < colCount; c++)
                        expected[v * colCount + c] += codes[(v * n + k) * colCount + c];
            CollectionAssert.AreEqual(expected, sums);
            Assert.IsTrue(expected.Take(colCount).Any(s => s > 0), "noise lifts some conversions of the zero vector above 0");
        }

        [TestMethod]
        public void SeededSumsAreReproducibleAndFreshPerCommand()
        {
            const int seed = 4242;
            Console.WriteLine($"seed {seed}");
            byte[] x = Boards.RandomInputs(100 * 64, seed);
            ushort[] Run(out ushort[] second)
            {
                var spi = new SpiTestDriver(Boards.Brram(seed));
                spi.Write(BoardRegister.ReadDac, 8);
                ushort[] first = MacSummed(spi, x, 100, 64, 5);
                second = MacSummed(spi, x, 100, 64, 5);
                return first;
            }
            ushort[] a = Run(out ushort[] a2);
            ushort[] b = Run(out ushort[] b2);
            CollectionAssert.AreEqual(a, b);
            CollectionAssert.AreEqual(a2, b2);
            CollectionAssert.AreNotEqual(a, a2, "each MAC command draws fresh noise");
        }

        /// <summary>
        /// Differential pairs of one input: the summed differential code / N has the single conversions' mean, and its spread
        /// shrinks as 1/sqrt(N) (independent conversions, each with the ADC's noise and rounding).
        /// </summary>
        [TestMethod]
        [DataRow(4)]
        [DataRow(16)]
        public void SummedDifferentialMeanMatchesAndSpreadShrinks(int n)
        {
            int seed = 3100 + n;
            Console.WriteLine($"seed {seed}: {n} conversions");
            var board = Boards.Brram(seed);
            var spi = new SpiTestDriver(board);
            var random = new Random(seed);
            var g = new float[64 * 64];
            for (int i = 0; i < g.Length; i++) g[i] = (float)(12 + 20 * random.NextDouble());
            board.SetTile(0, g);
            spi.Write(BoardRegister.ReadDac, 8);
            byte[] one = Boards.RandomInputs(64, seed + 1);
            // 256 samples each: one MAC of single conversions, two of 128 summed vectors (the u16 sums fill OUTPUT).
            const int vectors = 256, pairs = 32;
            byte[] x = Repeat(one, 64, vectors);

            byte[] single = spi.Mac(x, vectors, 64);
            byte[] half = Repeat(one, 64, vectors / 2);
            ushort[] sums = MacSummed(spi, half, vectors / 2, 64, n).Concat(MacSummed(spi, half, vectors / 2, 64, n)).ToArray();

            double spreadSingle = 0, spreadSummed = 0, worstMean = 0;
            for (int j = 0; j < pairs; j++)
            {
                double[] d1 = Enumerable.Range(0, vectors).Select(v => (double)(single[v * 64 + 2 * j] - single[v * 64 + 2 * j + 1])).ToArray();
                double[] dn = Enumerable.Range(0, vectors).Select(v => (double)(sums[v * 64 + 2 * j] - sums[v * 64 + 2 * j + 1]) / n).ToArray();
                double m1 = d1.Average(), mn = dn.Average();
                double v1 = d1.Sum(d => (d - m1) * (d - m1)) / (vectors - 1);
                double vn = dn.Sum(d => (d - mn) * (d - mn)) / (vectors - 1);
                // Mean difference in standard errors of the difference of the two means.
                double z = Math.Abs(mn - m1) / Math.Sqrt(v1 / vectors + vn / vectors);
                worstMean = Math.Max(worstMean, z);
                spreadSingle += v1;
                spreadSummed += vn;
            }
            double ratio = Math.Sqrt(spreadSummed / spreadSingle) * Math.Sqrt(n);
            Console.WriteLine($"spread single {Math.Sqrt(spreadSingle / pairs):F3} LSB, summed / N {Math.Sqrt(spreadSummed / pairs):F3} LSB, x sqrt(N) / single = {ratio:F3}; worst mean difference {worstMean:F2} standard errors");
            // 4.5 standard errors: a family-wise false alarm rate of 2e-4 over the 32 pairs.
            Assert.IsTrue(worstMean < 4.5, $"a pair's mean moved by {worstMean:F2} standard errors");
            Assert.IsTrue(Math.Abs(ratio - 1) < 0.1, $"spread x sqrt(N) / single spread = {ratio:F3}, expected 1 within 10 %");
            Assert.IsTrue(Math.Sqrt(spreadSingle / pairs) > 2, "the single conversions are noisy (Table 1: ~2.9 LSB per differential code)");
        }
    }
}

using System;
using System.Linq;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>The MAC against an exact matrix product (ideal profile, noise off).</summary>
    [TestClass]
    public sealed class MacTests
    {
        private const double Lsb = 70.0 / 255; // uA, Wu 2023 Table 1
        private const double Tolerance = 0.5 + 1e-3; // float accumulation error is < 1e-3 LSB

        /// <summary>Runs a MAC through SPI and checks every code against I/LSB computed in double precision.</summary>
        private static void CheckExact(int rows, int cols, int tile, int rowStart, int rowCount, int colStart, int colCount,
            int vectors, int seed, uint readDac = 50, double gLo = 10, double gHi = 70)
        {
            Console.WriteLine($"seed {seed}: {rows}x{cols}, window r{rowStart}+{rowCount} c{colStart}+{colCount}, {vectors} vectors, READ_DAC {readDac}");
            var board = Boards.Ideal(rows, cols, seed);
            var spi = new SpiTestDriver(board);
            float[] g = Boards.RandomTile(rows, cols, seed, gLo, gHi);
            board.SetTile(tile, g);
            byte[] x = Boards.RandomInputs(vectors * rowCount, seed + 1);
            for (int i = 0; i < x.Length; i += 7) x[i] = 0; // some zero inputs
            spi.Write(BoardRegister.TileSelect, (uint)tile);
            spi.Write(BoardRegister.ReadDac, readDac);
            spi.SetWindows(rowStart, rowCount, colStart, colCount);
            byte[] codes = spi.Mac(x, vectors, colCount);

            double volts = readDac * 0.002;
            int clipped = 0, exact = 0;
            for (int v = 0; v < vectors; v++)
            {
                for (int c = 0; c < colCount; c++)
                {
                    double ideal = Boards.IdealCode(g, cols, rowStart, colStart + c, x, v * rowCount, rowCount, volts, Lsb);
                    int code = codes[v * colCount + c];
                    if (ideal >= 255.5)
                    {
                        Assert.AreEqual(255, code, $"v{v} c{c}: clipped at 255 (ideal {ideal:F3})");
                        clipped++;
                    }
                    else
                    {
                        Assert.IsTrue(Math.Abs(code - ideal) <= Tolerance, $"v{v} c{c}: code {code}, I/LSB {ideal:F4}");
                        exact++;
                    }
                }
            }
            Console.WriteLine($"{exact} unclipped within 0.5 LSB, {clipped} clipped");
        }

        [TestMethod]
        public void FullTile64x64MatchesTheMatrixProduct() => CheckExact(64, 64, 0, 0, 64, 0, 64, 256, 11, readDac: 10);

        [TestMethod]
        public void FullTile256x64MatchesTheMatrixProduct() => CheckExact(256, 64, 2, 0, 256, 0, 64, 64, 12, readDac: 3);

        [TestMethod]
        public void SmallBatchUsesTheSingleThreadPath() => CheckExact(64, 64, 1, 0, 64, 0, 64, 7, 13, readDac: 10);

        [TestMethod]
        [DataRow(5, 17, 3, 13, 9)]
        [DataRow(0, 64, 0, 1, 5)]
        [DataRow(63, 1, 63, 1, 3)]
        [DataRow(10, 30, 7, 41, 130)]
        [DataRow(0, 64, 8, 24, 1)]
        public void WindowsOfAnyShapeMatch(int rowStart, int rowCount, int colStart, int colCount, int vectors) =>
            CheckExact(64, 64, 3, rowStart, rowCount, colStart, colCount, vectors, 100 + rowStart + colCount,
                readDac: (uint)Math.Clamp(1200 / rowCount, 1, 255)); // keeps the mean current mid-scale

        [TestMethod]
        public void OddColumnCountsOnALargeTileMatch() => CheckExact(256, 64, 0, 100, 150, 5, 59, 67, 14, readDac: 8);

        [TestMethod]
        public void LargeCurrentsClipAt255AndZeroInputsGiveZero()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            var g = new float[64 * 64];
            Array.Fill(g, 70f);
            board.SetTile(0, g);
            var x = new byte[2 * 64];
            Array.Fill(x, (byte)255, 0, 64); // vector 0: 64 x 70 uS x 0.1 V x 255/256 = 446 uA >> 70 uA
            byte[] codes = spi.Mac(x, 2, 64);
            for (int c = 0; c < 64; c++)
            {
                Assert.AreEqual(255, codes[c], "clipped");
                Assert.AreEqual(0, codes[64 + c], "zero input");
            }
        }

        [TestMethod]
        public void OneCellAtFullInputGivesItsCurrent()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            board.SetTile(0, new float[64 * 64]);
            board.SetConductanceMicrosiemens(0, 5, 9, 70f);
            var x = new byte[64];
            x[5] = 255;
            byte[] codes = spi.Mac(x, 1, 64);
            // 70 uS x 0.1 V x 255/256 = 6.9727 uA = 25.40 LSB -> 25
            Assert.AreEqual(25, codes[9]);
            Assert.AreEqual(0, codes[8]);
        }

        [TestMethod]
        public void ReadVoltageScalesTheCurrent()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            var g = new float[64 * 64];
            Array.Fill(g, 20f);
            board.SetTile(0, g);
            var x = new byte[64];
            Array.Fill(x, (byte)128);
            // 64 x 20 uS x 128/256 = 640 uS; at 0.1 V: 64 uA = 233.1 LSB; at 0.05 V: 116.6 -> 117
            Assert.AreEqual(233, spi.Mac(x, 1, 64)[0]);
            spi.Write(BoardRegister.ReadDac, 25);
            Assert.AreEqual(117, spi.Mac(x, 1, 64)[0]);
        }

        [TestMethod]
        public void OutputBytesBeyondTheResultAreLeftAlone()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            var marker = new byte[4096];
            Array.Fill(marker, (byte)0x5A);
            spi.WriteBurst(SpiBuffer.Output, 0, marker);
            spi.SetWindows(0, 64, 0, 10);
            spi.Mac(Boards.RandomInputs(64 * 3, 5), 3, 10);
            byte[] after = spi.ReadBurst(SpiBuffer.Output, 0, 4096);
            for (int i = 30; i < 4096; i++)
                Assert.AreEqual(0x5A, after[i], $"byte {i}");
        }

        [TestMethod]
        public void ThreadedAndSingleThreadedKernelsGiveIdenticalNoisyCodes()
        {
            const int seed = 15;
            Console.WriteLine($"seed {seed}");
            byte[] x = Boards.RandomInputs(256 * 64, seed);
            byte[] Run(int threads)
            {
                var spi = new SpiTestDriver(new BoardEmulator(new EmulatorOptions { Seed = seed, MacThreads = threads }));
                spi.Write(BoardRegister.ReadDac, 5);
                return spi.Mac(x, 255, 64); // 255: the last vectors are not a whole 4-vector block
            }
            byte[] single = Run(1);
            CollectionAssert.AreEqual(single, Run(2));
            CollectionAssert.AreEqual(single, Run(0));
        }

        [TestMethod]
        [DataRow(25, 8)]
        [DataRow(64, 24)]
        [DataRow(36, 20)]
        [DataRow(64, 64)]
        public void RepeatedVectorsGiveTheSumsOfTheGeneralKernel(int rows, int cols)
        {
            // Without noise the codes show the column sums: a vector repeated four times in one block (the repeated-vector
            // path) must give exactly the codes it gets among other vectors (the four-vector kernel) and alone (the tail).
            const int seed = 16;
            Console.WriteLine($"seed {seed}");
            byte[] x = Boards.RandomInputs(rows, seed);
            byte[] others = Boards.RandomInputs(3 * rows, seed + 1);
            var input = new byte[9 * rows];
            for (int i = 0; i < 4; i++) x.CopyTo(input, i * rows);       // block 0: x four times
            x.CopyTo(input, 4 * rows);                                    // block 1: x and three others
            others.CopyTo(input, 5 * rows);
            x.CopyTo(input, 8 * rows);                                    // tail: x alone
            var spi = new SpiTestDriver(Boards.Brram(seed, noise: false));
            spi.Write(BoardRegister.ReadDac, 3);
            spi.SetWindows(0, rows, 0, cols);
            byte[] codes = spi.Mac(input, 9, cols);
            byte[] reference = codes.AsSpan(4 * cols, cols).ToArray();
            Assert.IsTrue(reference.Any(c => c > 0 && c < 255), "codes inside the ADC range");
            foreach (int v in new[] { 0, 1, 2, 3, 8 })
                CollectionAssert.AreEqual(reference, codes.AsSpan(v * cols, cols).ToArray(), $"vector {v}");

            // A batch that starts inside a run: one other vector, then x five times (the kernel realigns onto the run).
            var shifted = new byte[10 * rows];
            others.AsSpan(0, rows).CopyTo(shifted);
            for (int i = 1; i <= 5; i++) x.CopyTo(shifted, i * rows);
            others.AsSpan(rows, 2 * rows).CopyTo(shifted.AsSpan(6 * rows));
            x.CopyTo(shifted, 8 * rows);
            x.CopyTo(shifted, 9 * rows);
            byte[] codes2 = spi.Mac(shifted, 10, cols);
            foreach (int v in new[] { 1, 2, 3, 4, 5, 8, 9 })
                CollectionAssert.AreEqual(reference, codes2.AsSpan(v * cols, cols).ToArray(), $"shifted vector {v}");
            CollectionAssert.AreEqual(codes.AsSpan(5 * cols, cols).ToArray(), codes2.AsSpan(0, cols).ToArray(), "the other vector");
        }

        [TestMethod]
        public void RepeatedVectorsDrawIndependentNoise()
        {
            const int seed = 17;
            Console.WriteLine($"seed {seed}");
            byte[] x = Boards.RandomInputs(64, seed);
            var input = new byte[256 * 64];
            for (int v = 0; v < 256; v++) x.CopyTo(input, v * 64);
            var spi = new SpiTestDriver(Boards.Brram(seed));
            spi.Write(BoardRegister.ReadDac, 3);
            byte[] codes = spi.Mac(input, 256, 64);
            // b-RRAM: ~2 LSB of ADC noise per conversion, so 256 conversions of one vector spread over several codes per column.
            for (int c = 0; c < 64; c += 7)
            {
                int distinct = Enumerable.Range(0, 256).Select(v => codes[v * 64 + c]).Distinct().Count();
                Assert.IsTrue(distinct >= 4, $"column {c}: {distinct} distinct codes over 256 repeats");
            }
        }

        [TestMethod]
        public void WordLineDacDoesNotGateTheMac()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            byte[] x = Boards.RandomInputs(64 * 4, 9);
            byte[] a = spi.Mac(x, 4, 64);
            spi.Write(BoardRegister.WordLineDac, 700);
            CollectionAssert.AreEqual(a, spi.Mac(x, 4, 64));
        }
    }
}

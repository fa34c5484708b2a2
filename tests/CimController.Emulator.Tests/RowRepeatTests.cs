using System;
using System.Linq;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>Register map 1.3: ROW_REPEAT, one set of codes driving k copies of a block of rows.</summary>
    [TestClass]
    public sealed class RowRepeatTests
    {
        [TestMethod]
        public void RegisterIsReadWriteWithPowerOnAndSoftResetValueOne()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            Assert.AreEqual(BoardRegister.RowRepeatVersion, spi.Read(BoardRegister.Version), "ROW_REPEAT arrived with map 1.3");
            Assert.AreEqual(1u, spi.Read(BoardRegister.RowRepeat));
            spi.Write(BoardRegister.RowRepeat, 4);
            Assert.AreEqual(4u, spi.Read(BoardRegister.RowRepeat));
            Assert.AreEqual(0u, spi.Error);
            spi.Command(BoardCommand.SoftReset);
            Assert.AreEqual(1u, spi.Read(BoardRegister.RowRepeat));
        }

        /// <summary>Without noise, k copies driven by one set of codes give the codes of the same rows each driven by its own
        /// copy of the codes (up to float rounding of the summed conductances: at most one code, almost never).</summary>
        [TestMethod]
        [DataRow(50, 8, 2)]
        [DataRow(64, 24, 4)]
        [DataRow(48, 20, 3)]
        public void CopiesDrivenByOneSetOfCodesGiveTheCodesOfExpandedInputs(int rows, int cols, int copies)
        {
            int seed = 5500 + rows + copies;
            Console.WriteLine($"seed {seed}: {rows} rows in {copies} copies x {cols} columns");
            int vectors = 16384 / rows - 3;
            int perVector = rows / copies;
            var board = Boards.Brram(seed, noise: false);
            var spi = new SpiTestDriver(board);
            spi.Write(BoardRegister.ReadDac, 3);
            spi.SetWindows(0, rows, 0, cols);
            byte[] codes = Boards.RandomInputs(vectors * perVector, seed);
            for (int i = 0; i < codes.Length; i += 5) codes[i] = 0;
            byte[] expected = spi.Mac(ConversionsTests.Repeat(codes, perVector, copies), vectors, cols);
            spi.Write(BoardRegister.RowRepeat, (uint)copies);
            byte[] actual = spi.Mac(codes, vectors, cols);
            Assert.AreEqual(0u, spi.Error);
            int differ = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.IsTrue(Math.Abs(expected[i] - actual[i]) <= 1, $"value {i}: {actual[i]} with ROW_REPEAT, {expected[i]} expanded");
                if (expected[i] != actual[i]) differ++;
            }
            Console.WriteLine($"{differ} of {expected.Length} codes differ by one");
            Assert.IsTrue(differ <= expected.Length / 1000, $"{differ} codes differ");
            Assert.IsTrue(expected.Any(c => c > 0 && c < 255), "codes inside the ADC range");
        }

        /// <summary>The read noise grows with every driven row: k copies of the same codes have k times the summed squares.</summary>
        [TestMethod]
        public void NoiseOfCopiesMatchesTheExpandedInputs()
        {
            const int seed = 5601, rows = 50, copies = 2, cols = 8, perMac = 320, macs = 6, vectors = perMac * macs;
            Console.WriteLine($"seed {seed}: {vectors} equal vectors of {rows / copies} codes, {copies} copies, brram with noise");
            var spi = new SpiTestDriver(Boards.Brram(seed, noise: true));
            spi.Write(BoardRegister.ReadDac, 3);
            spi.SetWindows(0, rows, 0, cols);
            byte[] one = Enumerable.Repeat((byte)255, rows / copies).ToArray();
            byte[] codes = Enumerable.Range(0, perMac).SelectMany(_ => one).ToArray();
            byte[] expanded = Enumerable.Range(0, macs).SelectMany(_ => spi.Mac(ConversionsTests.Repeat(codes, rows / copies, copies), perMac, cols)).ToArray();
            spi.Write(BoardRegister.RowRepeat, copies);
            byte[] repeated = Enumerable.Range(0, macs).SelectMany(_ => spi.Mac(codes, perMac, cols)).ToArray();
            for (int c = 0; c < cols; c++)
            {
                double[] a = Enumerable.Range(0, vectors).Select(v => (double)expanded[v * cols + c]).ToArray();
                double[] b = Enumerable.Range(0, vectors).Select(v => (double)repeated[v * cols + c]).ToArray();
                double ma = a.Average(), mb = b.Average();
                double va = a.Select(x => (x - ma) * (x - ma)).Sum() / (vectors - 1), vb = b.Select(x => (x - mb) * (x - mb)).Sum() / (vectors - 1);
                Console.WriteLine($"column {c}: mean {ma:F2} / {mb:F2}, variance {va:F2} / {vb:F2}");
                Assert.IsTrue(ma > 5 && ma < 250, "mid-range column");
                Assert.AreEqual(ma, mb, 0.3, $"column {c}: means");
                Assert.AreEqual(1.0, vb / va, 0.15, $"column {c}: variances");
            }
        }

        [TestMethod]
        [DataRow(0u, 50)]
        [DataRow(17u, 64)]
        [DataRow(3u, 50)]
        public void RepeatOutsideOneToSixteenOrNotDividingTheRowsIsError14(uint repeat, int rows)
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            spi.SetWindows(0, rows, 0, 8);
            spi.Write(BoardRegister.RowRepeat, repeat);
            spi.WriteBuffer(SpiBuffer.Output, new byte[8]);
            spi.WriteBuffer(SpiBuffer.Input, new byte[rows]);
            spi.Write(BoardRegister.VectorCount, 1);
            uint status = spi.Command(BoardCommand.Mac);
            Assert.AreNotEqual(0u, status & BoardStatus.Error, "the MAC fails");
            Assert.AreEqual(BoardError.RowRepeatOutOfRange, spi.Error);
            CollectionAssert.AreEqual(new byte[8], spi.ReadBuffer(SpiBuffer.Output, 8), "OUTPUT untouched");
        }
    }
}

using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>Cycle, tile-op, energy, pulse and read counters (map, "Timing and energy"; Wu 2023).</summary>
    [TestClass]
    public sealed class CounterTests
    {
        [TestMethod]
        [DataRow(64, 64, 64, 72u, 2660.0)]
        [DataRow(256, 64, 64, 72u, 2930.0)]
        [DataRow(128, 64, 64, 72u, 2750.0)]
        [DataRow(64, 64, 5, 45u, 2660.0)]
        [DataRow(64, 64, 8, 72u, 2660.0)]
        [DataRow(64, 64, 1, 9u, 2660.0)]
        public void MacCountsTileOpsCyclesAndEnergy(int rows, int cols, int colCount, uint cyclesPerOp, double picojoulesPerOp)
        {
            var board = Boards.Ideal(rows, cols);
            var spi = new SpiTestDriver(board);
            spi.SetWindows(0, rows, 0, colCount);
            int vectors = 16384 / rows;
            spi.Mac(Boards.RandomInputs(vectors * rows, 1), vectors, colCount);
            spi.Mac(Boards.RandomInputs(3 * rows, 2), 3, colCount);
            int ops = vectors + 3;
            Assert.AreEqual((uint)ops, spi.Read(BoardRegister.TileOps));
            Assert.AreEqual((ulong)(ops * cyclesPerOp), spi.Read64(BoardRegister.CyclesLow, BoardRegister.CyclesHigh));
            Assert.AreEqual((ulong)System.Math.Round(ops * picojoulesPerOp), spi.Read64(BoardRegister.EnergyLow, BoardRegister.EnergyHigh));
            EmulatorCounters counters = board.Counters;
            Assert.AreEqual((ulong)ops, counters.TileOps);
            Assert.AreEqual(ops * picojoulesPerOp, counters.EnergyPicojoules, 1e-6);
            Assert.AreEqual(0ul, counters.Pulses);
            Assert.AreEqual(0ul, counters.CellReads);
        }

        [TestMethod]
        public void CellReadsAndPulsesCountTheirCycles()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            spi.SelectCell(1, 1);
            spi.Command(BoardCommand.ReadCell);
            spi.Command(BoardCommand.ReadCell);
            spi.Write(BoardRegister.PulseAmplitude, 1000);
            spi.Write(BoardRegister.PulseWidth, 50); // 500 ns = 50 cycles
            spi.Write(BoardRegister.PulseCount, 7);
            spi.Command(BoardCommand.Pulse);
            Assert.AreEqual(2u, spi.Read(BoardRegister.CellReads));
            Assert.AreEqual(7u, spi.Read(BoardRegister.PulsesApplied));
            Assert.AreEqual(2ul * 9 + 7 * 50, spi.Read64(BoardRegister.CyclesLow, BoardRegister.CyclesHigh));
            Assert.AreEqual(0ul, spi.Read64(BoardRegister.EnergyLow, BoardRegister.EnergyHigh), "no energy figure for reads and pulses");
            Assert.AreEqual(0u, spi.Read(BoardRegister.TileOps));
        }

        [TestMethod]
        public void ClearCountersZeroesEverything()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            spi.Mac(Boards.RandomInputs(64, 3), 1, 64);
            spi.SelectCell(0, 0);
            spi.Command(BoardCommand.ReadCell);
            spi.Write(BoardRegister.PulseWidth, 1);
            spi.Command(BoardCommand.Pulse);
            Assert.AreEqual(BoardStatus.Done, spi.Command(BoardCommand.ClearCounters));
            foreach (byte r in new[] { BoardRegister.CyclesLow, BoardRegister.CyclesHigh, BoardRegister.TileOps, BoardRegister.EnergyLow, BoardRegister.EnergyHigh, BoardRegister.PulsesApplied, BoardRegister.CellReads })
                Assert.AreEqual(0u, spi.Read(r), $"register 0x{r:X2}");
            Assert.AreEqual("cycles 0, tile ops 0, energy 0.0 pJ, pulses 0, cell reads 0", board.Counters.ToString());
        }

        [TestMethod]
        public void ReadingTheLowWordLatchesTheHighWord()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            spi.Write(BoardRegister.PulseWidth, 10_000);      // 100 us = 10000 cycles, the board limit
            spi.Write(BoardRegister.PulseCount, 65535);
            for (int i = 0; i < 7; i++) spi.Command(BoardCommand.Pulse); // 7 x 655,350,000 cycles > 2^32
            ulong expected = 7ul * 65535 * 10_000;
            Assert.AreEqual(expected, board.Counters.Cycles);
            uint low = spi.Read(BoardRegister.CyclesLow);
            spi.Command(BoardCommand.Pulse);                  // counter moves on; the latched high word does not
            uint high = spi.Read(BoardRegister.CyclesHigh);
            Assert.AreEqual(expected, low | (ulong)high << 32);
            Assert.AreEqual(expected + 655_350_000ul, spi.Read64(BoardRegister.CyclesLow, BoardRegister.CyclesHigh));
        }
    }
}

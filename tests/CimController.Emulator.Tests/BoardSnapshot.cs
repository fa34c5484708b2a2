using System.Collections.Generic;
using System.Linq;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>Everything a failed transaction must leave alone: RW registers, buffers, counters, conductances.</summary>
    internal sealed class BoardSnapshot
    {
        private static readonly byte[] ReadWriteRegisters =
        {
            BoardRegister.TileSelect, BoardRegister.RowWindow, BoardRegister.ColumnWindow, BoardRegister.VectorCount,
            BoardRegister.WordLineDac, BoardRegister.ReadDac, BoardRegister.CellAddress, BoardRegister.CellResult,
            BoardRegister.PulseAmplitude, BoardRegister.PulseWidth, BoardRegister.PulseCount,
        };

        private readonly uint[] registers;
        private readonly byte[] input;
        private readonly byte[] output;
        private readonly string counters;
        private readonly List<float[]> tiles;
        private readonly bool done;

        public BoardSnapshot(SpiTestDriver spi)
        {
            registers = ReadWriteRegisters.Select(spi.Read).ToArray();
            input = spi.ReadBuffer(SpiBuffer.Input, 16384);
            output = spi.ReadBuffer(SpiBuffer.Output, 16384);
            counters = spi.Board.Counters.ToString();
            tiles = Enumerable.Range(0, spi.Board.Tiles).Select(spi.Board.GetTile).ToList();
            done = (spi.Status & BoardStatus.Done) != 0;
        }

        /// <param name="doneAfter">STATUS.done expected afterwards; null = unchanged.</param>
        public void AssertUnchanged(SpiTestDriver spi, string what, bool? doneAfter = null)
        {
            var now = new BoardSnapshot(spi);
            CollectionAssert.AreEqual(registers, now.registers, $"{what}: registers changed");
            CollectionAssert.AreEqual(input, now.input, $"{what}: INPUT changed");
            CollectionAssert.AreEqual(output, now.output, $"{what}: OUTPUT changed");
            Assert.AreEqual(counters, now.counters, $"{what}: counters changed");
            Assert.AreEqual(doneAfter ?? done, now.done, $"{what}: STATUS.done");
            for (int t = 0; t < tiles.Count; t++)
                CollectionAssert.AreEqual(tiles[t], now.tiles[t], $"{what}: tile {t} conductances changed");
        }
    }
}

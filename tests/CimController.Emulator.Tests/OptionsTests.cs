using System;
using System.Linq;
using System.Threading.Tasks;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    [TestClass]
    public sealed class OptionsTests
    {
        [TestMethod]
        public void DefaultsAreTheWu2023Soc()
        {
            var board = new BoardEmulator();
            Assert.AreEqual(4, board.Tiles);
            Assert.AreEqual(64, board.Rows);
            Assert.AreEqual(64, board.Columns);
            Assert.AreEqual("brram", board.Profile.Name);
            Assert.IsTrue(board.Options.Noise);
            Assert.AreEqual(16384, board.Options.InputBufferBytes);
        }

        [TestMethod]
        public void OutOfRangeOptionsAreRejectedByName()
        {
            void Expect(EmulatorOptions o, string name)
            {
                var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new BoardEmulator(o));
                Assert.AreEqual(name, e.ParamName);
            }
            Expect(new EmulatorOptions { Tiles = 0 }, "Tiles");
            Expect(new EmulatorOptions { Tiles = 256 }, "Tiles");
            Expect(new EmulatorOptions { Rows = 0 }, "Rows");
            Expect(new EmulatorOptions { Rows = 20000 }, "Rows");
            Expect(new EmulatorOptions { Columns = 100, OutputBufferBytes = 64 }, "Columns");
            Expect(new EmulatorOptions { InputBufferBytes = 70000 }, "InputBufferBytes");
            Expect(new EmulatorOptions { OutputBufferBytes = 0 }, "OutputBufferBytes");
            Expect(new EmulatorOptions { MacThreads = -1 }, "MacThreads");
        }

        [TestMethod]
        public void SmallBuffersShowInBufcapsAndLimitVectors()
        {
            var board = new BoardEmulator(new EmulatorOptions { ProfileName = "ideal", InputBufferBytes = 1024, OutputBufferBytes = 512 });
            var spi = new SpiTestDriver(board);
            Assert.AreEqual(1024u | 512u << 16, spi.Read(BoardRegister.BufferCaps));
            spi.Write(BoardRegister.VectorCount, 9);
            spi.Command(BoardCommand.Mac);
            Assert.AreEqual(BoardError.VectorCountOutOfRange, spi.Error);
            spi.ClearError();
            spi.Write(BoardRegister.VectorCount, 8);
            Assert.AreEqual(BoardStatus.Done, spi.Command(BoardCommand.Mac));
        }

        [TestMethod]
        public void ConcurrentTransactionsDoNotInterleave()
        {
            var board = Boards.Brram(3);
            var spi = new SpiTestDriver(board);
            spi.WriteBuffer(SpiBuffer.Input, Boards.RandomInputs(16384, 3));
            spi.Write(BoardRegister.VectorCount, 256);
            Parallel.For(0, 4, worker =>
            {
                var tx = new byte[6];
                var rx = new byte[6];
                for (int i = 0; i < 300; i++)
                {
                    if (worker == 0)
                    {
                        tx[0] = SpiOpcode.WriteRegister; tx[1] = BoardRegister.Control; tx[2] = (byte)BoardCommand.Mac;
                        board.Transfer(tx, rx, 6);
                    }
                    else
                    {
                        tx[0] = SpiOpcode.ReadRegister; tx[1] = BoardRegister.Id; tx[2] = 0;
                        board.Transfer(tx, rx, 6);
                        Assert.AreEqual(BoardRegister.IdValue, BitConverter.ToUInt32(rx, 2));
                    }
                }
            });
            Assert.AreEqual(300ul * 256, board.Counters.TileOps);
            Assert.AreEqual(BoardError.None, spi.Error);
        }

        [TestMethod]
        public void BenchmarkDrivesTheBoardThroughSpi()
        {
            const int seed = 1;
            Console.WriteLine($"seed {seed}");
            EmulatorBenchmarkResult r = EmulatorBenchmark.Run(64, 64, 32, 0.05, noise: true, seed);
            Console.WriteLine($"{r.TileOpsPerSecond:F0} tile ops/s over {r.Batches} batches");
            Assert.IsTrue(r.TileOps > 0 && r.TileOps == r.Batches * 32);
            Assert.AreEqual((ulong)r.TileOps * 72, r.ChipCycles);
            Assert.AreEqual(r.TileOps * 2660.0, r.EnergyPicojoules, 1e-3);
            Assert.IsTrue(EmulatorBenchmark.MeasureTileOps(256, 64, 64, 0.02, false, seed) > 0);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => EmulatorBenchmark.MeasureTileOps(256, 64, 65, 0.01, true, seed));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => EmulatorBenchmark.MeasureTileOps(64, 64, 0, 0.01, true, seed));
        }
    }
}

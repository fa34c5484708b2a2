using System;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>Every error code of the map: the error is reported, and nothing else changes.</summary>
    [TestClass]
    public sealed class ErrorTests
    {
        private BoardEmulator board = null!;
        private SpiTestDriver spi = null!;

        [TestInitialize]
        public void Setup()
        {
            board = Boards.Ideal();
            spi = new SpiTestDriver(board);
            // A non-trivial state to protect: buffers, windows, a finished MAC, a cell read.
            spi.WriteBuffer(SpiBuffer.Input, Boards.RandomInputs(16384, 3));
            spi.Write(BoardRegister.VectorCount, 4);
            spi.Command(BoardCommand.Mac);
            spi.SelectCell(2, 3);
            spi.Command(BoardCommand.ReadCell);
            spi.Write(BoardRegister.PulseAmplitude, 1000);
            spi.Write(BoardRegister.PulseWidth, 10);
            Assert.AreEqual(BoardError.None, spi.Error);
        }

        /// <summary>Runs <paramref name="act"/> and checks the error code, STATUS.error, and that nothing else changed.</summary>
        private void ExpectError(uint code, string what, Action act, bool? doneAfter = null)
        {
            var before = new BoardSnapshot(spi);
            act();
            Assert.AreEqual(code, spi.Error, what);
            Assert.AreEqual(BoardStatus.Error, spi.Status & BoardStatus.Error, $"{what}: STATUS.error");
            spi.ClearError();
            Assert.AreEqual(BoardError.None, spi.Error, $"{what}: ERROR write clears");
            Assert.AreEqual(0u, spi.Status & BoardStatus.Error, $"{what}: STATUS.error cleared");
            before.AssertUnchanged(spi, what, doneAfter);
        }

        /// <summary>As <see cref="ExpectError"/> for a failing CONTROL write: STATUS.done ends up clear.</summary>
        private void ExpectCommandError(uint code, string what, uint command)
        {
            spi.Command(BoardCommand.ClearCounters); // a fresh STATUS.done that the failing command must clear
            Assert.AreEqual(BoardStatus.Done, spi.Status & BoardStatus.Done);
            ExpectError(code, what, () => spi.Write(BoardRegister.Control, command), doneAfter: false);
        }

        [TestMethod]
        [DataRow((byte)0x00)]
        [DataRow((byte)0x05)]
        [DataRow((byte)0xFF)]
        public void UnknownOpcodeIsError1(byte opcode) =>
            ExpectError(BoardError.BadOpcode, $"opcode {opcode}", () => spi.Raw(new byte[] { opcode, 0, 0, 0, 0, 0, 0, 0 }));

        [TestMethod]
        [DataRow((byte)0x24)]
        [DataRow((byte)0x80)]
        [DataRow((byte)0xFF)]
        public void UnknownRegisterIsError2(byte register)
        {
            ExpectError(BoardError.BadRegister, $"read {register}", () => Assert.AreEqual(0u, spi.Read(register)));
            ExpectError(BoardError.BadRegister, $"write {register}", () => spi.Write(register, 5));
        }

        [TestMethod]
        public void WritingAReadOnlyRegisterIsError3()
        {
            byte[] readOnly =
            {
                BoardRegister.Id, BoardRegister.Version, BoardRegister.Caps, BoardRegister.Geometry, BoardRegister.BufferCaps,
                BoardRegister.Status, BoardRegister.CellResult, BoardRegister.ReadLsbMicrovolts, BoardRegister.PulseLsbMicrovolts,
                BoardRegister.WordLineLsbMicrovolts, BoardRegister.SenseLsbPicoamps, BoardRegister.AdcFullScaleNanoamps,
                BoardRegister.CyclesLow, BoardRegister.CyclesHigh, BoardRegister.TileOps, BoardRegister.EnergyLow,
                BoardRegister.EnergyHigh, BoardRegister.PulsesApplied, BoardRegister.CellReads, BoardRegister.ClockKilohertz,
                BoardRegister.PulseLimits,
            };
            foreach (byte register in readOnly)
            {
                uint value = spi.Read(register);
                ExpectError(BoardError.ReadOnlyRegister, $"write RO 0x{register:X2}", () => spi.Write(register, ~value));
                if (register != BoardRegister.Status && register != BoardRegister.CyclesHigh && register != BoardRegister.EnergyHigh)
                    Assert.AreEqual(value, spi.Read(register), $"0x{register:X2} unchanged");
            }
        }

        [TestMethod]
        [DataRow(BoardCommand.Mac)]
        [DataRow(BoardCommand.ReadCell)]
        [DataRow(BoardCommand.Pulse)]
        public void TileOutOfRangeIsError4(uint command)
        {
            spi.Write(BoardRegister.TileSelect, 4);
            ExpectCommandError(BoardError.BadTile, $"tile 4, command {command}", command);
            spi.Write(BoardRegister.TileSelect, 0xFFFF_FFFF);
            ExpectCommandError(BoardError.BadTile, $"tile 2^32-1, command {command}", command);
        }

        [TestMethod]
        [DataRow(0, 0, 0, 64)]
        [DataRow(0, 65, 0, 64)]
        [DataRow(1, 64, 0, 64)]
        [DataRow(64, 1, 0, 64)]
        [DataRow(0, 64, 0, 0)]
        [DataRow(0, 64, 60, 5)]
        [DataRow(0, 64, 0xFFFF, 1)]
        public void WindowOutOfRangeIsError5(int rowStart, int rowCount, int colStart, int colCount)
        {
            spi.SetWindows(rowStart, rowCount, colStart, colCount);
            ExpectCommandError(BoardError.WindowOutOfRange, $"window r{rowStart}+{rowCount} c{colStart}+{colCount}", BoardCommand.Mac);
        }

        [TestMethod]
        public void BurstPastTheBufferOrLongerThan4096IsError6()
        {
            ExpectError(BoardError.BufferOverflow, "write past end", () => spi.WriteBurst(SpiBuffer.Input, 16383, new byte[] { 1, 2 }));
            ExpectError(BoardError.BufferOverflow, "read past end", () => spi.ReadBurst(SpiBuffer.Output, 16000, 385));
            ExpectError(BoardError.BufferOverflow, "offset past end", () => spi.ReadBurst(SpiBuffer.Output, 20000, 0));
            ExpectError(BoardError.BufferOverflow, "4097 bytes", () => spi.WriteBurst(SpiBuffer.Input, 0, new byte[4097]));
            ExpectError(BoardError.BufferOverflow, "read 4097 bytes", () => spi.ReadBurst(SpiBuffer.Input, 0, 4097));
        }

        [TestMethod]
        public void FailedReadBurstReturnsNoData()
        {
            var tx = new byte[7 + 16];
            SpiTestDriver.Header(tx, SpiOpcode.ReadBurst, SpiBuffer.Input, 16380, 16);
            byte[] rx = spi.Raw(tx);
            CollectionAssert.AreEqual(new byte[rx.Length - 1], rx[1..]);
            Assert.AreEqual(BoardError.BufferOverflow, spi.Error);
        }

        [TestMethod]
        [DataRow((byte)2)]
        [DataRow((byte)0xFF)]
        public void UnknownBufferIsError7(byte buffer)
        {
            ExpectError(BoardError.BadBuffer, $"write buffer {buffer}", () =>
            {
                var tx = new byte[6 + 4];
                SpiTestDriver.Header(tx, SpiOpcode.WriteBurst, buffer, 0, 4);
                spi.Raw(tx);
            });
            ExpectError(BoardError.BadBuffer, $"read buffer {buffer}", () => spi.ReadBurst(buffer, 0, 4));
        }

        [TestMethod]
        [DataRow(0u)]
        [DataRow(5u)]
        [DataRow(0xA4u)]
        [DataRow(0xFFFF_FFFFu)]
        public void UnknownCommandIsError8(uint command) =>
            ExpectCommandError(BoardError.BadCommand, $"command {command}", command);

        [TestMethod]
        [DataRow(0x0000_1000u, 10u, 1u, "amplitude code 4096")]
        [DataRow(0x4000_0001u, 10u, 1u, "amplitude reserved bit 30")]
        [DataRow(1500u, 0u, 1u, "width 0")]
        [DataRow(1500u, 10_001u, 1u, "width beyond 100 us")]
        [DataRow(0x8000_05DCu, 10_001u, 1u, "RESET width beyond 100 us")]
        [DataRow(1500u, 10u, 0u, "count 0")]
        [DataRow(1500u, 10u, 65536u, "count 65536")]
        public void PulseBeyondTheBoardLimitIsError9(uint amplitude, uint width, uint count, string what)
        {
            spi.Write(BoardRegister.PulseAmplitude, amplitude);
            spi.Write(BoardRegister.PulseWidth, width);
            spi.Write(BoardRegister.PulseCount, count);
            ExpectCommandError(BoardError.PulseOutOfRange, what, BoardCommand.Pulse);
        }

        [TestMethod]
        public void PulseAtTheBoardLimitIsAccepted()
        {
            spi.Write(BoardRegister.PulseAmplitude, 4095 | 0x8000_0000u);
            spi.Write(BoardRegister.PulseWidth, 10_000);
            spi.Write(BoardRegister.PulseCount, 65535);
            Assert.AreEqual(BoardStatus.Done, spi.Command(BoardCommand.Pulse));
            Assert.AreEqual(65535u, spi.Read(BoardRegister.PulsesApplied));
        }

        [TestMethod]
        [DataRow(64, 0, BoardCommand.ReadCell)]
        [DataRow(0, 64, BoardCommand.ReadCell)]
        [DataRow(0xFFFF, 0xFFFF, BoardCommand.ReadCell)]
        [DataRow(64, 0, BoardCommand.Pulse)]
        [DataRow(0, 64, BoardCommand.Pulse)]
        public void CellOutOfRangeIsError10(int row, int col, uint command)
        {
            spi.SelectCell(row, col);
            ExpectCommandError(BoardError.CellOutOfRange, $"cell ({row},{col}) command {command}", command);
        }

        [TestMethod]
        [DataRow(64, 64, 0u)]
        [DataRow(64, 64, 257u)]      // INPUT 16384 / 64 rows = 256
        [DataRow(8, 64, 257u)]       // OUTPUT 16384 / 64 columns = 256, although INPUT allows 2048
        [DataRow(64, 1, 257u)]       // INPUT limits
        [DataRow(1, 1, 16385u)]
        public void VectorCountOutOfRangeIsError11(int rowCount, int colCount, uint vectors)
        {
            spi.SetWindows(0, rowCount, 0, colCount);
            spi.Write(BoardRegister.VectorCount, vectors);
            ExpectCommandError(BoardError.VectorCountOutOfRange, $"{vectors} vectors of {rowCount}x{colCount}", BoardCommand.Mac);
        }

        [TestMethod]
        public void VectorCountAtTheLimitIsAccepted()
        {
            spi.SetWindows(0, 1, 0, 1);
            spi.Write(BoardRegister.VectorCount, 16384);
            Assert.AreEqual(BoardStatus.Done, spi.Command(BoardCommand.Mac));
            Assert.AreEqual(BoardError.None, spi.Error);
        }

        [TestMethod]
        public void TruncatedTransactionsAreError12()
        {
            ExpectError(BoardError.Truncated, "empty transaction", () => spi.Board.Transfer(Array.Empty<byte>(), Array.Empty<byte>(), 0));
            ExpectError(BoardError.Truncated, "read of 5 bytes", () => spi.Raw(new byte[] { SpiOpcode.ReadRegister, BoardRegister.Id, 0, 0, 0 }));
            ExpectError(BoardError.Truncated, "write of 5 bytes", () => spi.Raw(new byte[] { SpiOpcode.WriteRegister, BoardRegister.TileSelect, 1, 0, 0 }));
            ExpectError(BoardError.Truncated, "CONTROL write of 3 bytes", () => spi.Raw(new byte[] { SpiOpcode.WriteRegister, BoardRegister.Control, 1 }));
            ExpectError(BoardError.Truncated, "write burst header", () => spi.Raw(new byte[] { SpiOpcode.WriteBurst, 0, 0, 0, 1 }));
            ExpectError(BoardError.Truncated, "read burst header", () => spi.Raw(new byte[] { SpiOpcode.ReadBurst, 0, 0, 0, 1, 0 }));
            ExpectError(BoardError.Truncated, "write burst data", () =>
            {
                var tx = new byte[6 + 10];
                SpiTestDriver.Header(tx, SpiOpcode.WriteBurst, SpiBuffer.Input, 0, 11);
                tx[6] = 0xAB;
                spi.Raw(tx);
            });
            ExpectError(BoardError.Truncated, "read burst data", () =>
            {
                var tx = new byte[7 + 10];
                SpiTestDriver.Header(tx, SpiOpcode.ReadBurst, SpiBuffer.Input, 0, 11);
                spi.Raw(tx);
            });
        }

        [TestMethod]
        public void LastErrorWinsAndAnyWriteToErrorClears()
        {
            spi.Read(0x50);
            spi.Write(BoardRegister.Control, 77);
            Assert.AreEqual(BoardError.BadCommand, spi.Error);
            spi.Write(BoardRegister.Error, 0x1234_5678);
            Assert.AreEqual(BoardError.None, spi.Error);
        }

        [TestMethod]
        public void CommandsStillRunWhileAnErrorIsPending()
        {
            spi.Read(0x50);
            spi.Write(BoardRegister.Control, BoardCommand.ClearCounters);
            Assert.AreEqual(BoardStatus.Done | BoardStatus.Error, spi.Status);
            Assert.AreEqual(0u, spi.Read(BoardRegister.TileOps));
        }

        [TestMethod]
        public void CallerBugsThrowInsteadOfReachingTheBus()
        {
            Assert.ThrowsExactly<ArgumentNullException>(() => board.Transfer(null!, new byte[6], 6));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => board.Transfer(new byte[6], new byte[5], 6));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => board.Transfer(new byte[6], new byte[6], -1));
        }
    }
}

using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    [TestClass]
    public sealed class RegisterTests
    {
        [TestMethod]
        public void IdentityRegistersHoldTheMapValues()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            Assert.AreEqual(0x424D4943u, spi.Read(BoardRegister.Id));
            Assert.AreEqual(0x0103u, spi.Read(BoardRegister.Version));
            Assert.AreEqual(100_000u, spi.Read(BoardRegister.ClockKilohertz));
            Assert.AreEqual(2000u, spi.Read(BoardRegister.ReadLsbMicrovolts));
            Assert.AreEqual(2000u, spi.Read(BoardRegister.PulseLsbMicrovolts));
            Assert.AreEqual(3000u, spi.Read(BoardRegister.WordLineLsbMicrovolts));
            Assert.AreEqual(1000u, spi.Read(BoardRegister.SenseLsbPicoamps));
            Assert.AreEqual(70_000u, spi.Read(BoardRegister.AdcFullScaleNanoamps));
            Assert.AreEqual(16384u | 16384u << 16, spi.Read(BoardRegister.BufferCaps));
            Assert.AreEqual(BoardError.None, spi.Error);
        }

        [TestMethod]
        [DataRow(64, 64)]
        [DataRow(256, 64)]
        public void CapsAndGeometryDescribeTheBoard(int rows, int cols)
        {
            var spi = new SpiTestDriver(Boards.Ideal(rows, cols));
            uint caps = spi.Read(BoardRegister.Caps);
            Assert.AreEqual(4u, caps & 0xFF, "tiles");
            Assert.AreEqual(8u, caps >> 8 & 0xF, "row DAC bits");
            Assert.AreEqual(8u, caps >> 12 & 0xF, "ADC bits");
            Assert.AreEqual(10u, caps >> 16 & 0xF, "word-line DAC bits");
            Assert.AreEqual(8u, caps >> 20 & 0xFF, "columns per ADC");
            Assert.AreEqual(0u, caps >> 28);
            uint geometry = spi.Read(BoardRegister.Geometry);
            Assert.AreEqual((uint)rows, geometry & 0xFFFF);
            Assert.AreEqual((uint)cols, geometry >> 16);
        }

        [TestMethod]
        public void PulseLimitsAreTheWholeDacAndTenTimesTheProfileWidth()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            uint limits = spi.Read(BoardRegister.PulseLimits);
            Assert.AreEqual(4095u, limits & 0xFFF);
            Assert.AreEqual(10u, limits >> 12, "10 x 10 us (profile max 10 us) in 10 us units");
        }

        [TestMethod]
        public void PowerOnValuesFollowTheMap()
        {
            var spi = new SpiTestDriver(Boards.Ideal(256, 64));
            Assert.AreEqual(0u, spi.Read(BoardRegister.TileSelect));
            Assert.AreEqual(256u << 16, spi.Read(BoardRegister.RowWindow));
            Assert.AreEqual(64u << 16, spi.Read(BoardRegister.ColumnWindow));
            Assert.AreEqual(1u, spi.Read(BoardRegister.VectorCount));
            Assert.AreEqual(50u, spi.Read(BoardRegister.ReadDac));
            Assert.AreEqual(0u, spi.Read(BoardRegister.WordLineDac));
            Assert.AreEqual(1u, spi.Read(BoardRegister.PulseCount));
            Assert.AreEqual(0u, spi.Read(BoardRegister.Status));
            Assert.AreEqual(0u, spi.Read(BoardRegister.Error));
        }

        [TestMethod]
        [DataRow(BoardRegister.TileSelect, 3u)]
        [DataRow(BoardRegister.RowWindow, 0x0010_0020u)]
        [DataRow(BoardRegister.ColumnWindow, 0x0008_0004u)]
        [DataRow(BoardRegister.VectorCount, 77u)]
        [DataRow(BoardRegister.WordLineDac, 1023u)]
        [DataRow(BoardRegister.ReadDac, 255u)]
        [DataRow(BoardRegister.CellAddress, 0x0030_0011u)]
        [DataRow(BoardRegister.PulseAmplitude, 0x8000_05DCu)]
        [DataRow(BoardRegister.PulseWidth, 123456u)]
        [DataRow(BoardRegister.PulseCount, 65535u)]
        public void ReadWriteRegistersRoundTrip(byte register, uint value)
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            spi.Write(register, value);
            Assert.AreEqual(value, spi.Read(register));
            Assert.AreEqual(BoardError.None, spi.Error);
        }

        [TestMethod]
        public void DacRegistersKeepOnlyTheirImplementedBits()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            spi.Write(BoardRegister.ReadDac, 0x1234);
            Assert.AreEqual(0x34u, spi.Read(BoardRegister.ReadDac));
            spi.Write(BoardRegister.WordLineDac, 0xFFFF);
            Assert.AreEqual(0x3FFu, spi.Read(BoardRegister.WordLineDac));
            Assert.AreEqual(BoardError.None, spi.Error);
        }

        [TestMethod]
        public void ControlIsWriteOnlyAndReadsZero()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            spi.Command(BoardCommand.ClearCounters);
            Assert.AreEqual(0u, spi.Read(BoardRegister.Control));
            Assert.AreEqual(BoardError.None, spi.Error);
        }

        [TestMethod]
        public void StatusByteIsClockedOutAsItWasWhenTheTransactionBegan()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            spi.Read(BoardRegister.Id);
            Assert.AreEqual(0, spi.LastStatusByte);
            spi.Write(BoardRegister.Control, BoardCommand.ClearCounters); // the command finishes inside this transaction
            Assert.AreEqual(0, spi.LastStatusByte, "rx[0] of the CONTROL write shows STATUS before the command");
            Assert.AreEqual(BoardStatus.Done, spi.Read(BoardRegister.Status));
            Assert.AreEqual((byte)BoardStatus.Done, spi.LastStatusByte);

            spi.Read(0x7F); // bad register
            Assert.AreEqual((byte)BoardStatus.Done, spi.LastStatusByte, "the failing transaction still shows the old status");
            spi.Write(BoardRegister.Error, 0xDEAD);
            Assert.AreEqual((byte)(BoardStatus.Done | BoardStatus.Error), spi.LastStatusByte, "the clearing write begins with the error set");
            Assert.AreEqual(BoardStatus.Done, spi.Read(BoardRegister.Status));
            Assert.AreEqual(BoardError.None, spi.Read(BoardRegister.Error));
        }

        [TestMethod]
        public void UndefinedReceiveBytesAreZero()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            byte[] rx = spi.Raw(new byte[] { SpiOpcode.WriteRegister, BoardRegister.TileSelect, 1, 0, 0, 0, 9, 9 });
            CollectionAssert.AreEqual(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 }, rx);
            rx = spi.Raw(new byte[] { SpiOpcode.ReadRegister, BoardRegister.TileSelect, 0, 0, 0, 0, 0 });
            CollectionAssert.AreEqual(new byte[] { 0, 0, 1, 0, 0, 0, 0 }, rx);
        }

        [TestMethod]
        public void SoftResetRestoresRegistersAndBuffersButKeepsConductancesAndCounters()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            float[] before = board.GetTile(1);
            spi.Write(BoardRegister.TileSelect, 1);
            spi.SetWindows(3, 5, 2, 9);
            spi.Write(BoardRegister.VectorCount, 2);
            spi.Mac(Boards.RandomInputs(10, 1), 2, 9);
            spi.Write(BoardRegister.ReadDac, 99);
            spi.Write(BoardRegister.WordLineDac, 512);
            spi.SelectCell(4, 5);
            spi.Command(BoardCommand.ReadCell);
            spi.Write(BoardRegister.PulseAmplitude, 100);
            spi.Write(BoardRegister.PulseWidth, 10);
            spi.Write(BoardRegister.PulseCount, 3);
            spi.Read(0x40); // leave an error behind
            ulong cycles = board.Counters.Cycles;

            uint status = spi.Command(BoardCommand.SoftReset);

            Assert.AreEqual(BoardStatus.Done, status);
            Assert.AreEqual(BoardError.None, spi.Error);
            Assert.AreEqual(0u, spi.Read(BoardRegister.TileSelect));
            Assert.AreEqual(64u << 16, spi.Read(BoardRegister.RowWindow));
            Assert.AreEqual(64u << 16, spi.Read(BoardRegister.ColumnWindow));
            Assert.AreEqual(1u, spi.Read(BoardRegister.VectorCount));
            Assert.AreEqual(50u, spi.Read(BoardRegister.ReadDac));
            Assert.AreEqual(0u, spi.Read(BoardRegister.WordLineDac));
            Assert.AreEqual(0u, spi.Read(BoardRegister.CellAddress));
            Assert.AreEqual(0u, spi.Read(BoardRegister.CellResult));
            Assert.AreEqual(0u, spi.Read(BoardRegister.PulseAmplitude));
            Assert.AreEqual(0u, spi.Read(BoardRegister.PulseWidth));
            Assert.AreEqual(1u, spi.Read(BoardRegister.PulseCount));
            CollectionAssert.AreEqual(new byte[4096], spi.ReadBurst(SpiBuffer.Input, 0, 4096));
            CollectionAssert.AreEqual(new byte[4096], spi.ReadBurst(SpiBuffer.Output, 0, 4096));
            CollectionAssert.AreEqual(before, board.GetTile(1));
            Assert.AreEqual(cycles, board.Counters.Cycles);
        }
    }
}

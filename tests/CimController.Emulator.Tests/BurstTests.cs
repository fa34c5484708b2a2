using System.Linq;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    [TestClass]
    public sealed class BurstTests
    {
        [TestMethod]
        [DataRow(SpiBuffer.Input)]
        [DataRow(SpiBuffer.Output)]
        public void BurstsLandAtTheirOffsets(byte buffer)
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            byte[] a = Boards.RandomInputs(4096, 1);
            byte[] b = Boards.RandomInputs(100, 2);
            spi.WriteBurst(buffer, 1000, a);
            spi.WriteBurst(buffer, 12288, a);     // last 4096 bytes: exactly at the end
            spi.WriteBurst(buffer, 3000, b);      // overlaps the first
            CollectionAssert.AreEqual(a.Take(2000).ToArray(), spi.ReadBurst(buffer, 1000, 2000));
            CollectionAssert.AreEqual(b, spi.ReadBurst(buffer, 3000, 100));
            CollectionAssert.AreEqual(a.Skip(2100).ToArray(), spi.ReadBurst(buffer, 3100, 1996));
            CollectionAssert.AreEqual(a.Skip(4000).ToArray(), spi.ReadBurst(buffer, 16288, 96));
            CollectionAssert.AreEqual(new byte[1000], spi.ReadBurst(buffer, 0, 1000));
            Assert.AreEqual(BoardError.None, spi.Error);
        }

        [TestMethod]
        public void ReadBurstPutsDataAfterTheTurnaroundByte()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            spi.WriteBurst(SpiBuffer.Input, 10, new byte[] { 1, 2, 3 });
            var tx = new byte[7 + 3 + 2];                 // two extra bytes past the data
            SpiTestDriver.Header(tx, SpiOpcode.ReadBurst, SpiBuffer.Input, 10, 3);
            tx[6] = 0x77;                                 // turnaround byte content is ignored
            byte[] rx = spi.Raw(tx);
            CollectionAssert.AreEqual(new byte[] { 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0 }, rx);
        }

        [TestMethod]
        public void ZeroLengthBurstsAreAcceptedAndMoveNothing()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            spi.WriteBurst(SpiBuffer.Input, 16384, new byte[0]);
            Assert.AreEqual(0, spi.ReadBurst(SpiBuffer.Input, 16384, 0).Length);
            Assert.AreEqual(BoardError.None, spi.Error);
        }

        [TestMethod]
        public void InputsWrittenInSplitBurstsFeedTheMac()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            byte[] x = Boards.RandomInputs(256 * 64, 4);
            byte[] whole = spi.Mac(x, 256, 64);
            // Same inputs written back to front in odd-sized bursts.
            for (int off = x.Length; off > 0;)
            {
                int len = System.Math.Min(1000, off);
                off -= len;
                spi.WriteBurst(SpiBuffer.Input, off, x.Skip(off).Take(len).ToArray());
            }
            spi.Command(BoardCommand.Mac);
            CollectionAssert.AreEqual(whole, spi.ReadBuffer(SpiBuffer.Output, 256 * 64));
        }
    }
}

using System;
using System.Linq;
using System.Text;
using CimController.Firmware.Desktop.Nspi;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Firmware.Tests.NspiTestData;

namespace CimController.Firmware.Tests;

/// <summary>Transfers the NSPI server refuses: each gets its status and one log line, and the connection goes on.</summary>
[TestClass]
public sealed class NspiRefusalTests
{
    [TestMethod]
    [DataRow(2, 5, 0, NspiCodec.FullDuplexFlag, NspiStatus.NoDevice, "refused a transfer on bus 2 CS 5: no device there; devices: register-map CIM board on bus 1 CS 5 (mode 0)")]
    [DataRow(1, 4, 0, NspiCodec.FullDuplexFlag, NspiStatus.NoDevice, "refused a transfer on bus 1 CS 4: no device there")]
    [DataRow(1, -1, 0, NspiCodec.FullDuplexFlag, NspiStatus.NoDevice, "refused a transfer on bus 1 CS -1: no device there")]
    [DataRow(1, 5, 3, NspiCodec.FullDuplexFlag, NspiStatus.ModeNotSupported, "refused a transfer to the register-map CIM board on bus 1 CS 5 in SPI mode 3; accepted: mode 0")]
    [DataRow(1, 5, 0, NspiCodec.FullDuplexFlag | NspiCodec.Words16Flag, NspiStatus.WordSizeNotSupported, "on bus 1 CS 5 in 16-bit words; accepted: 8-bit words (flags bit 1 clear)")]
    [DataRow(1, 5, 0, NspiCodec.FullDuplexFlag | NspiCodec.ChipSelectActiveHighFlag, NspiStatus.ChipSelectPolarity, "with chip select active high; accepted: active low (flags bit 2 clear)")]
    [DataRow(1, 5, 0, NspiCodec.FullDuplexFlag | 0x10, NspiStatus.UnknownFlags, "refused a transfer with flags 0x11: bits 0x10 are not defined; accepted: bit 0 full duplex")]
    public void RefusedTransfersGetTheirStatusAndOneLineAndTheConnectionGoesOn(int bus, int chipSelect, int mode, int flags, NspiStatus expected, string line)
    {
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
        using var client = f.Connect();
        var h = new NspiRequestHeader(NspiCodec.Magic, NspiCodec.TransferOp, (byte)bus, (byte)flags, (byte)mode, chipSelect, 8_000_000, 6, 6);
        var (status, rx) = client.Request(h, Register(BoardRegister.VectorCount, 7));
        Assert.AreEqual(expected, status);
        Assert.AreEqual(0, rx.Length, "a refusal carries no data");
        f.AssertLogged(line);
        Assert.AreEqual(1, f.Lines.Count(l => l.StartsWith("refused", StringComparison.Ordinal)), "one line per refusal:\n" + string.Join("\n", f.Lines));
        Assert.AreEqual(1, f.Server.RefusalCount);
        Assert.AreEqual(0, f.Server.TransferCount);
        client.AssertIdIsCimb();
        var vectors = client.Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6), new byte[] { SpiOpcode.ReadRegister, BoardRegister.VectorCount, 0, 0, 0, 0 }).Rx;
        Assert.AreEqual(1u, BitConverter.ToUInt32(vectors, 2), "the refused write never reached the board (VEC_COUNT still at its power-on 1)");
        Assert.AreEqual(1, f.Server.ConnectionCount, "the same connection was served on");
    }

    [TestMethod]
    public void UnknownOpIsRefusedAndItsWriteBytesSkipped()
    {
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
        using var client = f.Connect();
        var h = NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6) with { Op = 2 };
        Assert.AreEqual(NspiStatus.UnknownOp, client.Request(h, new byte[] { 1, 2, 3, 4, 5, 6 }).Status);
        f.AssertLogged("refused a request with op 2; accepted: op 1 (transfer)");
        client.AssertIdIsCimb();
    }

    [TestMethod]
    public void BadMagicIsRefusedThenThatConnectionClosedAndTheNextServed()
    {
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
        using (var client = f.Connect())
        {
            var h = NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6) with { Magic = 0x49505351 };
            Assert.AreEqual(NspiStatus.BadMagic, client.Request(h, new byte[6]).Status);
            Assert.IsTrue(client.ClosedByServer(), "the server closes a connection whose stream broke the format");
        }
        f.AssertLogged("refused a request with magic 0x49505351; accepted: 0x4950534E (\"NSPI\"); closing the connection");
        using var next = f.Connect();
        next.AssertIdIsCimb();
        Assert.AreEqual(2, f.Server.ConnectionCount);
    }

    [TestMethod]
    [DataRow(65537u, 0u)]
    [DataRow(6u, 100_000_000u)]
    [DataRow(uint.MaxValue, uint.MaxValue)]
    public void OversizedTransfersAreRefusedWithoutAllocatingThem(uint writeLength, uint readLength)
    {
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
        using (var client = f.Connect())
        {
            client.AssertIdIsCimb(); // warm-up: the server's buffers exist
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var h = NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, writeLength, readLength);
            client.Send(Header(h));
            var (status, rx) = client.ReadReply();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.AreEqual(NspiStatus.TooLong, status);
            Assert.AreEqual(0, rx.Length);
            Assert.IsTrue(allocated < 1_000_000, $"{allocated} bytes allocated while refusing {writeLength} out / {readLength} in");
            Assert.IsTrue(client.ClosedByServer(), "the write bytes were not read: the connection is closed");
        }
        f.AssertLogged($"refused a transfer of {writeLength} bytes out and {readLength} in; accepted: at most 65536 each way; closing the connection");
        using var next = f.Connect();
        next.AssertIdIsCimb();
    }

    [TestMethod]
    public void LargestTransferIsServed()
    {
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
        using var client = f.Connect();
        var tx = new byte[NspiBoardServer.MaxTransferBytes];
        tx[0] = SpiOpcode.ReadRegister; // a register read followed by 65530 ignored bytes
        var (status, rx) = client.Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, (uint)tx.Length, (uint)tx.Length), tx);
        Assert.AreEqual(NspiStatus.Ok, status);
        Assert.AreEqual(tx.Length, rx.Length);
        Assert.AreEqual("CIMB", Encoding.ASCII.GetString(rx, 2, 4));
        // Half duplex at the limit both ways: one chip-select period of 2 x 65536 bytes.
        (status, rx) = client.Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, (uint)tx.Length, (uint)tx.Length, fullDuplex: false), tx);
        Assert.AreEqual(NspiStatus.Ok, status);
        Assert.AreEqual(tx.Length, rx.Length);
        Assert.IsTrue(rx.All(b => b == 0), "the read phase follows the register read's 6 bytes: the board clocks out zeros");
    }
}

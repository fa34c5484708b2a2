using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Nspi;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// The board emulators behind the nanoCLR's NSPI socket (kit README, "Virtual ESP32"): the wire format byte for byte,
/// real Unix-socket round trips against the register-map and discrete boards, every refusal, broken clients, the
/// transfer observer, and the socket file's life.
/// </summary>
[TestClass]
public sealed class NspiTests
{
    private const int Seed = 4242;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static EmulatorOptions Options() => new() { Seed = Seed };

    // ---- the wire format ----

    [TestMethod]
    public void RequestBytesAreTheKitReadmeFormat()
    {
        var header = NspiRequestHeader.Transfer(bus: 1, chipSelect: 5, mode: 0, clockHz: 8_000_000, writeLength: 6, readLength: 6);
        var bytes = new byte[NspiCodec.RequestHeaderLength];
        NspiCodec.WriteRequestHeader(header, bytes);
        CollectionAssert.AreEqual(new byte[]
        {
            0x4E, 0x53, 0x50, 0x49, // magic 0x4950534E, "NSPI" in memory
            0x01,                   // op 1 = transfer
            0x01,                   // bus 1
            0x01,                   // flags: bit0 full duplex
            0x00,                   // SPI mode 0
            0x05, 0x00, 0x00, 0x00, // chip select GPIO 5
            0x00, 0x12, 0x7A, 0x00, // 8,000,000 Hz
            0x06, 0x00, 0x00, 0x00, // writeLen 6
            0x06, 0x00, 0x00, 0x00, // readLen 6
        }, bytes);
        Assert.AreEqual("NSPI", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.AreEqual(header, NspiCodec.ReadRequestHeader(bytes));

        var other = new NspiRequestHeader(NspiCodec.Magic, 1, 2, NspiCodec.Words16Flag | NspiCodec.ChipSelectActiveHighFlag, 3, -1, 1_000_000, 0x01020304, 0);
        NspiCodec.WriteRequestHeader(other, bytes);
        Assert.AreEqual(0x06, bytes[6], "half duplex, 16-bit words, chip select active high");
        CollectionAssert.AreEqual(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, bytes[8..12], "chip select -1 (none) is an i32");
        CollectionAssert.AreEqual(new byte[] { 0x04, 0x03, 0x02, 0x01 }, bytes[16..20]);
        var back = NspiCodec.ReadRequestHeader(bytes);
        Assert.AreEqual(other, back);
        Assert.IsFalse(back.FullDuplex);
        Assert.IsTrue(back.Words16);
        Assert.IsTrue(back.ChipSelectActiveHigh);
    }

    [TestMethod]
    public void ReplyBytesAreTheKitReadmeFormat()
    {
        var bytes = new byte[NspiCodec.ReplyHeaderLength];
        NspiCodec.WriteReplyHeader(NspiStatus.Ok, 6, bytes);
        CollectionAssert.AreEqual(new byte[] { 0, 0, 0, 0, 6, 0, 0, 0 }, bytes, "status 0 ok, len 6");
        NspiCodec.WriteReplyHeader(NspiStatus.NoDevice, 0, bytes);
        CollectionAssert.AreEqual(new byte[] { 4, 0, 0, 0, 0, 0, 0, 0 }, bytes, "a refusal: non-zero status, no data");
        NspiCodec.ReadReplyHeader(new byte[] { 0x10, 0x00, 0x00, 0x80, 0x00, 0x01, 0x00, 0x00 }, out var status, out uint length);
        Assert.AreEqual(0x80000010u, (uint)status);
        Assert.AreEqual(256u, length);
    }

    [TestMethod]
    public void StatusCodesAreFixed()
    {
        // Documented numbers: logs and other peers depend on them.
        Assert.AreEqual(0u, (uint)NspiStatus.Ok);
        Assert.AreEqual(1u, (uint)NspiStatus.BadMagic);
        Assert.AreEqual(2u, (uint)NspiStatus.UnknownOp);
        Assert.AreEqual(3u, (uint)NspiStatus.TooLong);
        Assert.AreEqual(4u, (uint)NspiStatus.NoDevice);
        Assert.AreEqual(5u, (uint)NspiStatus.ModeNotSupported);
        Assert.AreEqual(6u, (uint)NspiStatus.WordSizeNotSupported);
        Assert.AreEqual(7u, (uint)NspiStatus.ChipSelectPolarity);
        Assert.AreEqual(8u, (uint)NspiStatus.UnknownFlags);
        Assert.AreEqual(9u, (uint)NspiStatus.DeviceFault);
    }

    // ---- the register-map board ----

    [TestMethod]
    public void RegisterMapBoardAnswersItsIdOverTheSocket()
    {
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
        using var client = f.Connect();

        var (status, rx) = client.Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6), new byte[] { SpiOpcode.ReadRegister, BoardRegister.Id, 0, 0, 0, 0 });
        Assert.AreEqual(NspiStatus.Ok, status);
        Assert.AreEqual(6, rx.Length);
        Assert.AreEqual("CIMB", Encoding.ASCII.GetString(rx, 2, 4), "rx[2..5] = ID register, 0x424D4943 little-endian");

        // Half duplex: chip select stays down from the write phase into the read phase; the answer is what the
        // board clocked out during the read phase, i.e. rx[2..5] of the same register read.
        (status, rx) = client.Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 2, 4, fullDuplex: false), new byte[] { SpiOpcode.ReadRegister, BoardRegister.Version });
        Assert.AreEqual(NspiStatus.Ok, status);
        Assert.AreEqual(BoardRegister.VersionValue, BitConverter.ToUInt32(rx));

        // Full duplex reading more than it writes: the write data is padded with the filler (0x00), so "01 00" with
        // readLen 6 is the whole register read.
        (status, rx) = client.Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 2, 6), new byte[] { SpiOpcode.ReadRegister, BoardRegister.Id });
        Assert.AreEqual(NspiStatus.Ok, status);
        Assert.AreEqual(BoardRegister.IdValue, BitConverter.ToUInt32(rx, 2));
        // Full duplex reading less than it writes: the first readLen bytes clocked in (rx[0] = STATUS).
        (status, rx) = client.Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 1), new byte[] { SpiOpcode.ReadRegister, BoardRegister.Id, 0, 0, 0, 0 });
        Assert.AreEqual(NspiStatus.Ok, status);
        CollectionAssert.AreEqual(new byte[] { 0 }, rx, "STATUS: no error, nothing done yet");
        // No bytes either way clocks nothing: answered, and the board sees no (truncated) transaction.
        (status, rx) = client.Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 0, 0), Array.Empty<byte>());
        Assert.AreEqual(NspiStatus.Ok, status);
        Assert.AreEqual(0, rx.Length);
        (status, rx) = client.Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6), new byte[] { SpiOpcode.ReadRegister, BoardRegister.Error, 0, 0, 0, 0 });
        Assert.AreEqual(0u, BitConverter.ToUInt32(rx, 2), "ERROR register still clear");
        Assert.AreEqual(6, f.Server.TransferCount);
        Assert.AreEqual(0, f.Server.RefusalCount);
    }

    [TestMethod]
    public void MacThroughTheSocketGivesTheBytesOfTheEmulatorDirectly()
    {
        // Same options and seed, noise on: the same transactions must give the same bytes, every one of them.
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
        var direct = new BoardEmulator(Options());
        for (int r = 0; r < 8; r++)
        {
            f.Board.Emulator!.SetConductanceMicrosiemens(0, r, 3, 40f + r);
            direct.SetConductanceMicrosiemens(0, r, 3, 40f + r);
        }
        using var client = f.Connect();
        var input = new byte[64];
        new Random(Seed).NextBytes(input);
        var script = new List<byte[]>
        {
            Concat(new byte[] { SpiOpcode.WriteBurst, SpiBuffer.Input, 0, 0, 64, 0 }, input),
            Register(BoardRegister.TileSelect, 0),
            Register(BoardRegister.RowWindow, 0 | 64u << 16),
            Register(BoardRegister.ColumnWindow, 0 | 16u << 16),
            Register(BoardRegister.VectorCount, 1),
            Register(BoardRegister.Control, BoardCommand.Mac),
            new byte[] { SpiOpcode.ReadRegister, BoardRegister.Status, 0, 0, 0, 0 },
            Concat(new byte[] { SpiOpcode.ReadBurst, SpiBuffer.Output, 0, 0, 16, 0, 0 }, new byte[16]),
            new byte[] { SpiOpcode.ReadRegister, BoardRegister.TileOps, 0, 0, 0, 0 },
        };
        foreach (var tx in script)
        {
            var expected = new byte[tx.Length];
            direct.Transfer(tx, expected, tx.Length);
            var (status, rx) = client.Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, (uint)tx.Length, (uint)tx.Length), tx);
            Assert.AreEqual(NspiStatus.Ok, status);
            CollectionAssert.AreEqual(expected, rx, $"transaction {Convert.ToHexString(tx[..Math.Min(7, tx.Length)])}...");
        }
        Assert.AreEqual(1ul, f.Board.Emulator!.Counters.TileOps);
        Assert.AreEqual(direct.Counters.TileOps, f.Board.Emulator.Counters.TileOps);
        var codes = client.Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 23, 23), Concat(new byte[] { SpiOpcode.ReadBurst, SpiBuffer.Output, 0, 0, 16, 0, 0 }, new byte[16])).Rx[7..];
        Assert.IsTrue(codes.Any(c => c != 0), "the MAC produced codes: " + Convert.ToHexString(codes));
    }

    // ---- the discrete board ----

    [TestMethod]
    public void DiscreteBoardRoutesTheDacAndTheAdcByChipSelect()
    {
        // The S3 definition's pins: CS0 GPIO 10 (AD5328), CS1 GPIO 9 (MCP3208).
        using var f = new Fixture(NspiBoard.Discrete(Options(), dacChipSelect: 10, adcChipSelect: 9));
        var board = f.Board.DiscreteEmulator!;
        using var client = f.Connect();

        // AD5328, mode 1: the mode line (channel 7) to full scale, column 0's bias (channel 3) to code 2048 = 1.25 V.
        foreach (var word in new byte[][] { new byte[] { 0x7F, 0xFF }, new byte[] { 0x38, 0x00 } })
        {
            var (status, rx) = client.Request(NspiRequestHeader.Transfer(1, 10, 1, 10_000_000, 2, 2), word);
            Assert.AreEqual(NspiStatus.Ok, status);
            CollectionAssert.AreEqual(new byte[] { 0xFF, 0xFF }, rx, "the AD5328 does not drive MISO");
        }
        // Mode 2 is the AD5328's other falling-edge mode: accepted too (a data word for channel 0, code 0).
        Assert.AreEqual(NspiStatus.Ok, client.Request(NspiRequestHeader.Transfer(1, 10, 2, 10_000_000, 2, 2), new byte[] { 0x00, 0x00 }).Status);
        Assert.AreEqual(2048, board.DacChip.OutputCode(3));
        Assert.AreEqual(4095, board.DacChip.OutputCode(7));
        Assert.IsTrue(board.PulseMode, "mode line high: TIA feedback shunted, the TIA output is the column bias");

        // MCP3208, mode 0: single-ended channel 0 (column 0's TIA) = 1.25 V -> round(4096 x 1.25 / 4.096) = 1250.
        var adc = client.Request(NspiRequestHeader.Transfer(1, 9, 0, 1_000_000, 3, 3), new byte[] { 0x06, 0x00, 0x00 });
        Assert.AreEqual(NspiStatus.Ok, adc.Status);
        Assert.AreEqual(1250, ((adc.Rx[1] & 0x0F) << 8) | adc.Rx[2]);
        Assert.AreEqual(1250, board.AdcChip.CodeFor(1.25));
        Assert.AreEqual(1L, board.AdcChip.Conversions);
        Assert.AreEqual(3L, board.DacChip.Words);

        // Mode and pin belong together: the DAC's mode on the ADC's pin is refused, and GPIO 5 (DevKitC) is empty here.
        Assert.AreEqual(NspiStatus.ModeNotSupported, client.Request(NspiRequestHeader.Transfer(1, 9, 1, 1_000_000, 3, 3), new byte[3]).Status);
        f.AssertLogged("MCP3208 ADC on bus 1 CS 9 in SPI mode 1; accepted: mode 0");
        Assert.AreEqual(NspiStatus.ModeNotSupported, client.Request(NspiRequestHeader.Transfer(1, 10, 0, 10_000_000, 2, 2), new byte[2]).Status);
        f.AssertLogged("AD5328 DAC on bus 1 CS 10 in SPI mode 0; accepted: mode 1 or 2");
        Assert.AreEqual(NspiStatus.NoDevice, client.Request(NspiRequestHeader.Transfer(1, 5, 1, 10_000_000, 2, 2), new byte[2]).Status);
        f.AssertLogged("bus 1 CS 5: no device there; devices: AD5328 DAC on bus 1 CS 10 (mode 1 or 2); MCP3208 ADC on bus 1 CS 9 (mode 0)");
        Assert.AreEqual(1L, board.AdcChip.Conversions, "refused transfers never reach a device");
        Assert.AreEqual(3L, board.DacChip.Words);
    }

    [TestMethod]
    public void BoardsAreBuiltByNameWithTheirChipSelects()
    {
        var cim = NspiBoard.Create("emulator", Options());
        Assert.AreEqual("bus 1 CS 5", cim.Wiring);
        Assert.IsNotNull(cim.Emulator);
        Assert.AreEqual(10, NspiBoard.Create("emulator", Options(), new[] { 10 }).Devices[0].ChipSelect);
        var discrete = NspiBoard.Create("emulator-discrete", Options());
        Assert.AreEqual("bus 1 CS 5 DAC, CS 4 ADC", discrete.Wiring);
        Assert.IsNotNull(discrete.DiscreteEmulator);
        Assert.AreEqual("bus 1 CS 10 DAC, CS 9 ADC", NspiBoard.Create("emulator-discrete", Options(), new[] { 10, 9 }).Wiring);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => NspiBoard.Create("spidev:/dev/spidev0.0", Options())).Message, "accepted: emulator, emulator-discrete");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => NspiBoard.Create("emulator", Options(), new[] { 5, 4 })).Message, "one chip select");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => NspiBoard.Create("emulator-discrete", Options(), new[] { 5 })).Message, "two chip selects");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => NspiBoard.Discrete(Options(), 5, 5)).Message, "two chip selects");
    }

    // ---- refusals ----

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
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
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
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
        using var client = f.Connect();
        var h = NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6) with { Op = 2 };
        Assert.AreEqual(NspiStatus.UnknownOp, client.Request(h, new byte[] { 1, 2, 3, 4, 5, 6 }).Status);
        f.AssertLogged("refused a request with op 2; accepted: op 1 (transfer)");
        client.AssertIdIsCimb();
    }

    [TestMethod]
    public void BadMagicIsRefusedThenThatConnectionClosedAndTheNextServed()
    {
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
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
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
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
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
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

    // ---- broken clients ----

    [TestMethod]
    public void ClientGoneMidHeaderThenNextConnectionServed()
    {
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
        using (var client = f.Connect())
        {
            client.Send(Header(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6)).AsSpan(0, 10));
        }
        f.WaitForLine(l => l.Contains("connection 1 closed after 0 transfers: the client closed it mid-request (10 of 24 bytes)"));
        using var next = f.Connect();
        next.AssertIdIsCimb();
        Assert.AreEqual(2, f.Server.ConnectionCount);
    }

    [TestMethod]
    public void ClientGoneMidWriteDataThenNextConnectionServed()
    {
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
        using (var client = f.Connect())
        {
            client.AssertIdIsCimb();
            var request = Concat(Header(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 100, 100)), new byte[50]);
            client.Send(request);
        }
        f.WaitForLine(l => l.Contains("connection 1 closed after 1 transfers: the client closed it mid-request (74 of 124 bytes)"));
        Assert.AreEqual(1, f.Server.TransferCount, "the half request never reached the board");
        using var next = f.Connect();
        next.AssertIdIsCimb();
    }

    [TestMethod]
    public void RequestsSentAheadOfTheirRepliesAreServedInOrder()
    {
        // The nanoCLR waits for each reply; a client that does not is still served, request by request.
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
        using var client = f.Connect();
        byte[] id = Concat(Header(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6)), new byte[] { SpiOpcode.ReadRegister, BoardRegister.Id, 0, 0, 0, 0 });
        byte[] version = Concat(Header(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6)), new byte[] { SpiOpcode.ReadRegister, BoardRegister.Version, 0, 0, 0, 0 });
        client.Send(Concat(Concat(id, version), id));
        Assert.AreEqual(BoardRegister.IdValue, BitConverter.ToUInt32(client.ReadReply().Rx, 2));
        Assert.AreEqual(BoardRegister.VersionValue, BitConverter.ToUInt32(client.ReadReply().Rx, 2));
        Assert.AreEqual(BoardRegister.IdValue, BitConverter.ToUInt32(client.ReadReply().Rx, 2));
    }

    // ---- the observer, driven by the firmware core ----

    [TestMethod]
    public void ObserverSeesTheWatchdogsSoftResetFromTheFirmwareCore()
    {
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
        byte[] softReset = { SpiOpcode.WriteRegister, BoardRegister.Control, (byte)BoardCommand.SoftReset, 0, 0, 0 };
        using var seen = new ManualResetEventSlim(false);
        int observed = 0;
        f.Server.Observer = (bus, chipSelect, mode, bytesOut, bytesIn) =>
        {
            Interlocked.Increment(ref observed);
            if (bus == 1 && chipSelect == 5 && mode == 0 && bytesOut.SequenceEqual(softReset) && bytesIn.Length == 6)
                seen.Set();
        };
        using var client = f.Connect();
        // The firmware core identifies the board through the socket, as it does on the ESP32.
        var clock = new FakeClock();
        var controller = new Controller(client, clock, FirmwareHost.ConfigFor(f.Board.Emulator!.Profile, "nspi"));
        Assert.AreEqual(64, controller.Board.Rows);
        Assert.IsFalse(seen.IsSet, "no SOFT_RESET while identifying the board");

        // The host falls silent for 6 s: the watchdog puts the board in its safe state (SOFT_RESET over SPI).
        var watchdog = new SilenceWatchdogLink(new ScriptedLink(clock).Silence(6000), controller.Board, clock, 5000);
        Assert.AreEqual(0, watchdog.Read(new byte[1], 0, 1, 0));
        Assert.IsTrue(seen.Wait(Wait), "the observer did not see SOFT_RESET on bus 1 CS 5");
        Assert.AreEqual(1, watchdog.SafeStates);
        Assert.AreEqual(f.Server.TransferCount, Volatile.Read(ref observed), "one observer call per transfer");
    }

    [TestMethod]
    public void ServingAllocatesNothingPerTransferAfterWarmUp()
    {
        using var f = new Fixture(NspiBoard.RegisterMap(Options()));
        var allocated = new long[2];
        int calls = 0;
        f.Server.Observer = (_, _, _, _, _) =>
        {
            int n = Interlocked.Increment(ref calls);
            if (n == 10) allocated[0] = GC.GetAllocatedBytesForCurrentThread();
            if (n == 510) allocated[1] = GC.GetAllocatedBytesForCurrentThread();
        };
        using var client = f.Connect();
        for (int i = 0; i < 510; i++)
            client.AssertIdIsCimb();
        Assert.AreEqual(0, allocated[1] - allocated[0], "bytes the serving thread allocated over 500 transfers");
    }

    // ---- the socket file ----

    [TestMethod]
    public void DisposeStopsPromptlyWithAClientConnectedAndDeletesTheSocket()
    {
        var f = new Fixture(NspiBoard.RegisterMap(Options()));
        try
        {
            using var client = f.Connect();
            client.AssertIdIsCimb();
            Assert.AreEqual(NspiSocketFileState.LiveSocket, NspiSocketFile.Inspect(f.Path));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            f.Server.Dispose();
            Assert.IsTrue(watch.Elapsed < NspiBoardServer.StopTimeout, $"stopped in {watch.ElapsedMilliseconds} ms");
            Assert.IsFalse(File.Exists(f.Path), "the socket file is deleted");
            Assert.IsTrue(client.ClosedByServer());
            f.AssertLogged("connection 1 closed after 1 transfers: the server is stopping");
        }
        finally
        {
            f.Dispose();
        }
    }

    [TestMethod]
    public void StaleSocketIsReplacedAndAnythingElseRefused()
    {
        string dir = Directory.CreateTempSubdirectory("nspi-").FullName;
        try
        {
            string path = System.IO.Path.Combine(dir, "board.sock");
            Assert.AreEqual(NspiSocketFileState.Absent, NspiSocketFile.Inspect(path));
            // A stale socket file: bound, never listening, its socket closed. .NET deletes the file of a bound Unix socket
            // when it disposes it, so the file is bound under another name and moved into place first.
            using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                stale.Bind(new UnixDomainSocketEndPoint(path + ".bound"));
                File.Move(path + ".bound", path);
            }
            Assert.AreEqual(NspiSocketFileState.StaleSocket, NspiSocketFile.Inspect(path));
            using (var server = NspiBoardServer.Start(path, NspiBoard.RegisterMap(Options())))
            {
                using var client = NspiClient.Connect(path);
                client.AssertIdIsCimb();
                var e = Assert.ThrowsExactly<IOException>(() => NspiBoardServer.Start(path, NspiBoard.RegisterMap(Options())));
                StringAssert.Contains(e.Message, "a running server listens on");
            }
            Assert.AreEqual(NspiSocketFileState.Absent, NspiSocketFile.Inspect(path));

            File.WriteAllText(path, "not a socket");
            Assert.AreEqual(NspiSocketFileState.NotASocket, NspiSocketFile.Inspect(path));
            var refused = Assert.ThrowsExactly<IOException>(() => NspiBoardServer.Start(path, NspiBoard.RegisterMap(Options())));
            StringAssert.Contains(refused.Message, "exists and is not a socket; refusing to replace it");
            Assert.AreEqual("not a socket", File.ReadAllText(path), "left alone");
            Assert.AreEqual(NspiSocketFileState.NotASocket, NspiSocketFile.Inspect(dir), "a directory");

            var noFolder = Assert.ThrowsExactly<DirectoryNotFoundException>(() => NspiBoardServer.Start(System.IO.Path.Combine(dir, "gone", "b.sock"), NspiBoard.RegisterMap(Options())));
            StringAssert.Contains(noFolder.Message, $"its folder {System.IO.Path.Combine(dir, "gone")} does not exist");

            var tooLong = Assert.ThrowsExactly<ArgumentException>(() => NspiBoardServer.Start("/tmp/" + new string('x', 103), NspiBoard.RegisterMap(Options())));
            StringAssert.Contains(tooLong.Message, "is 108 bytes; accepted: 1..107 bytes");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // ---- helpers ----

    private static byte[] Register(byte register, uint value) =>
        new byte[] { SpiOpcode.WriteRegister, register, (byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24) };

    private static byte[] Concat(byte[] a, byte[] b) => a.Concat(b).ToArray();

    private static byte[] Header(NspiRequestHeader h)
    {
        var bytes = new byte[NspiCodec.RequestHeaderLength];
        NspiCodec.WriteRequestHeader(h, bytes);
        return bytes;
    }

    /// <summary>A server on a fresh socket path, its log lines collected.</summary>
    private sealed class Fixture : IDisposable
    {
        private readonly string _dir;
        private readonly List<string> _lines = new();

        public Fixture(NspiBoard board)
        {
            Board = board;
            _dir = Directory.CreateTempSubdirectory("nspi-").FullName;
            Path = System.IO.Path.Combine(_dir, "board.sock");
            Server = NspiBoardServer.Start(Path, board, line =>
            {
                lock (_lines)
                {
                    _lines.Add(line);
                    Monitor.PulseAll(_lines);
                }
            });
        }

        public NspiBoard Board { get; }
        public string Path { get; }
        public NspiBoardServer Server { get; }

        public string[] Lines
        {
            get { lock (_lines) return _lines.ToArray(); }
        }

        public NspiClient Connect() => NspiClient.Connect(Path);

        /// <summary>A refusal's line is logged before its reply is sent: no wait needed once the reply is in.</summary>
        public void AssertLogged(string part)
        {
            var lines = Lines;
            Assert.IsTrue(lines.Any(l => l.Contains(part, StringComparison.Ordinal)), $"no line contains '{part}':\n" + string.Join("\n", lines));
        }

        /// <summary>Waits (at most <see cref="Wait"/>) for a line the server logs on its own time (connection events).</summary>
        public void WaitForLine(Func<string, bool> match)
        {
            DateTime deadline = DateTime.UtcNow + Wait;
            lock (_lines)
            {
                while (!_lines.Any(match))
                {
                    TimeSpan left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || !Monitor.Wait(_lines, left) && !_lines.Any(match))
                        Assert.Fail("the line did not come; lines:\n" + string.Join("\n", _lines));
                }
            }
        }

        public void Dispose()
        {
            Server.Dispose();
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>The nanoCLR's side of the socket: requests out, replies in; every wait bounded by <see cref="Wait"/>.</summary>
    private sealed class NspiClient : ISpiBus, IDisposable
    {
        private readonly Socket _socket;

        private NspiClient(Socket socket) => _socket = socket;

        public static NspiClient Connect(string path)
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            {
                ReceiveTimeout = (int)Wait.TotalMilliseconds,
                SendTimeout = (int)Wait.TotalMilliseconds,
            };
            s.Connect(new UnixDomainSocketEndPoint(path));
            return new NspiClient(s);
        }

        public void Send(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
                bytes = bytes[_socket.Send(bytes)..];
        }

        public (NspiStatus Status, byte[] Rx) Request(NspiRequestHeader h, byte[] write)
        {
            Send(Concat(Header(h), write));
            return ReadReply();
        }

        public (NspiStatus Status, byte[] Rx) ReadReply()
        {
            var header = new byte[NspiCodec.ReplyHeaderLength];
            ReceiveExactly(header);
            NspiCodec.ReadReplyHeader(header, out var status, out uint length);
            Assert.IsTrue(length <= NspiBoardServer.MaxTransferBytes, $"reply len {length}");
            var data = new byte[length];
            ReceiveExactly(data);
            return (status, data);
        }

        /// <summary>The register-map board's ID register through the socket reads "CIMB".</summary>
        public void AssertIdIsCimb()
        {
            var (status, rx) = Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6), new byte[] { SpiOpcode.ReadRegister, BoardRegister.Id, 0, 0, 0, 0 });
            Assert.AreEqual(NspiStatus.Ok, status);
            Assert.AreEqual(BoardRegister.IdValue, BitConverter.ToUInt32(rx, 2));
        }

        /// <summary>True when the server has closed the connection (end of stream within <see cref="Wait"/>).</summary>
        public bool ClosedByServer()
        {
            try
            {
                return _socket.Receive(new byte[1]) == 0;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                return true;
            }
        }

        /// <summary>Full duplex on bus 1 CS 5, mode 0, as the ESP32 app's Esp32SpiBus does it.</summary>
        public void Transfer(byte[] tx, byte[] rx, int count)
        {
            var (status, data) = Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, (uint)count, (uint)count), tx[..count]);
            if (status != NspiStatus.Ok) throw new IOException("NSPI status " + status);
            data.CopyTo(rx, 0);
        }

        private void ReceiveExactly(byte[] buffer)
        {
            int got = 0;
            while (got < buffer.Length)
            {
                int n = _socket.Receive(buffer, got, buffer.Length - got, SocketFlags.None);
                if (n == 0) throw new IOException($"the server closed the connection after {got} of {buffer.Length} reply bytes");
                got += n;
            }
        }

        public void Dispose() => _socket.Dispose();
    }
}

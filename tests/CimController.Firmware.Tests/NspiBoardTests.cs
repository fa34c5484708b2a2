using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CimController.Emulator;
using CimController.Firmware.Desktop.Nspi;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Firmware.Tests.NspiTestData;

namespace CimController.Firmware.Tests;

/// <summary>
/// The board emulators behind the NSPI socket, over real Unix-socket round trips: the register-map board (byte for byte
/// the emulator's own transfers) and the discrete board (DAC and ADC routed by chip select), and boards built by name.
/// </summary>
[TestClass]
public sealed class NspiBoardTests
{
    [TestMethod]
    public void RegisterMapBoardAnswersItsIdOverTheSocket()
    {
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
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
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
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
        using var f = new NspiServerFixture(NspiBoard.Discrete(Options(), dacChipSelect: 10, adcChipSelect: 9));
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
}

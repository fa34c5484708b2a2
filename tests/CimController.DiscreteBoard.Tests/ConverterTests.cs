using System;
using CimController.DiscreteBoard.Emulator;
using CimController.Firmware;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.DiscreteBoard.Tests;

/// <summary>The AD5328 and MCP3208 drivers of the firmware core against the chips' SPI-level emulators.</summary>
[TestClass]
public sealed class ConverterTests
{
    [TestMethod]
    public void Ad5328DataWordSetsTheChannelAtOnceInLdacLowMode()
    {
        var chip = new Ad5328Emulator(5.0, 2.5, 2.5);
        var dac = new Ad5328(chip);
        dac.Reset();
        dac.Configure(gainTwo: true, bufferedReference: true, vddReference: false);
        dac.SetLdacMode(Ad5328.LdacLow);
        for (int ch = 0; ch < 8; ch++)
        {
            int code = 500 * ch + 37;
            dac.WriteInput(ch, code);
            Assert.AreEqual(code, chip.OutputCode(ch), $"channel {ch}");
            Assert.AreEqual(5.0 * code / 4096, chip.OutputVolts(ch), 1e-12, $"channel {ch}: 0..2 VREF with GAIN");
        }
        Assert.AreEqual(8 + 3, chip.Words);
    }

    [TestMethod]
    public void Ad5328HoldsOutputsInLdacHighModeUntilASingleUpdate()
    {
        var chip = new Ad5328Emulator(5.0, 2.5, 2.5);
        var dac = new Ad5328(chip);
        dac.Reset();
        dac.Configure(false, true, false);
        dac.SetLdacMode(Ad5328.LdacHigh);
        dac.WriteInput(2, 4095);
        dac.WriteInput(5, 2048);
        Assert.AreEqual(0, chip.OutputCode(2), "held until LDAC");
        Assert.AreEqual(4095, chip.InputCode(2));
        dac.Update();
        Assert.AreEqual(4095, chip.OutputCode(2));
        Assert.AreEqual(2.5 * 4095 / 4096, chip.OutputVolts(2), 1e-12, "0..VREF without GAIN");
        Assert.AreEqual(1.25, chip.OutputVolts(5), 1e-12);
        Assert.AreEqual(Ad5328.LdacHigh, chip.LdacMode, "a single update keeps the mode");
    }

    [TestMethod]
    public void Ad5328PowerDownAndResetWordsAndShortTransactions()
    {
        var chip = new Ad5328Emulator(5.0, 2.5, 2.5);
        var dac = new Ad5328(chip);
        dac.SetLdacMode(Ad5328.LdacLow);
        dac.WriteInput(0, 1000);
        dac.PowerDown(0x01);
        Assert.AreEqual(0, chip.OutputVolts(0), "powered down");
        dac.PowerDown(0);
        Assert.AreNotEqual(0, chip.OutputVolts(0));
        chip.Transfer(new byte[] { 0x0F }, new byte[1], 1);
        Assert.AreEqual(1, chip.IgnoredTransactions, "SYNC raised before the 16th clock");
        dac.Reset();
        Assert.AreEqual(0, chip.OutputCode(0));
        Assert.AreEqual(Ad5328.LdacLow, chip.LdacMode);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => dac.WriteInput(8, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => dac.WriteInput(0, 4096));
    }

    [TestMethod]
    public void Mcp3208ReadsEveryChannelWithTheDataSheetBitFraming()
    {
        double[] volts = { 0.0, 0.001, 1.0, 2.048, 3.3, 4.0955, 4.2, 0.5 };
        var chip = new Mcp3208Emulator(ch => volts[ch], 4.096);
        var adc = new Mcp3208(chip);
        for (int ch = 0; ch < 8; ch++)
        {
            int expected = Math.Clamp((int)Math.Round(4096 * volts[ch] / 4.096, MidpointRounding.AwayFromZero), 0, 4095);
            Assert.AreEqual(expected, adc.ReadSingleEnded(ch), $"channel {ch} at {volts[ch]} V");
        }
        Assert.AreEqual(8, chip.Conversions);
        Assert.AreEqual(0, chip.ShortTransactions);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => adc.ReadSingleEnded(8));
    }

    [TestMethod]
    public void Mcp3208NullBitAndLsbFirstTail()
    {
        var chip = new Mcp3208Emulator(_ => 1.234, 4.096);
        // start, SGL, channel 0, then 32 more clocks: null bit, MSB-first result, LSB-first result, zeros.
        byte[] tx = { 0x06, 0x00, 0x00, 0x00, 0x00 };
        byte[] rx = new byte[5];
        chip.Transfer(tx, rx, 5);
        int code = chip.CodeFor(1.234);
        Assert.AreEqual(0, rx[1] & 0x10, "null bit");
        Assert.AreEqual(code, ((rx[1] & 0x0F) << 8) | rx[2]);
        // bits after B0: B1..B11 (LSB first) from clock 24 on
        int lsbFirst = 0;
        for (int i = 0; i < 11; i++)
        {
            int bit = 24 + i;
            lsbFirst |= ((rx[bit >> 3] >> (7 - (bit & 7))) & 1) << (i + 1);
        }
        Assert.AreEqual(code & ~1, lsbFirst);
    }

    [TestMethod]
    public void Mcp3208DriverReportsAMissingChip()
    {
        var silent = new FloatingBus();
        var adc = new Mcp3208(silent);
        var e = Assert.ThrowsExactly<BoardException>(() => adc.ReadSingleEnded(0));
        StringAssert.Contains(e.Message, "null bit");
    }

    /// <summary>MISO pulled up, nothing answering.</summary>
    private sealed class FloatingBus : CimController.Protocol.Board.ISpiBus
    {
        public void Transfer(byte[] tx, byte[] rx, int count) => Array.Fill(rx, (byte)0xFF, 0, count);
    }
}

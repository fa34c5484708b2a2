using System;
using CimController.DiscreteBoard.Emulator;
using CimController.Firmware;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.DiscreteBoard.Tests;

/// <summary>The discrete board driver (firmware core) against the board emulator: init, reads, pulses, VMM.</summary>
[TestClass]
public sealed class DiscreteBoardDriverTests
{
    [TestMethod]
    public void InitPutsEveryLineAtBiasAndMeasuresZeroCurrentCodes()
    {
        var f = new DiscreteFixture();
        var d = f.Driver;
        Assert.IsTrue(d.IsInitialized);
        Assert.AreEqual(1, d.Tiles);
        Assert.AreEqual(3, d.Rows);
        Assert.AreEqual(4, d.Columns);
        Assert.AreEqual(2048, d.BiasCode);
        Assert.AreEqual(82, d.ReadDacCodes, "0.1 V at 5 V / 4096 per code");
        Assert.AreEqual(100098u, d.ReadMicrovolts);
        Assert.AreEqual(30303u, d.SenseLsbPicoamps, "1 mV ADC LSB across 33 kohm");
        Assert.AreEqual(5000, d.MaxPulseMillivolts);
        for (int ch = 0; ch < 7; ch++)
            Assert.AreEqual(2.5, f.Board.LineVolts(ch), 1e-9, $"DAC channel {ch} at bias");
        Assert.AreEqual(0, f.Board.LineVolts(7), "mode line low: TIAs measure");
        for (int c = 0; c < 4; c++)
            Assert.AreEqual(2500, d.ColumnOffset(c), $"column {c}: 2.5 V on a 4.096 V ADC");
    }

    [TestMethod]
    public void InitFailsClearlyWhenNoBoardAnswers()
    {
        var clock = new BoardClock();
        var deadAdc = new ZeroBus();
        var board = new DiscreteBoardEmulator(new DiscreteBoardEmulatorOptions { NowMicroseconds = clock.Now });
        var d = new DiscreteBoardDriver(board.Dac, deadAdc, clock, DiscreteBoardDefinition.Standard(), new FirmwareConfig());
        var e = Assert.ThrowsExactly<BoardException>(() => d.Init(100));
        StringAssert.Contains(e.Message, "reads code 0 at zero current");
        Assert.IsFalse(d.IsInitialized);
        Assert.ThrowsExactly<ProtocolException>(() => d.ReadCell(0, 0, 0));
    }

    [TestMethod]
    public void InitRefusesAReadVoltageOutsideTheDacRange()
    {
        var f = new DiscreteFixture(init: false);
        var e = Assert.ThrowsExactly<ProtocolException>(() => f.Driver.Init(3000));
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        StringAssert.Contains(e.Message, "read voltage 3000 mV");
    }

    [TestMethod]
    public void ReadCellGivesTheCellsConductance()
    {
        var f = new DiscreteFixture();
        double[] targets = { 10, 23.5, 41, 70 };
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                f.Board.SetConductanceMicrosiemens(r, c, targets[(r + c) % 4]);
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                double g = f.SenseToMicrosiemens(f.Driver.ReadCell(0, r, c));
                double lsb = f.SenseToMicrosiemens(1);
                Assert.AreEqual(targets[(r + c) % 4], g, lsb, $"cell ({r},{c}) within one sense LSB ({lsb:F3} uS)");
            }
        }
        Assert.AreEqual(12u, f.Driver.ReadCellReads());
        for (int ch = 0; ch < 3; ch++)
            Assert.AreEqual(2.5, f.Board.LineVolts(ch), 1e-9, "rows back at rest after a read");
    }

    [TestMethod]
    public void ReadCellRefusesCellsOutsideTheCrossbar()
    {
        var f = new DiscreteFixture();
        Assert.AreEqual(ErrorCode.OutOfRange, Assert.ThrowsExactly<ProtocolException>(() => f.Driver.ReadCell(0, 3, 0)).Code);
        Assert.AreEqual(ErrorCode.OutOfRange, Assert.ThrowsExactly<ProtocolException>(() => f.Driver.ReadCell(0, 0, 4)).Code);
        Assert.AreEqual(ErrorCode.OutOfRange, Assert.ThrowsExactly<ProtocolException>(() => f.Driver.ReadCell(1, 0, 0)).Code);
        Assert.AreEqual(ErrorCode.OutOfRange, Assert.ThrowsExactly<ProtocolException>(() => f.Driver.SelectTile(1)).Code);
    }

    [TestMethod]
    public void SetAndResetPulsesWithinLimitsMoveOnlyTheSelectedCell()
    {
        var f = new DiscreteFixture();
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                f.Board.SetConductanceMicrosiemens(r, c, 40);

        // 3 V SET, 100 us: (3 - 1.5) / (3 - 1.5) = full drive, 1 uS per 100 us; the width also holds two DAC words.
        f.Driver.ApplyPulse(0, 1, 2, 3000, 100_000, 5);
        double g = f.Board.GetConductanceMicrosiemens(1, 2);
        Assert.AreEqual(45, g, 0.1, "five SET pulses of about 1 uS each");
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                if (r != 1 || c != 2)
                    Assert.AreEqual(40, f.Board.GetConductanceMicrosiemens(r, c), 1e-9, $"half-selected or idle cell ({r},{c}) at V/2 <= threshold");
        Assert.AreEqual(3.0, f.Board.PeakCellVolts, 0.002, "the selected cell saw the full amplitude");
        Assert.AreEqual(5u, f.Driver.ReadPulses());

        f.Driver.ApplyPulse(0, 1, 2, -3000, 100_000, 10);
        Assert.AreEqual(35, f.Board.GetConductanceMicrosiemens(1, 2), 0.2, "ten RESET pulses");
        Assert.AreEqual(15u, f.Driver.ReadPulses());

        Assert.IsFalse(f.Board.PulseMode, "TIAs back in measure mode");
        for (int ch = 0; ch < 7; ch++)
            Assert.AreEqual(2.5, f.Board.LineVolts(ch), 1e-9, $"line {ch} back at rest");
        double read = f.SenseToMicrosiemens(f.Driver.ReadCell(0, 1, 2));
        Assert.AreEqual(f.Board.GetConductanceMicrosiemens(1, 2), read, f.SenseToMicrosiemens(1), "the firmware reads what the pulses did");
    }

    [TestMethod]
    public void PulseWidthScalesTheStep()
    {
        var f = new DiscreteFixture();
        f.Board.SetConductanceMicrosiemens(0, 0, 20);
        f.Driver.ApplyPulse(0, 0, 0, 3000, 500_000, 1);
        Assert.AreEqual(25, f.Board.GetConductanceMicrosiemens(0, 0), 0.1, "500 us at full drive = 5 uS");
        f.Board.SetConductanceMicrosiemens(0, 0, 20);
        f.Driver.ApplyPulse(0, 0, 0, 2250, 200_000, 1);
        Assert.AreEqual(21, f.Board.GetConductanceMicrosiemens(0, 0), 0.05, "2.25 V is half drive: 200 us gives 1 uS");
    }

    [TestMethod]
    [DataRow(3001, 100_000u, 1, ErrorCode.PulseLimit, "SET pulse of +3001 mV exceeds the limit of profile 'brram'")]
    [DataRow(-3500, 100_000u, 1, ErrorCode.PulseLimit, "RESET pulse of -3500 mV exceeds the limit of profile 'brram'")]
    [DataRow(3000, 5_000u, 1, ErrorCode.PulseLimit, "pulse width 5000 ns is outside the board's absolute limits 20000..")]
    [DataRow(3000, 2_000_000u, 1, ErrorCode.PulseLimit, "pulse width 2000000 ns is outside the limits of profile 'brram': 10..1000000 ns")]
    [DataRow(3000, 100_000u, 0, ErrorCode.OutOfRange, "pulse count 0 is outside 1..65535")]
    [DataRow(0, 100_000u, 1, ErrorCode.OutOfRange, "pulse amplitude is 0 mV")]
    public void PulsesBeyondLimitsAreRefusedAndTouchNothing(int millivolts, uint widthNs, int count, int code, string message)
    {
        var f = new DiscreteFixture();
        f.Board.SetConductanceMicrosiemens(2, 3, 30);
        long words = f.Board.DacChip.Words;
        var e = Assert.ThrowsExactly<ProtocolException>(() => f.Driver.ApplyPulse(0, 2, 3, millivolts, widthNs, count));
        Assert.AreEqual(code, e.Code);
        StringAssert.Contains(e.Message, message);
        Assert.AreEqual(words, f.Board.DacChip.Words, "no SPI word was sent");
        Assert.AreEqual(30, f.Board.GetConductanceMicrosiemens(2, 3), 1e-12);
        Assert.AreEqual(0u, f.Driver.ReadPulses());
    }

    [TestMethod]
    public void BoardLimitAppliesEvenWhenTheProfileAllowsMore()
    {
        var f = new DiscreteFixture();
        f.Config.MaxSetMillivolts = 8000;
        var e = Assert.ThrowsExactly<ProtocolException>(() => f.Driver.ApplyPulse(0, 0, 0, 6000, 100_000, 1));
        Assert.AreEqual(ErrorCode.PulseLimit, e.Code);
        StringAssert.Contains(e.Message, "exceeds the board's absolute limit of 5000 mV");
    }

    [TestMethod]
    public void SmallVmmMatchesTheColumnCurrents()
    {
        var f = new DiscreteFixture();
        double[,] g = { { 10, 70, 40, 25 }, { 60, 15, 40, 55 }, { 33, 47, 12, 68 } };
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                f.Board.SetConductanceMicrosiemens(r, c, g[r, c]);
        byte[] input = { 255, 0, 128, 10, 200, 90, 255, 255, 255, 0, 0, 0 };
        const int vectors = 4;
        byte[] output = new byte[vectors * 4 + 3];
        f.Driver.Mac(0, 0, 3, 0, 4, vectors, input, 0, output, 3);
        double vreadLsb = 5.0 / 4096;
        double lsbAmps = f.Driver.AdcFullScaleNanoamps * 1e-9 / 255;
        for (int v = 0; v < vectors; v++)
        {
            for (int c = 0; c < 4; c++)
            {
                double amps = 0;
                for (int r = 0; r < 3; r++)
                {
                    int deltaCodes = (input[v * 3 + r] * f.Driver.ReadDacCodes + 128) >> 8;
                    amps += g[r, c] * 1e-6 * deltaCodes * vreadLsb;
                }
                double ideal = Math.Min(255, amps / lsbAmps);
                Assert.AreEqual(ideal, output[3 + v * 4 + c], 1.0, $"vector {v} column {c}");
            }
        }
        Assert.AreEqual(0, output[0] + output[1] + output[2], "nothing written before the output offset");
        Assert.AreEqual((uint)vectors, f.Driver.ReadTileOps());
        for (int ch = 0; ch < 3; ch++)
            Assert.AreEqual(2.5, f.Board.LineVolts(ch), 1e-9, "rows back at rest after the MAC");
    }

    [TestMethod]
    public void VmmWindowUsesOnlyItsRowsAndColumns()
    {
        var f = new DiscreteFixture();
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                f.Board.SetConductanceMicrosiemens(r, c, 50);
        byte[] input = { 255 };
        byte[] output = new byte[2];
        f.Driver.Mac(0, 2, 1, 1, 2, 1, input, 0, output, 0);
        double amps = 50e-6 * f.Driver.ReadDacCodes * 5.0 / 4096;
        double expected = amps / (f.Driver.AdcFullScaleNanoamps * 1e-9 / 255);
        Assert.AreEqual(expected, output[0], 1.0);
        Assert.AreEqual(expected, output[1], 1.0);
        Assert.ThrowsExactly<ProtocolException>(() => f.Driver.Mac(0, 2, 2, 0, 1, 1, new byte[2], 0, new byte[1], 0));
    }

    [TestMethod]
    public void MacReadAndPulseAllocateNothingAfterWarmUp()
    {
        var f = new DiscreteFixture();
        byte[] input = new byte[3 * 8];
        byte[] output = new byte[4 * 8];
        f.Driver.Mac(0, 0, 3, 0, 4, 8, input, 0, output, 0);
        f.Driver.ReadCell(0, 1, 1);
        f.Driver.ApplyPulse(0, 1, 1, 2000, 50_000, 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            f.Driver.Mac(0, 0, 3, 0, 4, 8, input, 0, output, 0);
            f.Driver.ReadCell(0, 1, 1);
            f.Driver.ApplyPulse(0, 1, 1, 2000, 50_000, 2);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(0, allocated, "bytes allocated by the driver (the emulator allocates nothing per transaction either)");
    }

    [TestMethod]
    public void SoftResetReturnsEveryLineToRest()
    {
        var f = new DiscreteFixture();
        f.Board.Dac.Transfer(new byte[] { 0x7F, 0xFF }, new byte[2], 2);   // mode line input register full scale
        f.Board.Dac.Transfer(new byte[] { 0x00, 0x00 }, new byte[2], 2);   // row 0 input register 0 V
        f.Board.Dac.Transfer(new byte[] { 0xA0, 0x02 }, new byte[2], 2);   // single update
        Assert.IsTrue(f.Board.PulseMode);
        f.Driver.SoftReset();
        Assert.IsFalse(f.Board.PulseMode);
        for (int ch = 0; ch < 7; ch++)
            Assert.AreEqual(2.5, f.Board.LineVolts(ch), 1e-9);
    }

    [TestMethod]
    public void BoardCycleCounterCountsBoardMicroseconds()
    {
        var f = new DiscreteFixture();
        f.Driver.ClearCounters();
        // 996 us is the longest request within the profile's 1 ms: the board applies it as 996 us + two 1.6 us DAC words.
        f.Driver.ApplyPulse(0, 0, 0, 2000, 996_000, 1);
        Assert.IsTrue(f.Driver.ReadCycles() >= 999, $"a pulse applied as 999.2 us counts at least 999 us, got {f.Driver.ReadCycles()}");
        Assert.AreEqual(1000u, f.Driver.ClockKilohertz);
        Assert.AreEqual(0ul, f.Driver.ReadEnergyPicojoules());
    }

    [TestMethod]
    public void DefinitionMatchesTheEmulatedBoard()
    {
        var d = DiscreteBoardDefinition.Standard();
        var o = new DiscreteBoardEmulatorOptions();
        CollectionAssert.AreEqual(d.RowChannels, o.RowChannels);
        CollectionAssert.AreEqual(d.ColumnChannels, o.ColumnChannels);
        CollectionAssert.AreEqual(d.AdcChannels, o.AdcChannels);
        Assert.AreEqual(d.ModeChannel, o.ModeChannel);
        Assert.AreEqual(d.DacReferenceMillivolts / 1000.0, o.DacReferenceVolts);
        Assert.AreEqual(d.AdcReferenceMillivolts / 1000.0, o.AdcReferenceVolts);
        Assert.AreEqual(d.FeedbackOhms, o.FeedbackOhms);
        d.Validate();
        var bad = DiscreteBoardDefinition.Standard();
        bad.ColumnChannels = new[] { 3, 4, 5, 2 };
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => bad.Validate()).Message, "DAC channel 2 is assigned twice");
    }

    [TestMethod]
    public void NoisyBoardStillReadsWithinAFewLsb()
    {
        var f = new DiscreteFixture(seed: 7, tiaNoiseMillivolts: 1.0);
        f.Board.SetConductanceMicrosiemens(0, 0, 50);
        double sum = 0;
        for (int i = 0; i < 16; i++)
            sum += f.SenseToMicrosiemens(f.Driver.ReadCell(0, 0, 0));
        Assert.AreEqual(50, sum / 16, 0.5, "16 averaged reads with 1 mV TIA noise");
    }

    private sealed class ZeroBus : CimController.Protocol.Board.ISpiBus
    {
        public void Transfer(byte[] tx, byte[] rx, int count) => Array.Clear(rx, 0, count);
    }
}

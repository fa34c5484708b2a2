using System;
using CimController.Emulator;
using CimController.Firmware;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.DiscreteBoard.Tests;

/// <summary>ICimBoard over the register-map board, and the host-silence watchdog over any ICimBoard.</summary>
[TestClass]
public sealed class BoardInterfaceTests
{
    private static (BoardEmulator Emulator, RegisterMapBoard Board) RegisterBoard()
    {
        var emulator = new BoardEmulator(new EmulatorOptions { ProfileName = "ideal", Seed = 1, Noise = false });
        var config = new FirmwareConfig { ProfileName = "ideal", MaxSetMillivolts = 3000, MaxResetMillivolts = 3000, MinPulseWidthNs = 10, MaxPulseWidthNs = 10000 };
        var board = new RegisterMapBoard(new BoardDriver(emulator, 100), config);
        board.Init(100);
        return (emulator, board);
    }

    [TestMethod]
    public void RegisterMapBoardForwardsTheDriver()
    {
        var (emulator, board) = RegisterBoard();
        ICimBoard b = board;
        Assert.AreEqual(4, b.Tiles);
        Assert.AreEqual(64, b.Rows);
        Assert.AreEqual(100000u, b.ReadMicrovolts);
        emulator.SetConductanceMicrosiemens(1, 2, 3, 40);
        b.SelectTile(1);
        int code = b.ReadSelectedCell(2, 3);
        Assert.AreEqual(40, code * (double)b.SenseLsbPicoamps / b.ReadMicrovolts, 0.05);
    }

    [TestMethod]
    public void RegisterMapBoardPulsesWithinLimitsAndRefusesBeyond()
    {
        var (emulator, board) = RegisterBoard();
        emulator.SetConductanceMicrosiemens(0, 5, 6, 30);
        board.ApplyPulse(0, 5, 6, 3000, 10000, 2);
        Assert.IsTrue(emulator.GetConductanceMicrosiemens(0, 5, 6) > 30, "SET raised the conductance");
        Assert.AreEqual(2u, board.ReadPulses());
        double g = emulator.GetConductanceMicrosiemens(0, 5, 6);
        var e = Assert.ThrowsExactly<ProtocolException>(() => board.ApplyPulse(0, 5, 6, 3100, 10000, 1));
        Assert.AreEqual(ErrorCode.PulseLimit, e.Code);
        Assert.ThrowsExactly<ProtocolException>(() => board.ApplyPulse(0, 5, 6, -3000, 20000, 1));
        Assert.ThrowsExactly<ProtocolException>(() => board.ApplyPulse(0, 64, 6, 3000, 10000, 1));
        Assert.AreEqual(g, emulator.GetConductanceMicrosiemens(0, 5, 6), 1e-12);
        Assert.AreEqual(2u, board.ReadPulses());
        board.SelectTile(2);
        emulator.SetConductanceMicrosiemens(2, 1, 1, 50);
        board.ApplyPulseToSelected(1, 1, -3000, 10000, 3);
        Assert.IsTrue(emulator.GetConductanceMicrosiemens(2, 1, 1) < 50, "RESET on the selected tile lowered the conductance");
        Assert.AreEqual(8190, board.MaxPulseMillivolts, "PULSE_LIMITS: 4095 x 2 mV");
        Assert.AreEqual(100_000u, board.MaxPulseWidthNs, "PULSE_LIMITS: 10 x 10 us");
    }

    [TestMethod]
    public void WatchdogSoftResetsTheBoardOnceAfterSilenceAndKeepsServing()
    {
        var f = new DiscreteFixture();
        var link = new QueueLink();
        var watchdog = new SilenceWatchdogLink(link, f.Driver, f.Clock, 3000);
        byte[] buffer = new byte[16];

        // Something leaves the board in pulse mode (as if a host vanished mid-session).
        f.Board.Dac.Transfer(new byte[] { 0x7F, 0xFF }, new byte[2], 2);
        f.Board.Dac.Transfer(new byte[] { 0xA0, 0x02 }, new byte[2], 2);
        Assert.IsTrue(f.Board.PulseMode);

        f.Clock.Microseconds += 2_000_000;
        Assert.AreEqual(0, watchdog.Read(buffer, 0, 16, 100));
        Assert.AreEqual(0, watchdog.SafeStates, "2 s of silence: not yet");
        f.Clock.Microseconds += 1_500_000;
        Assert.AreEqual(0, watchdog.Read(buffer, 0, 16, 100));
        Assert.AreEqual(1, watchdog.SafeStates);
        Assert.IsTrue(watchdog.IsSafe);
        Assert.IsFalse(f.Board.PulseMode, "safe state: TIAs measuring, every line at rest");
        f.Clock.Microseconds += 10_000_000;
        watchdog.Read(buffer, 0, 16, 100);
        Assert.AreEqual(1, watchdog.SafeStates, "once per silence");

        link.Incoming = new byte[] { 1, 2, 3 };
        Assert.AreEqual(3, watchdog.Read(buffer, 0, 16, 100), "keeps serving");
        Assert.IsFalse(watchdog.IsSafe);
        f.Clock.Microseconds += 3_000_000;
        watchdog.Read(buffer, 0, 16, 100);
        Assert.AreEqual(2, watchdog.SafeStates, "a new silence after the host spoke");
    }

    [TestMethod]
    public void WatchdogSurvivesABoardThatDoesNotAnswer()
    {
        var link = new QueueLink();
        var clock = new BoardClock();
        var watchdog = new SilenceWatchdogLink(link, new FailingBoard(), clock, 10);
        clock.Microseconds += 20_000;
        Assert.AreEqual(0, watchdog.Read(new byte[4], 0, 4, 1));
        Assert.IsTrue(watchdog.LastSafeStateFailed);
        Assert.AreEqual(0, watchdog.SafeStates);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SilenceWatchdogLink(link, new FailingBoard(), clock, 0));
    }

    private sealed class QueueLink : IHostLink
    {
        public byte[]? Incoming { get; set; }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (Incoming == null)
                return 0;
            int n = Math.Min(count, Incoming.Length);
            Array.Copy(Incoming, 0, buffer, offset, n);
            Incoming = null;
            return n;
        }

        public void Write(byte[] buffer, int offset, int count) { }
    }

    private sealed class FailingBoard : ICimBoard
    {
        public bool IsInitialized => true;
        public int Tiles => 1;
        public int Rows => 1;
        public int Columns => 1;
        public int RowDacBits => 8;
        public int AdcBits => 8;
        public int WordLineDacBits => 0;
        public int ColumnsPerAdc => 1;
        public uint AdcFullScaleNanoamps => 1;
        public uint ReadMicrovolts => 1;
        public uint ClockKilohertz => 1;
        public uint SenseLsbPicoamps => 1;
        public int MaxPulseMillivolts => 0;
        public uint MinPulseWidthNs => 1;
        public uint MaxPulseWidthNs => 1;
        public void ApplyPulseToSelected(int row, int col, int millivolts, uint widthNs, int count) { }
        public void Init(int readMillivolts) { }
        public void SoftReset() => throw new BoardException(ErrorCode.BoardTimeout, 0, "no answer");
        public void ClearCounters() { }
        public void Mac(int tile, int row0, int rows, int col0, int cols, int vectors, byte[] input, int inputOffset, byte[] output, int outputOffset) { }
        public void MacSummed(int tile, int row0, int rows, int col0, int cols, int vectors, int conversions, byte[] input, int inputOffset, byte[] output, int outputOffset) { }
        public void MacRowCopies(int tile, int row0, int rows, int copies, int col0, int cols, int vectors, int conversions, bool summed, byte[] input, int inputOffset, byte[] output, int outputOffset) { }
        public void SelectTile(int tile) { }
        public int ReadSelectedCell(int row, int col) => 0;
        public long AppliedPulseMicrovolts(int millivolts) => millivolts * 1000L;
        public ulong AppliedPulseWidthNs(uint widthNs) => widthNs;
        public ulong ReadCycles() => 0;
        public uint ReadTileOps() => 0;
        public ulong ReadEnergyPicojoules() => 0;
        public uint ReadPulses() => 0;
        public uint ReadCellReads() => 0;
    }
}

[TestClass]
public sealed class EmulatorProfileTests
{
    [TestMethod]
    public void ProfileGivesTheCellRangeAndThresholds()
    {
        var profile = CimController.Emulator.DeviceProfile.Load("ideal");
        var o = CimController.DiscreteBoard.Emulator.DiscreteBoardEmulatorOptions.FromProfile(profile);
        Assert.AreEqual(profile.ConductanceMinMicrosiemens, o.ConductanceMinMicrosiemens);
        Assert.AreEqual(profile.ConductanceMaxMicrosiemens, o.ConductanceMaxMicrosiemens);
        Assert.AreEqual(profile.SetThresholdVolts, o.SetThresholdVolts);
        Assert.AreEqual(profile.MaxResetVolts, o.MaxResetVolts);
        var board = new CimController.DiscreteBoard.Emulator.DiscreteBoardEmulator(o);
        for (int r = 0; r < o.Rows; r++)
            for (int c = 0; c < o.Columns; c++)
            {
                double g = board.GetConductanceMicrosiemens(r, c);
                Assert.IsTrue(g >= profile.InitialMinMicrosiemens && g <= profile.InitialMaxMicrosiemens, $"cell ({r},{c}) {g} uS inside the profile's initial range");
            }
    }
}

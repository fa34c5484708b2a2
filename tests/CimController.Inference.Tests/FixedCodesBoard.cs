using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Inference.Tests;

/// <summary>
/// A 4 x 64x64 board whose MAC answers each column with half of a row's DAC code: isolates the firmware's Forward from
/// the emulator (its allocations, its quantiser). With <see cref="RecordCodes"/> it keeps the DAC codes every Mac call
/// carried, per tile and first column.
/// </summary>
internal sealed class FixedCodesBoard : CimController.Firmware.ICimBoard
{
    private readonly Dictionary<(int Tile, int Column), List<byte>> _codes = new();

    /// <summary>Keep the codes of every Mac call (allocates; off for allocation measurements).</summary>
    public bool RecordCodes { get; init; }

    /// <summary>The codes the Mac calls on <paramref name="tile"/> from <paramref name="column"/> carried, in call order; asserts there are <paramref name="count"/>.</summary>
    public byte[] CodesOf(int tile, int column, int count)
    {
        List<byte> all = _codes[(tile, column)];
        Assert.AreEqual(count, all.Count, "codes the block's Mac calls carried");
        return all.ToArray();
    }

    public bool IsInitialized => true;
    public int Tiles => 4;
    public int Rows => 64;
    public int Columns => 64;
    public int RowDacBits => 8;
    public int AdcBits => 8;
    public int WordLineDacBits => 10;
    public int ColumnsPerAdc => 8;
    public uint AdcFullScaleNanoamps => 70000;
    public uint ReadMicrovolts => 100000;
    public uint ClockKilohertz => 100000;
    public uint SenseLsbPicoamps => 1000;
    public int MaxPulseMillivolts => 3000;
    public uint MinPulseWidthNs => 10;
    public uint MaxPulseWidthNs => 10000;
    public void Init(int readMillivolts) { }
    public void SoftReset() { }
    public void ClearCounters() { }

    public void Mac(int tile, int row0, int rows, int col0, int cols, int vectors, byte[] input, int inputOffset, byte[] output, int outputOffset)
    {
        if (RecordCodes)
        {
            if (!_codes.TryGetValue((tile, col0), out List<byte>? list)) _codes[(tile, col0)] = list = new List<byte>();
            for (int i = 0; i < vectors * rows; i++) list.Add(input[inputOffset + i]);
        }
        for (int i = 0; i < vectors * cols; i++) output[outputOffset + i] = (byte)(input[inputOffset + (i % rows)] >> 1);
    }

    public void MacSummed(int tile, int row0, int rows, int col0, int cols, int vectors, int conversions, byte[] input, int inputOffset, byte[] output, int outputOffset)
        => throw new NotSupportedException("the inference tests use single conversions");
    public void MacRowCopies(int tile, int row0, int rows, int copies, int col0, int cols, int vectors, int conversions, bool summed, byte[] input, int inputOffset, byte[] output, int outputOffset)
        => throw new NotSupportedException("the inference tests drive every row with its own code");
    public int ReadCell(int tile, int row, int col) => 0;
    public void SelectTile(int tile) { }
    public int ReadSelectedCell(int row, int col) => 0;
    public long AppliedPulseMicrovolts(int millivolts) => millivolts * 1000L;
    public ulong AppliedPulseWidthNs(uint widthNs) => widthNs;
    public void ApplyPulse(int tile, int row, int col, int millivolts, uint widthNs, int count) { }
    public void ApplyPulseToSelected(int row, int col, int millivolts, uint widthNs, int count) { }
    public ulong ReadCycles() => 0;
    public uint ReadTileOps() => 0;
    public ulong ReadEnergyPicojoules() => 0;
    public uint ReadPulses() => 0;
    public uint ReadCellReads() => 0;
}

/// <summary>A firmware clock that never moves.</summary>
internal sealed class StoppedClock : CimController.Firmware.IClock
{
    public long NowMs => 0;
}

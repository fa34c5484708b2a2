using System;
using CimController.Firmware;
using CimController.Protocol;

namespace CimController.Firmware.Tests;

/// <summary>
/// A board in front of a real one that refuses the next pulse to one chosen cell with a board error (as a board that
/// faults mid-command would), once it is armed; everything else goes straight through.
/// </summary>
public sealed class FaultingBoard : ICimBoard
{
    private readonly ICimBoard _inner;
    private int _selectedTile;
    private (int Tile, int Row, int Col)? _armed;

    public FaultingBoard(ICimBoard inner) => _inner = inner;

    /// <summary>Pulses refused so far.</summary>
    public int Faults { get; private set; }

    /// <summary>Makes the next pulse to (tile, row, col) throw a BoardError.</summary>
    public void FailNextPulseTo(int tile, int row, int col) => _armed = (tile, row, col);

    private void MaybeFail(int tile, int row, int col)
    {
        if (_armed is { } a && a.Tile == tile && a.Row == row && a.Col == col)
        {
            _armed = null;
            Faults++;
            throw new BoardException(ErrorCode.BoardError, 7, $"injected fault: pulse to tile {tile} row {row} column {col} refused by the board");
        }
    }

    public bool IsInitialized => _inner.IsInitialized;
    public int Tiles => _inner.Tiles;
    public int Rows => _inner.Rows;
    public int Columns => _inner.Columns;
    public int RowDacBits => _inner.RowDacBits;
    public int AdcBits => _inner.AdcBits;
    public int WordLineDacBits => _inner.WordLineDacBits;
    public int ColumnsPerAdc => _inner.ColumnsPerAdc;
    public uint AdcFullScaleNanoamps => _inner.AdcFullScaleNanoamps;
    public uint ReadMicrovolts => _inner.ReadMicrovolts;
    public uint ClockKilohertz => _inner.ClockKilohertz;
    public uint SenseLsbPicoamps => _inner.SenseLsbPicoamps;
    public int MaxPulseMillivolts => _inner.MaxPulseMillivolts;
    public uint MinPulseWidthNs => _inner.MinPulseWidthNs;
    public uint MaxPulseWidthNs => _inner.MaxPulseWidthNs;
    public long AppliedPulseMicrovolts(int millivolts) => _inner.AppliedPulseMicrovolts(millivolts);
    public ulong AppliedPulseWidthNs(uint widthNs) => _inner.AppliedPulseWidthNs(widthNs);
    public void Init(int readMillivolts) => _inner.Init(readMillivolts);
    public void SoftReset() => _inner.SoftReset();
    public void ClearCounters() => _inner.ClearCounters();
    public void Mac(int tile, int row0, int rows, int col0, int cols, int vectors, byte[] input, int inputOffset, byte[] output, int outputOffset) =>
        _inner.Mac(tile, row0, rows, col0, cols, vectors, input, inputOffset, output, outputOffset);
    public void MacSummed(int tile, int row0, int rows, int col0, int cols, int vectors, int conversions, byte[] input, int inputOffset, byte[] output, int outputOffset) =>
        _inner.MacSummed(tile, row0, rows, col0, cols, vectors, conversions, input, inputOffset, output, outputOffset);
    public void MacRowCopies(int tile, int row0, int rows, int copies, int col0, int cols, int vectors, int conversions, bool summed, byte[] input, int inputOffset, byte[] output, int outputOffset) =>
        _inner.MacRowCopies(tile, row0, rows, copies, col0, cols, vectors, conversions, summed, input, inputOffset, output, outputOffset);
    public void SelectTile(int tile)
    {
        _inner.SelectTile(tile);
        _selectedTile = tile;
    }
    public int ReadSelectedCell(int row, int col) => _inner.ReadSelectedCell(row, col);
    public void ApplyPulseToSelected(int row, int col, int millivolts, uint widthNs, int count)
    {
        MaybeFail(_selectedTile, row, col);
        _inner.ApplyPulseToSelected(row, col, millivolts, widthNs, count);
    }
    public ulong ReadCycles() => _inner.ReadCycles();
    public uint ReadTileOps() => _inner.ReadTileOps();
    public ulong ReadEnergyPicojoules() => _inner.ReadEnergyPicojoules();
    public uint ReadPulses() => _inner.ReadPulses();
    public uint ReadCellReads() => _inner.ReadCellReads();
}

using System;

namespace CimController.Learning.Mapping;

/// <summary>
/// Physical size of one crossbar array: <see cref="Rows"/> drive lines (inputs) by <see cref="Columns"/> bit lines.
/// Weights are differential pairs on adjacent columns, so an array holds <see cref="PairsPerTile"/> = Columns / 2
/// logical outputs.
/// </summary>
/// <param name="Rows">Rows (fan-in per array).</param>
/// <param name="Columns">Physical columns (even).</param>
public readonly record struct TileGeometry(int Rows, int Columns)
{
    /// <summary>The Wu 2023 SoC tile: 64x64 1T1R b-RRAM.</summary>
    public static TileGeometry Wu64x64 => new(64, 64);

    /// <summary>The array of Wu 2023's hardware-aware simulation (Table 1): 256x64.</summary>
    public static TileGeometry Wu256x64 => new(256, 64);

    /// <summary>Logical outputs per array: Columns / 2 (column 2j holds G+, column 2j+1 holds G- of output j).</summary>
    public int PairsPerTile => Columns / 2;

    /// <summary>Throws unless rows &gt;= 1 and columns is a positive even number.</summary>
    public void Validate()
    {
        if (Rows < 1 || Columns < 2 || Columns % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Columns), $"tile {Rows}x{Columns}: need rows >= 1 and an even number of columns >= 2");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Rows}x{Columns}";
}

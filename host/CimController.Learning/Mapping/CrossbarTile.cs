using System;

namespace CimController.Learning.Mapping;

/// <summary>
/// One array's share of a layer: its <see cref="Slot"/>, its scaling factor and the conductances to program.
/// Conductances are [RowCount, 2 OutputCount] row-major in siemens, physical column 2j = G+ and 2j + 1 = G- of
/// output OutputStart + j; the weight they hold is w = Scale (G+ - G-).
/// </summary>
public sealed class CrossbarTile
{
    /// <summary>Creates a tile; <paramref name="conductances"/> must be [RowCount, 2 OutputCount].</summary>
    public CrossbarTile(TileSlot slot, double scale, double[] conductances)
    {
        ArgumentNullException.ThrowIfNull(conductances);
        if (conductances.Length != slot.RowCount * slot.PhysicalColumns)
        {
            throw new ArgumentException($"tile {slot.Index}: {conductances.Length} conductances, expected {slot.RowCount}x{slot.PhysicalColumns}");
        }

        Slot = slot;
        Scale = scale;
        Conductances = conductances;
    }

    /// <summary>Which block of the weight matrix this array holds.</summary>
    public TileSlot Slot { get; }

    /// <summary>Per-array scaling factor s in weight units per siemens: w = s (G+ - G-).</summary>
    public double Scale { get; }

    /// <summary>Conductances [RowCount, 2 OutputCount] in siemens.</summary>
    public double[] Conductances { get; }

    /// <summary>G+ of tile row <paramref name="row"/>, tile output <paramref name="output"/>.</summary>
    public double Plus(int row, int output) => Conductances[(row * Slot.PhysicalColumns) + (2 * output)];

    /// <summary>G- of tile row <paramref name="row"/>, tile output <paramref name="output"/>.</summary>
    public double Minus(int row, int output) => Conductances[(row * Slot.PhysicalColumns) + (2 * output) + 1];
}

using CimController.Learning.Mapping;

namespace CimController.Crossbar;

/// <summary>Where one array-sized block (a <see cref="TileSlot"/>) of a layer sits on the board: physical tile, first column; rows start at 0.</summary>
/// <param name="Layer">Crossbar layer index.</param>
/// <param name="Slot">The block of the layer's [FanIn, Outputs] matrix.</param>
/// <param name="Tile">Physical tile.</param>
/// <param name="Column">First physical column (G+ of the block's first output).</param>
/// <param name="Copies">Copies of the block stacked on the array's rows (copy c on rows c x RowCount ..): the same input drives
/// every copy, so the column currents add and the signal grows c-fold for one conversion (Table 2's "copies", used for
/// signal). Each copy is its own set of device pairs with the same W_FP.</param>
public sealed record PlacedSlot(int Layer, TileSlot Slot, int Tile, int Column, int Copies = 1)
{
    /// <summary>Physical rows used: Copies x RowCount.</summary>
    public int PhysicalRows => Copies * Slot.RowCount;
}

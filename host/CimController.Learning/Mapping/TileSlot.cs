namespace CimController.Learning.Mapping;

/// <summary>
/// Where a block of a layer's weight matrix goes: rows [RowStart, RowStart + RowCount) and logical outputs
/// [OutputStart, OutputStart + OutputCount) of the [FanIn, Outputs] matrix land on array <see cref="Index"/>, weight
/// (r, n) on tile row r - RowStart and physical columns 2 (n - OutputStart) (G+) and 2 (n - OutputStart) + 1 (G-).
/// </summary>
/// <param name="Index">Array number within the layer (row blocks outer, output blocks inner).</param>
/// <param name="RowBlock">Which row block (partial sums of row blocks are added digitally).</param>
/// <param name="OutputBlock">Which output block.</param>
/// <param name="RowStart">First weight-matrix row.</param>
/// <param name="RowCount">Rows used on the array.</param>
/// <param name="OutputStart">First logical output.</param>
/// <param name="OutputCount">Logical outputs (pairs) used on the array.</param>
public readonly record struct TileSlot(int Index, int RowBlock, int OutputBlock, int RowStart, int RowCount, int OutputStart, int OutputCount)
{
    /// <summary>Physical columns used: 2 x OutputCount.</summary>
    public int PhysicalColumns => 2 * OutputCount;
}

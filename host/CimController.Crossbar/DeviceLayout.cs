using System;
using System.Collections.Generic;
using CimController.Learning.Mapping;
using CimController.Learning.Models;

namespace CimController.Crossbar;

/// <summary>
/// The device map of a network on a board: every crossbar layer is cut into array-sized blocks (Wu 2023: im2col rows,
/// differential pairs on adjacent columns, tiling with partial sums added digitally; <see cref="CrossbarMapping.Plan"/>),
/// and the blocks are packed column-first onto the board's tiles (several small blocks share a tile in different column
/// windows). Device pairs are numbered layer after layer, copy after copy, row-major within a copy (the order of
/// Parameter.Value), which is the index the firmware's accumulator uses; without copies a pair's index is its weight's.
/// </summary>
public sealed class DeviceLayout
{
    private readonly int[] _slotOfWeight;

    private DeviceLayout(IReadOnlyList<PlacedSlot> slots, int[] layerStart, int[] layerFanIn, int[] layerOutputs, int[] layerCopies, int rows, int columns, int tiles)
    {
        Slots = slots;
        LayerCopies = layerCopies;
        LayerStart = layerStart;
        LayerFanIn = layerFanIn;
        LayerOutputs = layerOutputs;
        TileRows = rows;
        TileColumns = columns;
        Tiles = tiles;
        Weights = layerStart[^1];
        _slotOfWeight = new int[Weights];
        for (int s = 0; s < slots.Count; s++)
        {
            PlacedSlot p = slots[s];
            int n = layerOutputs[p.Layer];
            int copySize = layerFanIn[p.Layer] * n;
            for (int c = 0; c < p.Copies; c++)
            {
                for (int r = 0; r < p.Slot.RowCount; r++)
                {
                    for (int j = 0; j < p.Slot.OutputCount; j++)
                    {
                        _slotOfWeight[layerStart[p.Layer] + (c * copySize) + ((p.Slot.RowStart + r) * n) + p.Slot.OutputStart + j] = s;
                    }
                }
            }
        }
    }

    /// <summary>The placed blocks, layer after layer.</summary>
    public IReadOnlyList<PlacedSlot> Slots { get; }

    /// <summary>First global weight index of each layer, plus the total at the end (length layers + 1).</summary>
    public int[] LayerStart { get; }

    /// <summary>Fan-in of each layer.</summary>
    public int[] LayerFanIn { get; }

    /// <summary>Outputs of each layer.</summary>
    public int[] LayerOutputs { get; }

    /// <summary>Copies of each layer's weights on the board (1 = none).</summary>
    public int[] LayerCopies { get; }

    /// <summary>Rows per tile.</summary>
    public int TileRows { get; }

    /// <summary>Columns per tile.</summary>
    public int TileColumns { get; }

    /// <summary>Tiles on the board.</summary>
    public int Tiles { get; }

    /// <summary>Device pairs (mapped weights times their copies).</summary>
    public int Weights { get; }

    /// <summary>Crossbar layers.</summary>
    public int Layers => LayerFanIn.Length;

    /// <summary>Index into <see cref="Slots"/> of the block holding weight <paramref name="index"/>.</summary>
    public int SlotOf(int index) => _slotOfWeight[index];

    /// <summary>Physical address of weight <paramref name="index"/>: tile, row, column of G+ (G- at column + 1).</summary>
    public (int Tile, int Row, int Column) AddressOf(int index)
    {
        PlacedSlot p = Slots[_slotOfWeight[index]];
        int layer = p.Layer;
        int local = index - LayerStart[layer];
        int copySize = LayerFanIn[layer] * LayerOutputs[layer];
        int copy = local / copySize;
        local %= copySize;
        int r = local / LayerOutputs[layer], n = local % LayerOutputs[layer];
        return (p.Tile, (copy * p.Slot.RowCount) + r - p.Slot.RowStart, p.Column + (2 * (n - p.Slot.OutputStart)));
    }

    /// <summary>Index into the layer's weight matrix (Parameter.Value) of device pair <paramref name="index"/> (every copy of a weight gives the same).</summary>
    public int LocalIndexOf(int index)
    {
        int layer = LayerOf(index);
        return (index - LayerStart[layer]) % (LayerFanIn[layer] * LayerOutputs[layer]);
    }

    /// <summary>Crossbar layer of weight <paramref name="index"/>.</summary>
    public int LayerOf(int index) => Slots[_slotOfWeight[index]].Layer;

    /// <summary>
    /// Plans the layout of <paramref name="network"/> on tiles of <paramref name="rows"/> x <paramref name="columns"/>;
    /// <paramref name="copies"/> per crossbar layer (missing entries: 1) stacks that many copies of a layer on the rows of
    /// its array, which needs the layer to fit one row block (copies x fan-in &lt;= rows).
    /// </summary>
    public static DeviceLayout Plan(Network network, int rows, int columns, int tiles, IReadOnlyList<int>? copies = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var geometry = new TileGeometry(rows, columns);
        var used = new int[tiles];
        var slots = new List<PlacedSlot>();
        int layers = network.CrossbarLayers.Count;
        var start = new int[layers + 1];
        var fanIn = new int[layers];
        var outs = new int[layers];
        var copiesOf = new int[layers];
        for (int l = 0; l < layers; l++)
        {
            var layer = network.CrossbarLayers[l];
            int c = copies is not null && l < copies.Count ? copies[l] : 1;
            if (!CopiesFit(layer.FanIn, c, rows))
            {
                throw new ArgumentException(
                    $"{c} copies of layer {layer.Name} (fan-in {layer.FanIn}) do not fit one array of {rows} rows: copies must be 1..{Math.Max(1, rows / layer.FanIn)} for this layer");
            }

            copiesOf[l] = c;
            fanIn[l] = layer.FanIn;
            outs[l] = layer.Outputs;
            start[l + 1] = start[l] + (c * layer.FanIn * layer.Outputs);
            foreach (TileSlot slot in CrossbarMapping.Plan(layer.FanIn, layer.Outputs, geometry))
            {
                int tile = Array.FindIndex(used, u => u + slot.PhysicalColumns <= columns);
                if (tile < 0)
                {
                    throw new InvalidOperationException(
                        $"{network.Name} does not fit the board: layer {layer.Name} block {slot.Index} needs {slot.PhysicalColumns} columns and all {tiles} tiles of {rows}x{columns} are full");
                }

                slots.Add(new PlacedSlot(l, slot, tile, used[tile], c));
                used[tile] += slot.PhysicalColumns;
            }
        }

        return new DeviceLayout(slots, start, fanIn, outs, copiesOf, rows, columns, tiles);
    }

    /// <summary>
    /// The copies rule: <paramref name="copies"/> &gt;= 1, and more than one copy only of a layer whose copies all stand
    /// on the rows of one array (copies x fan-in &lt;= rows), so that the same input codes drive every copy.
    /// </summary>
    public static bool CopiesFit(int fanIn, int copies, int rows) => copies >= 1 && (copies == 1 || copies * fanIn <= rows);

    /// <summary>Arrays of <paramref name="rows"/> x <paramref name="columns"/> that <paramref name="network"/> needs with its blocks packed as <see cref="Plan"/> packs them.</summary>
    public static int ArraysNeeded(Network network, int rows, int columns, IReadOnlyList<int>? copies = null) =>
        Plan(network, rows, columns, UnboundedTiles, copies).TilesUsed;

    /// <summary>A tile count no board reaches, for <see cref="ArraysNeeded"/>.</summary>
    private const int UnboundedTiles = 1 << 16;

    /// <summary>
    /// The default copies: the first crossbar layer twice when two copies fit one array of <paramref name="rows"/> rows
    /// (LeNet conv1: 25 rows, 50 of 64; its 576 input vectors per image are pixel patches whose codes reach 255 long before
    /// the column currents reach the ADC range, so a second copy doubles the signal of the one conversion), the rest once.
    /// </summary>
    public static int[] DefaultCopies(Network network, int rows)
    {
        ArgumentNullException.ThrowIfNull(network);
        var copies = new int[network.CrossbarLayers.Count];
        Array.Fill(copies, 1);
        if (copies.Length > 0 && 2 * network.CrossbarLayers[0].FanIn <= rows)
        {
            copies[0] = 2;
        }

        return copies;
    }

    /// <summary>Rebuilds a layout from saved slots (checkpoints); a layer's copies are those of its slots.</summary>
    public static DeviceLayout FromSlots(IReadOnlyList<PlacedSlot> slots, int[] layerFanIn, int[] layerOutputs, int rows, int columns, int tiles)
    {
        var copies = new int[layerFanIn.Length];
        Array.Fill(copies, 1);
        foreach (PlacedSlot p in slots)
        {
            copies[p.Layer] = p.Copies;
        }

        var start = new int[layerFanIn.Length + 1];
        for (int l = 0; l < layerFanIn.Length; l++)
        {
            start[l + 1] = start[l] + (copies[l] * layerFanIn[l] * layerOutputs[l]);
        }

        return new DeviceLayout(slots, start, layerFanIn, layerOutputs, copies, rows, columns, tiles);
    }

    /// <summary>Tiles that hold at least one block.</summary>
    public int TilesUsed
    {
        get
        {
            var set = new HashSet<int>();
            foreach (PlacedSlot s in Slots)
            {
                set.Add(s.Tile);
            }

            return set.Count;
        }
    }
}

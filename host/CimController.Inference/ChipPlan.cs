using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Crossbar;
using CimController.Learning.Layers;
using CimController.Learning.Mapping;
using CimController.Learning.Models;
using CimController.Learning.Tensors;

namespace CimController.Inference;

/// <summary>One array-sized block of a crossbar layer placed on the board: tile, tile row 0 and first column (G+ of its first output).</summary>
/// <param name="Layer">Crossbar layer index (<see cref="CrossbarLayer.CrossbarIndex"/>).</param>
/// <param name="Tile">The block's conductances and per-array scale s (weight units per siemens).</param>
/// <param name="BoardTile">Physical tile.</param>
/// <param name="Column">First physical column.</param>
public sealed record PlacedBlock(int Layer, CrossbarTile Tile, int BoardTile, int Column)
{
    /// <summary>The block of the layer's matrix.</summary>
    public TileSlot Slot => Tile.Slot;
}

/// <summary>A model larger than the board's arrays; the message says how many it needs.</summary>
public sealed class ModelTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelTooLargeException(string message, int arraysNeeded) : base(message) => ArraysNeeded = arraysNeeded;

    /// <summary>Arrays the model needs with blocks packed side by side.</summary>
    public int ArraysNeeded { get; }
}

/// <summary>The board facts the mapping needs (from Info).</summary>
/// <param name="Tiles">Arrays on the board.</param>
/// <param name="Rows">Rows per array.</param>
/// <param name="Columns">Columns per array.</param>
/// <param name="ReadVolts">Read voltage of the MAC.</param>
/// <param name="AdcLsbAmperes">Current of one ADC code.</param>
/// <param name="AdcMaxCode">Top ADC code.</param>
public sealed record BoardShape(int Tiles, int Rows, int Columns, double ReadVolts, double AdcLsbAmperes, int AdcMaxCode = 255)
{
    /// <summary>The Wu 2023 SoC as emulated: 4 tiles of 64x64, 0.1 V, 8-bit ADC over 0-70 uA.</summary>
    public static BoardShape Wu2023 => new(4, 64, 64, 0.1, 70e-6 / 255);

    /// <summary>Array geometry.</summary>
    public TileGeometry Geometry => new(Rows, Columns);
}

/// <summary>
/// The map of a network onto a board (Wu 2023: im2col rows, differential pairs w = s (G+ - G-) on adjacent columns,
/// per-array scale s = max|w| / (Gmax - Gmin), tiling with partial sums of row blocks added digitally;
/// <see cref="CrossbarMapping.Map"/>), the blocks placed by the training's <see cref="DeviceLayout"/> (packed
/// column-first onto the board's arrays, small blocks sharing an array in column windows), and per block the static input scale
/// q (activation units per DAC code) calibrated on sample images and the output scale k = 256 q s LSB / V_read of the
/// firmware's z = k (code+ - code-).
/// </summary>
public sealed class ChipPlan
{
    private ChipPlan(Network network, BoardShape board, ConductanceRange range, IReadOnlyList<PlacedBlock> blocks)
    {
        Network = network;
        Board = board;
        Range = range;
        Blocks = blocks;
        InputScale = new float[blocks.Count];
        OutputScale = new float[blocks.Count];
        CodeMax = new byte[blocks.Count];
        Repeats = new int[blocks.Count];
        Array.Fill(Repeats, 1);
        Copies = new int[blocks.Count];
        Array.Fill(Copies, 1);
    }

    /// <summary>The network (weights as mapped).</summary>
    public Network Network { get; }

    /// <summary>The board.</summary>
    public BoardShape Board { get; }

    /// <summary>Conductance window and levels used.</summary>
    public ConductanceRange Range { get; }

    /// <summary>Placed blocks, layer after layer.</summary>
    public IReadOnlyList<PlacedBlock> Blocks { get; }

    /// <summary>Input scale q per block.</summary>
    public float[] InputScale { get; }

    /// <summary>Output scale k per block.</summary>
    public float[] OutputScale { get; }

    /// <summary>
    /// Per block, the DAC code the firmware gives each vector's largest input (per-vector input scale), calibrated with the
    /// training's input rule (<see cref="CimController.Crossbar.InputScaleRule"/>: a vector's codes grow until its largest
    /// predicted column current reaches the current target, at most code 255): the smallest such code over the
    /// calibration vectors, floor(target FS 256 / (V_read copies max_v (max_c sum_r G_rc x_rv / max_r x_rv))), at most 255,
    /// so no calibration vector passes the target.
    /// </summary>
    public byte[] CodeMax { get; }

    /// <summary>Per block, conversions the firmware averages per input vector (1 = none); see <see cref="SetRepeats"/>.</summary>
    public int[] Repeats { get; }

    /// <summary>Sets each block's repeats from its layer: <paramref name="perLayer"/>[crossbar layer index], 1 where missing.</summary>
    public void SetRepeats(IReadOnlyList<int> perLayer)
    {
        for (int b = 0; b < Blocks.Count; b++)
        {
            int l = Blocks[b].Layer;
            Repeats[b] = l < perLayer.Count ? Math.Clamp(perLayer[l], 1, 64) : 1;
        }
    }

    /// <summary>Per block, copies of its rows stacked on the array (1 = none); see <see cref="SetCopies"/>.</summary>
    public int[] Copies { get; }

    /// <summary>Tile rows block <paramref name="b"/> drives: its rows times its copies.</summary>
    public int PhysicalRows(int b) => Blocks[b].Slot.RowCount * Copies[b];

    /// <summary>
    /// Sets each block's copies from its layer (<paramref name="perLayer"/>[crossbar layer index], 1 where missing), before
    /// <see cref="Calibrate"/>: a copied block's rows stand that many times on its array and the same input codes drive every
    /// copy (Wu 2023 Table 2's copies, used for signal). Only a convolution that fits one row block can be copied.
    /// </summary>
    public void SetCopies(IReadOnlyList<int> perLayer)
    {
        ArgumentNullException.ThrowIfNull(perLayer);
        for (int b = 0; b < Blocks.Count; b++)
        {
            int l = Blocks[b].Layer;
            int c = l < perLayer.Count ? perLayer[l] : 1;
            CrossbarLayer layer = Network.CrossbarLayers[l];
            if (!DeviceLayout.CopiesFit(layer.FanIn, c, Board.Rows) || (c > 1 && layer is not Conv2d))
            {
                throw new ArgumentException($"{c} copies of layer {layer.Name} (fan-in {layer.FanIn}) are not possible: copies need a convolution within one array of {Board.Rows} rows (at most {Math.Max(1, Board.Rows / layer.FanIn)} here)");
            }

            Copies[b] = c;
        }
    }

    /// <summary>Pixel value of code 1 (images are 0..255, the network sees pixel / 255).</summary>
    public float PixelScale { get; } = 1f / 255f;

    /// <summary>Devices (two per weight).</summary>
    public int Devices => Enumerable.Range(0, Blocks.Count).Sum(b => PhysicalRows(b) * Blocks[b].Slot.PhysicalColumns);

    /// <summary>Arrays used.</summary>
    public int ArraysUsed => Blocks.Select(b => b.BoardTile).Distinct().Count();

    /// <summary>
    /// Maps <paramref name="network"/> onto <paramref name="board"/> in <paramref name="range"/>. Throws
    /// <see cref="ModelTooLargeException"/> saying how many arrays it needs when it does not fit.
    /// </summary>
    public static ChipPlan Map(Network network, BoardShape board, ConductanceRange range)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(board);
        TileGeometry g = board.Geometry;
        var mapped = network.CrossbarLayers.Select(l => CrossbarMapping.Map(l.Weights.Value, l.FanIn, l.Outputs, g, range)).ToList();
        int needed = DeviceLayout.ArraysNeeded(network, board.Rows, board.Columns);
        if (needed > board.Tiles)
        {
            int table2 = mapped.Sum(m => m.Tiles.Count);
            throw new ModelTooLargeException(
                $"{network.Name} needs {needed} arrays of {g} (its {table2} array-sized blocks packed side by side; {network.DeviceCount:N0} devices as differential pairs); " +
                $"the board has {board.Tiles}. Give a smaller model (the Wu 2023 LeNet fits 4 arrays of 64x64) or a board with more or larger arrays (the emulator's --chip wu2023-256x64 or neurram48)", needed);
        }
        DeviceLayout layout = DeviceLayout.Plan(network, board.Rows, board.Columns, board.Tiles);
        var blocks = layout.Slots.Select(p => new PlacedBlock(p.Layer, mapped[p.Layer].Tiles[p.Slot.Index], p.Tile, p.Column)).ToList();
        return new ChipPlan(network, board, range, blocks);
    }

    /// <summary>
    /// Calibrates each block's input scale q from <paramref name="images"/> (pixels in [0, 1], image after image) run
    /// through the software network: q is the smallest scale at which the largest column current the block would draw
    /// for these inputs (from the programmed targets) is <paramref name="currentTarget"/> of the ADC full scale, but at
    /// least max x / (255 x 8) (inputs beyond 8x the code range clip at 255); k = 256 q s LSB / V_read. The firmware scales
    /// each vector from there with the block's code max (<see cref="CimController.Protocol.InputCodes"/>), which
    /// <see cref="InputScaleRule.BlockCodeMax"/> picks over these inputs, the rule training applies to each batch.
    /// </summary>
    public void Calibrate(float[] images, int count, double currentTarget = 0.85)
    {
        ArgumentNullException.ThrowIfNull(images);
        Network.Forward(Network.InputFrom(images, count));
        double fullScale = Board.AdcLsbAmperes * Board.AdcMaxCode;
        for (int b = 0; b < Blocks.Count; b++)
        {
            PlacedBlock p = Blocks[b];
            CrossbarLayer layer = Network.CrossbarLayers[p.Layer];
            ReadOnlySpan<float> x = layer.LastInputs.Span;
            int v = layer.LastVectorCount;
            TileSlot s = p.Slot;
            int cols = s.PhysicalColumns;
            double[] g = p.Tile.Conductances;
            double aMax = 0, xMax = 0;
            var acc = new double[cols];
            var vectorMax = new float[v];
            var vectorCurrent = new float[v];
            for (int vec = 0; vec < v; vec++)
            {
                Array.Clear(acc);
                double largest = 0, current = 0;
                for (int r = 0; r < s.RowCount; r++)
                {
                    double xv = x[((s.RowStart + r) * v) + vec];
                    if (xv <= 0) continue;
                    if (xv > largest) largest = xv;
                    int o = r * cols;
                    for (int c = 0; c < cols; c++) acc[c] += g[o + c] * xv;
                }
                for (int c = 0; c < cols; c++) if (acc[c] > current) current = acc[c];
                xMax = Math.Max(xMax, largest);
                aMax = Math.Max(aMax, current);
                vectorMax[vec] = (float)largest;
                vectorCurrent[vec] = (float)(current * 1e9); // nS x input units
            }
            aMax *= Copies[b]; // every copy adds the same current
            double qCurrent = Board.ReadVolts * aMax / (256.0 * currentTarget * fullScale);
            double q = Math.Max(qCurrent, xMax / (255.0 * 8));
            if (!(q > 0)) q = 1.0 / 255;
            InputScale[b] = (float)q;
            OutputScale[b] = (float)(256.0 * q * p.Tile.Scale * Board.AdcLsbAmperes / Board.ReadVolts / Copies[b]);
            CodeMax[b] = (byte)InputScaleRule.BlockCodeMax(vectorMax, vectorCurrent,
                Copies[b] * Board.ReadVolts / (256.0 * currentTarget * fullScale * 1e9), InputScaleRule.DefaultAboveTarget);
        }
    }

    /// <summary>Block <paramref name="b"/> as the chip map's placed slot (tile, first column, copies).</summary>
    public PlacedSlot SlotOf(int b) => new(Blocks[b].Layer, Blocks[b].Slot, Blocks[b].BoardTile, Blocks[b].Column, Copies[b]);

    /// <summary>
    /// The conductance targets of block <paramref name="b"/> in nS, the region layout of <see cref="ChipProgrammer.RegionTargets"/>
    /// (every copy holds the block's pairs).
    /// </summary>
    public uint[] TargetsNanosiemens(int b)
    {
        CrossbarTile tile = Blocks[b].Tile;
        int rowCount = tile.Slot.RowCount;
        return ChipProgrammer.RegionTargets(SlotOf(b),
            (row, j) => (PairTargets.FromSiemens(tile.Plus(row % rowCount, j)), PairTargets.FromSiemens(tile.Minus(row % rowCount, j))));
    }

    /// <summary>Describes the placement, one line per block.</summary>
    public IEnumerable<string> Describe() => Blocks.Select((p, i) =>
        $"{Network.CrossbarLayers[p.Layer].Name} block {p.Slot.Index}: rows {p.Slot.RowStart}+{p.Slot.RowCount}{(Copies[i] > 1 ? $" x{Copies[i]} copies" : "")}, outputs {p.Slot.OutputStart}+{p.Slot.OutputCount} -> tile {p.BoardTile} cols {p.Column}..{p.Column + p.Slot.PhysicalColumns - 1}, s {p.Tile.Scale:G4} w/S, q {InputScale[i]:G4}");

    /// <summary>Layers this firmware's program can express (Conv2d without padding, Linear, ReLU, MaxPool2d, Flatten).</summary>
    internal static void CheckLayers(Network network)
    {
        foreach (ILayer l in network.Layers)
        {
            switch (l)
            {
                case Conv2d c when c.Geometry.Padding != 0:
                    throw new NotSupportedException($"{network.Name} layer {c.Name}: padding {c.Geometry.Padding} is not supported by the firmware's network program (padding 0 only)");
                case Conv2d c when c.Geometry.KernelHeight != c.Geometry.KernelWidth:
                    throw new NotSupportedException($"{network.Name} layer {c.Name}: only square kernels are supported");
                case Conv2d or Linear or Relu or MaxPool2d or Flatten:
                    break;
                default:
                    throw new NotSupportedException($"{network.Name} layer {l.Name} ({l.GetType().Name}) is not supported by the firmware's network program (Conv2d, Linear, Relu, MaxPool2d, Flatten)");
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Numerics.Tensors;
using CimController.Crossbar;
using CimController.Host;
using CimController.Learning.Layers;
using CimController.Learning.Models;

namespace CimController.Training;

/// <summary>
/// A network mapped onto a board (Wu 2023 Sec. 2.5): the <see cref="DeviceLayout"/>, one scaling factor per array
/// (weight units per nS of G+ - G-), the device targets last programmed, and the chip forward pass
/// (<see cref="IActivationSource"/>) that runs every crossbar layer's blocks through <see cref="ChipForward"/>. Weights live as w = s (G+ - G-); a weight is written one-sided,
/// G+ = Gmin + max(w/s, 0), G- = Gmin + max(-w/s, 0). The layout's tiles may span several alike boards (a network spread
/// over them): tile t is tile t mod <see cref="TilesPerBoard"/> of board t / <see cref="TilesPerBoard"/>, and partial sums of
/// blocks on different boards are added on the host as those of one board.
/// </summary>
public sealed class ChipSession : IActivationSource
{
    private readonly IReadOnlyList<CimClient> _clients;
    private readonly Network _network;
    private readonly ChipProgrammer[] _programmers;
    private readonly ChipForward[] _forwards;

    /// <summary>Default of <see cref="CurrentTarget"/>.</summary>
    public const double DefaultCurrentTarget = InputScaleRule.DefaultCurrentTarget;

    /// <summary>Default of <see cref="ClipQuantile"/>.</summary>
    public const double DefaultClipQuantile = InputScaleRule.DefaultClipQuantile;

    /// <summary>Creates a session on one board; <paramref name="scales"/> per slot of <paramref name="layout"/>, weight per nS.</summary>
    public ChipSession(CimClient client, Network network, DeviceLayout layout, double[] scales, ChipWindow window)
        : this(new[] { client ?? throw new ArgumentNullException(nameof(client)) }, network, layout, scales, window, int.MaxValue)
    {
    }

    /// <summary>Creates a session whose layout spans <paramref name="clients"/>, <paramref name="tilesPerBoard"/> tiles each.</summary>
    public ChipSession(IReadOnlyList<CimClient> clients, Network network, DeviceLayout layout, double[] scales, ChipWindow window, int tilesPerBoard)
    {
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _network = network ?? throw new ArgumentNullException(nameof(network));
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        Scales = scales ?? throw new ArgumentNullException(nameof(scales));
        Window = window ?? throw new ArgumentNullException(nameof(window));
        ArgumentOutOfRangeException.ThrowIfLessThan(tilesPerBoard, 1);
        TilesPerBoard = tilesPerBoard;
        _forwards = new ChipForward[clients.Count];
        _programmers = new ChipProgrammer[clients.Count];
        for (int b = 0; b < clients.Count; b++)
        {
            _forwards[b] = new ChipForward(clients[b]);
            _programmers[b] = new ChipProgrammer(clients[b]);
        }

        TargetPlusNanosiemens = new uint[layout.Weights];
        TargetMinusNanosiemens = new uint[layout.Weights];
    }

    /// <summary>The device map.</summary>
    public DeviceLayout Layout { get; }

    /// <summary>Scaling factor of each slot, weight units per nS.</summary>
    public double[] Scales { get; }

    /// <summary>The programming window.</summary>
    public ChipWindow Window { get; }

    /// <summary>G+ target last programmed per weight, nS (the device map of checkpoints).</summary>
    public uint[] TargetPlusNanosiemens { get; }

    /// <summary>G- target last programmed per weight, nS.</summary>
    public uint[] TargetMinusNanosiemens { get; }

    /// <summary>The chip forward pass of the first board (every board's has the same periphery).</summary>
    public ChipForward Forward => _forwards[0];

    /// <summary>Tiles of each board.</summary>
    public int TilesPerBoard { get; }

    /// <summary>Boards the layout may use.</summary>
    public int Boards => _clients.Count;

    /// <summary>Board <paramref name="board"/>'s client.</summary>
    public CimClient Client(int board) => _clients[board];

    /// <summary>The board of slot <paramref name="p"/> and the slot with its tile numbered on that board.</summary>
    public (int Board, PlacedSlot Local) OnBoard(PlacedSlot p)
    {
        ArgumentNullException.ThrowIfNull(p);
        int board = p.Tile / TilesPerBoard;
        return (board, board == 0 ? p : new PlacedSlot(p.Layer, p.Slot, p.Tile % TilesPerBoard, p.Column, p.Copies));
    }

    /// <summary>The device pairs on board <paramref name="board"/>, ascending.</summary>
    public int[] PairsOnBoard(int board)
    {
        var pairs = new List<int>();
        foreach (PlacedSlot p in Layout.Slots)
        {
            if (p.Tile / TilesPerBoard == board)
            {
                ForEachWeight(p, (_, _, index) => pairs.Add(index));
            }
        }

        pairs.Sort();
        return pairs.ToArray();
    }

    /// <summary>Board, tile on that board, row and column of pair <paramref name="index"/>'s G+ device.</summary>
    public (int Board, int Tile, int Row, int Column) BoardAddressOf(int index)
    {
        (int tile, int row, int col) = Layout.AddressOf(index);
        return (tile / TilesPerBoard, tile % TilesPerBoard, row, col);
    }

    /// <summary>The input scale rule of the blocks.</summary>
    public InputScaleRule InputScales { get; } = new();

    /// <summary>Wall time spent in chip forward passes.</summary>
    public TimeSpan ChipTime { get; private set; }

    /// <summary>Vmm requests sent.</summary>
    public long VmmRequests => _forwards.Sum(f => f.VmmRequests);

    /// <summary>Input vectors sent through tiles.</summary>
    public long Vectors => _forwards.Sum(f => f.Vectors);

    /// <summary>
    /// When set (one entry per crossbar layer), every forward pass also records the ADC code statistics and compares the
    /// chip's output with the software product W_FP^T x of the same inputs (diagnostics; costs one host GEMM per layer).
    /// </summary>
    public ChipLayerStats[]? Stats { get; set; }

    /// <summary>Scale of weight <paramref name="index"/>, weight per nS.</summary>
    public double ScaleOf(int index) => Scales[Layout.SlotOf(index)];

    /// <summary>
    /// Per-array scaling factors for the network's current weights: s = max |w| over the array / (Ginit_max - Gmin), so the
    /// initial conductances fall in [Gmin, Ginit_max] (Wu 2023: 8.2-20 uS of the 8.2-32.9 uS window) and weights can grow.
    /// </summary>
    public static double[] InitialScales(Network network, DeviceLayout layout, ChipWindow window)
    {
        var scales = new double[layout.Slots.Count];
        double span = window.InitialMaxNs - window.MinNs;
        for (int s = 0; s < scales.Length; s++)
        {
            PlacedSlot p = layout.Slots[s];
            float[] w = network.CrossbarLayers[p.Layer].Weights.Value;
            int n = layout.LayerOutputs[p.Layer];
            double max = 0;
            for (int r = 0; r < p.Slot.RowCount; r++)
            {
                for (int j = 0; j < p.Slot.OutputCount; j++)
                {
                    max = Math.Max(max, Math.Abs(w[((p.Slot.RowStart + r) * n) + p.Slot.OutputStart + j]));
                }
            }

            scales[s] = (max > 0 ? max : 1.0) / span;
        }

        return scales;
    }

    /// <summary>
    /// Write-verifies every device pair to the targets given per weight (<paramref name="plusNs"/>, <paramref name="minusNs"/>),
    /// one region per placed slot through <see cref="ChipProgrammer"/>, and records them as the device map. Returns the per-cell results (targets and finals).
    /// </summary>
    public List<WriteVerifyCellResult> ProgramAll(uint[] plusNs, uint[] minusNs, WriteVerifyOptions options, IProgress<CimProgress>? progress = null)
    {
        var results = new List<WriteVerifyCellResult>();
        for (int b = 0; b < _clients.Count; b++)
        {
            var local = Layout.Slots.Where(p => p.Tile / TilesPerBoard == b).Select(p => OnBoard(p).Local).ToList();
            if (local.Count == 0)
            {
                continue;
            }

            // a pair's index does not depend on the tile, so the local slot finds it as the global one would
            results.AddRange(_programmers[b].ProgramAll(local, (p, r, j) =>
            {
                int index = PairIndex(p, r, j);
                TargetPlusNanosiemens[index] = plusNs[index];
                TargetMinusNanosiemens[index] = minusNs[index];
                return (plusNs[index], minusNs[index]);
            }, options, progress));
        }

        return results;
    }

    /// <summary>Reads every pair back (averaged <paramref name="averages"/> times): G+ and G- per weight, nS.</summary>
    public (float[] Plus, float[] Minus) ReadAll(int averages)
    {
        var plus = new float[Layout.Weights];
        var minus = new float[Layout.Weights];
        foreach (PlacedSlot p in Layout.Slots)
        {
            int cols = p.Slot.PhysicalColumns;
            (int board, PlacedSlot local) = OnBoard(p);
            float[] g = _clients[board].ReadConductance(local.Tile, 0, p.PhysicalRows, p.Column, cols, averages);
            ForEachWeight(p, (r, j, index) =>
            {
                plus[index] = g[(r * cols) + (2 * j)] * 1000f;
                minus[index] = g[(r * cols) + (2 * j) + 1] * 1000f;
            });
        }

        return (plus, minus);
    }

    /// <summary>Calls <paramref name="action"/>(array row, pair, device pair index) for every pair of every copy of slot <paramref name="p"/>.</summary>
    private void ForEachWeight(PlacedSlot p, Action<int, int, int> action)
    {
        for (int r = 0; r < p.PhysicalRows; r++)
        {
            for (int j = 0; j < p.Slot.OutputCount; j++)
            {
                action(r, j, PairIndex(p, r, j));
            }
        }
    }

    /// <summary>The device pair index of pair <paramref name="j"/> on array row <paramref name="row"/> of slot <paramref name="p"/> (copy row / RowCount).</summary>
    private int PairIndex(PlacedSlot p, int row, int j)
    {
        int n = Layout.LayerOutputs[p.Layer];
        int copy = row / p.Slot.RowCount, r = row % p.Slot.RowCount;
        return Layout.LayerStart[p.Layer] + (copy * Layout.LayerFanIn[p.Layer] * n) + ((p.Slot.RowStart + r) * n) + p.Slot.OutputStart + j;
    }

    /// <summary>Largest column current the input scale aims for, as a fraction of the ADC full scale (<see cref="InputScaleRule.CurrentTarget"/>).</summary>
    public double CurrentTarget { get => InputScales.CurrentTarget; set => InputScales.CurrentTarget = value; }

    /// <summary>One input scale per input vector (<see cref="InputScaleRule.PerVectorScale"/>).</summary>
    public bool PerVectorScale { get => InputScales.PerVectorScale; set => InputScales.PerVectorScale = value; }

    /// <summary>Quantile of the inputs that maps to DAC code 255 (<see cref="InputScaleRule.ClipQuantile"/>).</summary>
    public double ClipQuantile { get => InputScales.ClipQuantile; set => InputScales.ClipQuantile = value; }

    /// <summary>Let the chip do the repeated conversions when the firmware can (<see cref="ChipForward.ConversionsOnChip"/>).</summary>
    public bool ConversionsOnChip
    {
        get => Forward.ConversionsOnChip;
        set
        {
            foreach (ChipForward f in _forwards)
            {
                f.ConversionsOnChip = value;
            }
        }
    }

    /// <summary>
    /// Conversions averaged per input vector, per crossbar layer (missing entries: 1). Each is one more tile operation with an
    /// independent ADC-noise draw, so the output noise falls as 1/sqrt(conversions). A 1.4 firmware has the chip convert and
    /// sum (Vmm conversions, register CONVERSIONS): the input codes travel once; older firmware gets each vector repeated.
    /// </summary>
    public int[] Repeats { get; set; } = Array.Empty<int>();

    /// <summary>
    /// The chip's VMM for one crossbar layer: every placed block of the layer through <see cref="ChipForward.RunBlock"/> with
    /// the block's input scales from <see cref="InputScales"/> and k = 256 s LSB / V_read; partial sums of row blocks are
    /// added digitally.
    /// </summary>
    public bool TryGetOutput(CrossbarLayerCall call, Span<float> output)
    {
        var clock = Stopwatch.StartNew();
        CrossbarLayer layer = call.Layer;
        int l = layer.CrossbarIndex;
        int v = call.VectorCount;
        int k = layer.FanIn;
        ReadOnlySpan<float> x = call.Inputs.Span;
        // The call's largest input, needed only by blocks that hold part of its rows (InputScaleRule.Scales).
        float? callMax = null;
        output[..(layer.Outputs * v)].Clear();
        foreach (ChipForward f in _forwards)
        {
            f.CodesObserved = Stats is null ? null : (codes, count) => Stats[l].CountCodes(codes, count);
        }
        float[] weights = _network.CrossbarLayers[l].Weights.Value;
        int conversions = l < Repeats.Length ? Math.Max(1, Repeats[l]) : 1;
        for (int s = 0; s < Layout.Slots.Count; s++)
        {
            PlacedSlot p = Layout.Slots[s];
            if (p.Layer != l)
            {
                continue;
            }

            (int board, PlacedSlot local) = OnBoard(p);
            ChipForward forward = _forwards[board];
            float[] q = InputScales.Scales(forward, p, weights, Layout.LayerOutputs[l], Scales[s], Window.MinNs,
                call.Inputs.Slice(p.Slot.RowStart * v, p.Slot.RowCount * v), v,
                p.Slot.RowCount == k ? float.NaN : callMax ??= TensorPrimitives.Max(x[..(k * v)]));
            forward.RunBlock(local, x, v, q, forward.OutputScale(Scales[s]), conversions, output);
        }

        ChipTime += clock.Elapsed;
        if (Stats is not null)
        {
            var reference = new float[layer.Outputs * v];
            Learning.Tensors.Gemm.Multiply(layer.Weights.Value, true, call.Inputs, false, reference, layer.Outputs, v, k);
            Stats[l].Compare(output[..(layer.Outputs * v)], reference);
        }

        return true;
    }
}

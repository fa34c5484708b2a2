using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Host;
using CimController.Learning.Models;
using CimController.Protocol.Messages;

namespace CimController.Training;

/// <summary>
/// The network's device pairs on the chip: placing the network, programming fresh devices, restoring them on resume or
/// after a firmware reset, and writing a pair's W_FP (nS) back into the network's weight.
/// </summary>
internal sealed class ChipDevices
{
    private readonly CimClient _client;
    private readonly Network _network;
    private readonly RunState _state;
    private readonly Action<string> _notice;
    private double[] _scaleOfWeight = Array.Empty<double>();
    private ChipSession? _chip;

    public ChipDevices(CimClient client, Network network, RunState state, Action<string> notice)
    {
        _client = client;
        _network = network;
        _state = state;
        _notice = notice;
    }

    /// <summary>The chip session, once <see cref="ProgramFresh"/> or <see cref="Restore"/> has placed the network.</summary>
    public ChipSession? Placed => _chip;

    /// <summary>The chip session (throws before the network is placed).</summary>
    public ChipSession Chip => _chip ?? throw new InvalidOperationException("the network is not placed on the chip yet: program or restore the devices first");

    /// <summary>The window in whole nS, as the firmware's accumulator is configured with it.</summary>
    public uint ThresholdNs { get; private set; }

    public uint GminNs { get; private set; }

    public uint GmaxNs { get; private set; }

    private void Build(DeviceLayout layout, double[] scales)
    {
        TrainRunOptions o = _state.Options;
        _chip = new ChipSession(_client, _network, layout, scales, o.Window) { CurrentTarget = o.CurrentTarget, ClipQuantile = o.ClipQuantile, Repeats = o.Repeats, PerVectorScale = o.PerVectorScale };
        _scaleOfWeight = new double[layout.Weights];
        for (int i = 0; i < layout.Weights; i++)
        {
            _scaleOfWeight[i] = scales[layout.SlotOf(i)];
        }

        ThresholdNs = (uint)Math.Round(o.Window.ThresholdNs);
        GminNs = (uint)Math.Round(o.Window.MinNs);
        GmaxNs = (uint)Math.Round(o.Window.MaxNs);
        _state.ThresholdNs = ThresholdNs;
    }

    private WriteVerifyOptions ProgramOptions(int maxTrials) => new()
    {
        MaxTrials = maxTrials,
        ToleranceNanosiemens = (uint)_state.Options.ToleranceNs,
        Averages = _state.Options.Averages,
    };

    /// <summary>Maps the fresh network, programs the initial conductances and reads them back into W_FP (Wu 2023).</summary>
    public void ProgramFresh()
    {
        InfoMessage info = _client.Info;
        DeviceLayout layout = DeviceLayout.Plan(_network, info.Rows, info.Columns, info.Tiles, _state.Options.Copies ?? DeviceLayout.DefaultCopies(_network, info.Rows));
        Build(layout, ChipSession.InitialScales(_network, layout, _state.Options.Window));
        int n = layout.Weights;
        var plus = new uint[n];
        var minus = new uint[n];
        for (int g = 0; g < n; g++)
        {
            float[] w = _network.CrossbarLayers[layout.LayerOf(g)].Weights.Value;
            (plus[g], minus[g]) = Chip.PairTargets(w[layout.LocalIndexOf(g)] / _scaleOfWeight[g]);
        }

        List<WriteVerifyCellResult> cells = Chip.ProgramAll(plus, minus, ProgramOptions(5));
        int failed = cells.Count(c => !c.Success);
        _notice($"programmed {2 * n} devices of {layout.Slots.Count} arrays on {layout.TilesUsed} tiles (initial window {_state.Options.Window.MinNs / 1000:0.#}-{_state.Options.Window.InitialMaxNs / 1000:0.#} uS), {failed} not in band");
        (float[] gp, float[] gm) = Chip.ReadAll(_state.Options.Averages);
        _state.WeightNs = new float[n];
        _state.AccumulatorNs = new float[n];
        _state.Writes = new int[n];
        float range = (float)GmaxNs - GminNs;
        for (int i = 0; i < n; i++)
        {
            // W_FP starts at the read-back value of the pair (Wu 2023); for a copied weight at the mean over its copies, the
            // same for every copy (the copies then stay tied: they get the same dW and cross the threshold together).
            int l = layout.LayerOf(i);
            int copies = layout.LayerCopies[l], copySize = layout.LayerFanIn[l] * layout.LayerOutputs[l];
            int first = layout.LayerStart[l] + layout.LocalIndexOf(i);
            float wG = 0;
            for (int c = 0; c < copies; c++)
            {
                wG += gp[first + (c * copySize)] - gm[first + (c * copySize)];
            }

            _state.WeightNs[i] = Math.Clamp(wG / copies, -range, range);
            SetWeight(i, _state.WeightNs[i]);
        }

        SaveLayout(layout);
    }

    private void SaveLayout(DeviceLayout layout)
    {
        _state.Slots = layout.Slots.Select((p, s) => new SlotRecord
        {
            Layer = p.Layer, Index = p.Slot.Index, RowBlock = p.Slot.RowBlock, OutputBlock = p.Slot.OutputBlock, RowStart = p.Slot.RowStart,
            RowCount = p.Slot.RowCount, OutputStart = p.Slot.OutputStart, OutputCount = p.Slot.OutputCount, Tile = p.Tile, Column = p.Column,
            Scale = Chip.Scales[s], Copies = p.Copies,
        }).ToList();
        _state.LayerFanIn = layout.LayerFanIn;
        _state.LayerOutputs = layout.LayerOutputs;
        _state.TileRows = layout.TileRows;
        _state.TileColumns = layout.TileColumns;
        _state.Tiles = layout.Tiles;
    }

    /// <summary>
    /// Rebuilds the device map from the checkpoint (first call of a resumed run), reads every pair back and re-programs
    /// the pairs that left their last target.
    /// </summary>
    public void Restore()
    {
        if (_chip is null)
        {
            var slots = _state.Slots.Select(s => new PlacedSlot(s.Layer,
                new Learning.Mapping.TileSlot(s.Index, s.RowBlock, s.OutputBlock, s.RowStart, s.RowCount, s.OutputStart, s.OutputCount), s.Tile, s.Column, s.Copies)).ToList();
            DeviceLayout layout = DeviceLayout.FromSlots(slots, _state.LayerFanIn, _state.LayerOutputs, _state.TileRows, _state.TileColumns, _state.Tiles);
            InfoMessage info = _client.Info;
            if (info.Rows < layout.TileRows || info.Columns < layout.TileColumns || info.Tiles < layout.Tiles)
            {
                throw new CheckpointException($"the checkpoint's device map needs {layout.Tiles} tiles of {layout.TileRows}x{layout.TileColumns}; the board has {info.Tiles} of {info.Rows}x{info.Columns}");
            }

            Build(layout, _state.Slots.Select(s => s.Scale).ToArray());
            Array.Copy(_state.TargetPlusNs, Chip.TargetPlusNs, _state.TargetPlusNs.Length);
            Array.Copy(_state.TargetMinusNs, Chip.TargetMinusNs, _state.TargetMinusNs.Length);
        }

        (float[] gp, float[] gm) = Chip.ReadAll(_state.Options.Averages);
        double limit = 2 * _state.Options.ToleranceNs;
        var byTile = new Dictionary<int, List<CellTarget>>();
        int pairs = 0;
        for (int i = 0; i < Chip.Layout.Weights; i++)
        {
            if (Math.Abs(gp[i] - Chip.TargetPlusNs[i]) <= limit && Math.Abs(gm[i] - Chip.TargetMinusNs[i]) <= limit)
            {
                continue;
            }

            (int tile, int row, int col) = Chip.Layout.AddressOf(i);
            if (!byTile.TryGetValue(tile, out List<CellTarget>? list))
            {
                byTile[tile] = list = new List<CellTarget>();
            }

            list.Add(new CellTarget(row, col, Chip.TargetPlusNs[i]));
            list.Add(new CellTarget(row, col + 1, Chip.TargetMinusNs[i]));
            pairs++;
        }

        foreach ((int tile, List<CellTarget> cells) in byTile)
        {
            _client.WriteVerify(tile, cells, ProgramOptions(5));
        }

        _state.RestoreWrites += pairs;
        _notice(pairs == 0 ? $"device map checked: all {Chip.Layout.Weights} pairs hold their last targets"
            : $"device map restored: {pairs} of {Chip.Layout.Weights} pairs had left their last targets and were re-programmed");
    }

    /// <summary>Sets the network's weight of pair <paramref name="index"/> to <paramref name="wNs"/> nS in its slot's scale.</summary>
    public void SetWeight(int index, float wNs)
    {
        int l = Chip.Layout.LayerOf(index);
        _network.CrossbarLayers[l].Weights.Value[Chip.Layout.LocalIndexOf(index)] = (float)(_scaleOfWeight[index] * wNs);
    }

    /// <summary>dW (network units) of pair <paramref name="index"/> in nS of its slot.</summary>
    public float ToNs(float dW, int index) => (float)(dW / _scaleOfWeight[index]);
}

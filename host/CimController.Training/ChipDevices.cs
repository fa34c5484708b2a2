using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Crossbar;
using CimController.Host;
using CimController.Learning.Models;
using CimController.Protocol.Messages;

namespace CimController.Training;

/// <summary>
/// The network's device pairs on the chip: placing the network, programming fresh devices, restoring them on resume or
/// after a firmware reset, and writing a pair's W_FP (nS) back into the network's weight. With several
/// <paramref name="clients"/> the network is spread over them: their tiles are numbered one board after another.
/// </summary>
internal sealed class ChipDevices(IReadOnlyList<CimClient> clients, Network network, RunState state, Action<string> notice)
{
    private double[] _scaleOfWeight = Array.Empty<double>();
    private ChipSession? _chip;

    /// <summary>The chip session, once <see cref="ProgramFresh"/> or <see cref="Restore"/> has placed the network.</summary>
    public ChipSession? Placed => _chip;

    /// <summary>The chip session (throws before the network is placed).</summary>
    public ChipSession Chip => _chip ?? throw new InvalidOperationException("the network is not placed on the chip yet: program or restore the devices first");

    /// <summary>The window in whole nS (threshold, Gmin, Gmax), as the firmware's accumulator is configured with it.</summary>
    public (uint ThresholdNanosiemens, uint GminNanosiemens, uint GmaxNanosiemens) Window { get; private set; }

    private void Build(DeviceLayout layout, double[] scales)
    {
        TrainRunOptions o = state.Options;
        _chip = new ChipSession(clients, network, layout, scales, o.Window, clients[0].Info.Tiles) { CurrentTarget = o.CurrentTarget, ClipQuantile = o.ClipQuantile, Repeats = o.Repeats, PerVectorScale = o.PerVectorScale };
        _scaleOfWeight = new double[layout.Weights];
        for (int i = 0; i < layout.Weights; i++)
        {
            _scaleOfWeight[i] = scales[layout.SlotOf(i)];
        }

        Window = (PairTargets.Nanosiemens(o.Window.ThresholdNs), PairTargets.Nanosiemens(o.Window.MinNs), PairTargets.Nanosiemens(o.Window.MaxNs));
        state.ThresholdNanosiemens = Window.ThresholdNanosiemens;
    }

    private WriteVerifyOptions ProgramOptions(int maxTrials) => new()
    {
        MaxTrials = maxTrials,
        ToleranceNanosiemens = (uint)state.Options.ToleranceNanosiemens,
        Averages = state.Options.Averages,
    };

    /// <summary>
    /// Maps the fresh network, programs the initial conductances and reads them back into W_FP (Wu 2023); returns the
    /// read-back W_FP per pair, nS (what this board put into the run state and the network's weights). Boards trained
    /// together get the first board's <paramref name="scales"/> (weight units per nS of each placed block), so that a
    /// weight means the same conductance on each.
    /// </summary>
    public float[] ProgramFresh(double[]? scales = null)
    {
        InfoMessage info = AlikeBoards.Check(clients);
        DeviceLayout layout = DeviceLayout.Plan(network, info.Rows, info.Columns, info.Tiles * clients.Count, state.Options.Copies ?? DeviceLayout.DefaultCopies(network, info.Rows));
        Build(layout, scales ?? ChipSession.InitialScales(network, layout, state.Options.Window));
        int n = layout.Weights;
        var plus = new uint[n];
        var minus = new uint[n];
        for (int g = 0; g < n; g++)
        {
            float[] w = network.CrossbarLayers[layout.LayerOf(g)].Weights.Value;
            (plus[g], minus[g]) = PairTargets.Of(w[layout.LocalIndexOf(g)] / _scaleOfWeight[g], Chip.Window);
        }

        List<WriteVerifyCellResult> cells = Chip.ProgramAll(plus, minus, ProgramOptions(5));
        int failed = cells.Count(c => !c.Success);
        notice($"programmed {2 * n} devices of {layout.Slots.Count} arrays on {layout.TilesUsed} tiles (initial window {state.Options.Window.MinNs / 1000:0.#}-{state.Options.Window.InitialMaxNs / 1000:0.#} uS), {failed} not in band");
        (float[] gp, float[] gm) = Chip.ReadAll(state.Options.Averages);
        state.WeightNanosiemens = new float[n];
        state.AccumulatorNanosiemens = new float[n];
        state.Writes = new int[n];
        float range = (float)Window.GmaxNanosiemens - Window.GminNanosiemens;
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

            state.WeightNanosiemens[i] = Math.Clamp(wG / copies, -range, range);
            SetWeight(i, state.WeightNanosiemens[i]);
        }

        SaveLayout(layout);
        return (float[])state.WeightNanosiemens.Clone();
    }

    private void SaveLayout(DeviceLayout layout)
    {
        state.Slots = layout.Slots.Select((p, s) => new SlotRecord
        {
            Layer = p.Layer, Index = p.Slot.Index, RowBlock = p.Slot.RowBlock, OutputBlock = p.Slot.OutputBlock, RowStart = p.Slot.RowStart,
            RowCount = p.Slot.RowCount, OutputStart = p.Slot.OutputStart, OutputCount = p.Slot.OutputCount, Tile = p.Tile, Column = p.Column,
            Scale = Chip.Scales[s], Copies = p.Copies,
        }).ToList();
        state.LayerFanIn = layout.LayerFanIn;
        state.LayerOutputs = layout.LayerOutputs;
        state.TileRows = layout.TileRows;
        state.TileColumns = layout.TileColumns;
        state.Tiles = layout.Tiles;
    }

    /// <summary>
    /// Rebuilds the device map from the checkpoint (first call of a resumed run), reads every pair back and re-programs
    /// the pairs that left their last target.
    /// </summary>
    public void Restore()
    {
        if (_chip is null)
        {
            var slots = state.Slots.Select(s => new PlacedSlot(s.Layer,
                new Learning.Mapping.TileSlot(s.Index, s.RowBlock, s.OutputBlock, s.RowStart, s.RowCount, s.OutputStart, s.OutputCount), s.Tile, s.Column, s.Copies)).ToList();
            DeviceLayout layout = DeviceLayout.FromSlots(slots, state.LayerFanIn, state.LayerOutputs, state.TileRows, state.TileColumns, state.Tiles);
            InfoMessage info = AlikeBoards.Check(clients);
            if (info.Rows < layout.TileRows || info.Columns < layout.TileColumns || (long)info.Tiles * clients.Count < layout.Tiles
                || (clients.Count > 1 && layout.Tiles != info.Tiles * clients.Count))
            {
                throw new CheckpointException($"the checkpoint's device map needs {layout.Tiles} tiles of {layout.TileRows}x{layout.TileColumns}; "
                    + (clients.Count > 1 ? $"the {clients.Count} boards have {info.Tiles} each" : $"the board has {info.Tiles}") + $" of {info.Rows}x{info.Columns}");
            }

            Build(layout, state.Slots.Select(s => s.Scale).ToArray());
            Array.Copy(state.TargetPlusNanosiemens, Chip.TargetPlusNanosiemens, state.TargetPlusNanosiemens.Length);
            Array.Copy(state.TargetMinusNanosiemens, Chip.TargetMinusNanosiemens, state.TargetMinusNanosiemens.Length);
        }

        ChipSession chip = Chip;
        (float[] gp, float[] gm) = chip.ReadAll(state.Options.Averages);
        double limit = 2 * state.Options.ToleranceNanosiemens;
        int[] left = Enumerable.Range(0, chip.Layout.Weights)
            .Where(i => !(Math.Abs(gp[i] - chip.TargetPlusNanosiemens[i]) <= limit && Math.Abs(gm[i] - chip.TargetMinusNanosiemens[i]) <= limit)).ToArray();
        for (int b = 0; b < clients.Count; b++)
        {
            new ChipProgrammer(clients[b]).ProgramPairs(left.Where(i => chip.BoardAddressOf(i).Board == b).Select(i =>
            {
                (_, int tile, int row, int col) = chip.BoardAddressOf(i);
                return new ChipProgrammer.PairTarget(tile, row, col, chip.TargetPlusNanosiemens[i], chip.TargetMinusNanosiemens[i]);
            }), ProgramOptions(5));
        }

        state.RestoreWrites += left.Length;
        notice(left.Length == 0 ? $"device map checked: all {chip.Layout.Weights} pairs hold their last targets"
            : $"device map restored: {left.Length} of {chip.Layout.Weights} pairs had left their last targets and were re-programmed");
    }

    /// <summary>Sets the network's weight of pair <paramref name="index"/> to <paramref name="wNs"/> nS in its slot's scale.</summary>
    public void SetWeight(int index, float wNs)
    {
        int l = Chip.Layout.LayerOf(index);
        network.CrossbarLayers[l].Weights.Value[Chip.Layout.LocalIndexOf(index)] = (float)(_scaleOfWeight[index] * wNs);
    }

    /// <summary>dW (network units) of pair <paramref name="index"/> in nS of its slot.</summary>
    public float ToNs(float dW, int index) => (float)(dW / _scaleOfWeight[index]);
}

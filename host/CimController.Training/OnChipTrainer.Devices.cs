using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Host;
using CimController.Protocol.Messages;

namespace CimController.Training;

/// <summary>Placing the network on the chip, programming fresh devices, and restoring them on resume.</summary>
public sealed partial class OnChipTrainer
{
    private void BuildChip(DeviceLayout layout, double[] scales)
    {
        _chip = new ChipSession(_client!, _network, layout, scales, _state.Options.Window) { CurrentTarget = _state.Options.CurrentTarget, ClipQuantile = _state.Options.ClipQuantile, Repeats = _state.Options.Repeats, PerVectorScale = _state.Options.PerVectorScale };
        _scaleOfWeight = new double[layout.Weights];
        for (int i = 0; i < layout.Weights; i++)
        {
            _scaleOfWeight[i] = scales[layout.SlotOf(i)];
        }

        ChipWindow win = _state.Options.Window;
        _threshold = (uint)Math.Round(win.ThresholdNs);
        _gmin = (uint)Math.Round(win.MinNs);
        _gmax = (uint)Math.Round(win.MaxNs);
        _state.ThresholdNs = (uint)_threshold;
    }

    private WriteVerifyOptions ProgramOptions(int maxTrials) => new()
    {
        MaxTrials = maxTrials,
        ToleranceNanosiemens = (uint)_state.Options.ToleranceNs,
        Averages = _state.Options.Averages,
    };

    /// <summary>Maps the fresh network, programs the initial conductances and reads them back into W_FP (Wu 2023).</summary>
    private void ProgramFresh()
    {
        InfoMessage info = _client!.Info;
        DeviceLayout layout = DeviceLayout.Plan(_network, info.Rows, info.Columns, info.Tiles, _state.Options.Copies ?? DeviceLayout.DefaultCopies(_network, info.Rows));
        double[] scales = ChipSession.InitialScales(_network, layout, _state.Options.Window);
        BuildChip(layout, scales);
        int n = layout.Weights;
        var plus = new uint[n];
        var minus = new uint[n];
        for (int g = 0; g < n; g++)
        {
            float[] w = _network.CrossbarLayers[layout.LayerOf(g)].Weights.Value;
            (plus[g], minus[g]) = _chip!.PairTargets(w[layout.LocalIndexOf(g)] / _scaleOfWeight[g]);
        }

        List<WriteVerifyCellResult> cells = _chip!.ProgramAll(plus, minus, ProgramOptions(5));
        int failed = cells.Count(c => !c.Success);
        Notice?.Invoke($"programmed {2 * n} devices of {layout.Slots.Count} arrays on {layout.TilesUsed} tiles (initial window {_state.Options.Window.MinNs / 1000:0.#}-{_state.Options.Window.InitialMaxNs / 1000:0.#} uS), {failed} not in band");
        (float[] gp, float[] gm) = _chip.ReadAll(_state.Options.Averages);
        _state.WeightNs = new float[n];
        _state.AccumulatorNs = new float[n];
        _state.Writes = new int[n];
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

            float range = _gmax - _gmin;
            _state.WeightNs[i] = Math.Clamp(wG / copies, -range, range);
            SetWeight(i, _state.WeightNs[i]);
        }

        SaveLayout();
    }

    private void SaveLayout()
    {
        DeviceLayout layout = _chip!.Layout;
        _state.Slots = layout.Slots.Select((p, s) => new SlotRecord
        {
            Layer = p.Layer, Index = p.Slot.Index, RowBlock = p.Slot.RowBlock, OutputBlock = p.Slot.OutputBlock, RowStart = p.Slot.RowStart,
            RowCount = p.Slot.RowCount, OutputStart = p.Slot.OutputStart, OutputCount = p.Slot.OutputCount, Tile = p.Tile, Column = p.Column,
            Scale = _chip.Scales[s], Copies = p.Copies,
        }).ToList();
        _state.LayerFanIn = layout.LayerFanIn;
        _state.LayerOutputs = layout.LayerOutputs;
        _state.TileRows = layout.TileRows;
        _state.TileColumns = layout.TileColumns;
        _state.Tiles = layout.Tiles;
    }

    /// <summary>Rebuilds the device map from the checkpoint, reads every pair back and re-programs pairs that left their last target.</summary>
    private void RestoreDevices()
    {
        if (_chip is null)
        {
            var slots = _state.Slots.Select(s => new PlacedSlot(s.Layer,
                new Learning.Mapping.TileSlot(s.Index, s.RowBlock, s.OutputBlock, s.RowStart, s.RowCount, s.OutputStart, s.OutputCount), s.Tile, s.Column, s.Copies)).ToList();
            DeviceLayout layout = DeviceLayout.FromSlots(slots, _state.LayerFanIn, _state.LayerOutputs, _state.TileRows, _state.TileColumns, _state.Tiles);
            InfoMessage info = _client!.Info;
            if (info.Rows < layout.TileRows || info.Columns < layout.TileColumns || info.Tiles < layout.Tiles)
            {
                throw new CheckpointException($"the checkpoint's device map needs {layout.Tiles} tiles of {layout.TileRows}x{layout.TileColumns}; the board has {info.Tiles} of {info.Rows}x{info.Columns}");
            }

            BuildChip(layout, _state.Slots.Select(s => s.Scale).ToArray());
            Array.Copy(_state.TargetPlusNs, _chip!.TargetPlusNs, _state.TargetPlusNs.Length);
            Array.Copy(_state.TargetMinusNs, _chip.TargetMinusNs, _state.TargetMinusNs.Length);
        }

        (float[] gp, float[] gm) = _chip!.ReadAll(_state.Options.Averages);
        double limit = 2 * _state.Options.ToleranceNs;
        var byTile = new Dictionary<int, List<CellTarget>>();
        int pairs = 0;
        for (int i = 0; i < _chip.Layout.Weights; i++)
        {
            if (Math.Abs(gp[i] - _chip.TargetPlusNs[i]) <= limit && Math.Abs(gm[i] - _chip.TargetMinusNs[i]) <= limit)
            {
                continue;
            }

            (int tile, int row, int col) = _chip.Layout.AddressOf(i);
            if (!byTile.TryGetValue(tile, out List<CellTarget>? list))
            {
                byTile[tile] = list = new List<CellTarget>();
            }

            list.Add(new CellTarget(row, col, _chip.TargetPlusNs[i]));
            list.Add(new CellTarget(row, col + 1, _chip.TargetMinusNs[i]));
            pairs++;
        }

        foreach ((int tile, List<CellTarget> cells) in byTile)
        {
            _client!.WriteVerify(tile, cells, ProgramOptions(5));
        }

        _state.RestoreWrites += pairs;
        Notice?.Invoke(pairs == 0 ? $"device map checked: all {_chip.Layout.Weights} pairs hold their last targets"
            : $"device map restored: {pairs} of {_chip.Layout.Weights} pairs had left their last targets and were re-programmed");
    }

    private void StartSession(uint? lastStep = null, int resumeFirst = 0)
    {
        _token = (uint)Random.Shared.Next(1, int.MaxValue);
        DeviceLayout layout = _chip!.Layout;
        var starts = layout.LayerStart.Take(layout.Layers).ToArray();
        _client!.TrainConfigure(new TrainSessionSettings(_token, _state.Options.Mode == TrainingMode.Naive ? TrainMode.Naive : TrainMode.Mixed,
            layout.Weights, starts, (uint)_threshold, (uint)_gmin, (uint)_gmax, (uint)_state.Options.ToleranceNs, _state.Options.MaxTrials,
            _state.Options.Averages, lastStep ?? (uint)_state.Step, (uint)resumeFirst));
        var entries = new TrainWeightEntry[layout.Weights];
        for (int i = 0; i < entries.Length; i++)
        {
            (int tile, int row, int col) = layout.AddressOf(i);
            entries[i] = new TrainWeightEntry(tile, row, col, _state.WeightNs[i], _state.AccumulatorNs[i], _state.Writes[i]);
        }

        _client.TrainLoad(_token, 0, entries);
    }

}

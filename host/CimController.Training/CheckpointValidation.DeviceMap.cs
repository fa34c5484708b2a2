using System;
using System.Linq;
using CimController.Crossbar;
using CimController.Learning.Models;

namespace CimController.Training;

/// <summary>
/// The device map: none for a software run; for a chip run the layer shapes, the board geometry, the slots (each weight
/// mapped once, inside its tile) and per device pair the weight, accumulator, targets and write counts.
/// </summary>
public static partial class CheckpointValidation
{
    private static void CheckSoftware(RunState s, Network net)
    {
        if (s.WeightNanosiemens.Length != 0 || s.AccumulatorNanosiemens.Length != 0 || s.TargetPlusNanosiemens.Length != 0 || s.TargetMinusNanosiemens.Length != 0 || s.Slots.Count != 0)
        {
            throw Bad("a software run has no device map: weightNs, accumulatorNs, targets and slots must be empty");
        }

        if (s.Writes.Length != 0 && s.Writes.Length != net.WeightCount)
        {
            throw Bad($"writes has {s.Writes.Length} entries; {net.Name} has {net.WeightCount} weights");
        }

        NotNegative("writes", s.Writes);
        if (s.EpochWrites != (long)s.BatchInEpoch * net.WeightCount)
        {
            throw Bad($"epochWrites {s.EpochWrites}: software training writes all {net.WeightCount} weights in each of {s.BatchInEpoch} batches");
        }
    }

    private static void CheckDevices(RunState s, TrainRunOptions o, Network net)
    {
        int layers = net.CrossbarLayers.Count;
        if (s.LayerFanIn.Length != layers || s.LayerOutputs.Length != layers
            || Enumerable.Range(0, layers).Any(l => s.LayerFanIn[l] != net.CrossbarLayers[l].FanIn || s.LayerOutputs[l] != net.CrossbarLayers[l].Outputs))
        {
            throw Bad($"layerFanIn [{string.Join(", ", s.LayerFanIn)}] / layerOutputs [{string.Join(", ", s.LayerOutputs)}] do not match {net.Name}'s crossbar layers");
        }

        if (s.TileRows < 1 || s.TileColumns < 2 || s.Tiles < 1 || s.TileRows > 65536 || s.TileColumns > 65536 || s.Tiles > 4096)
        {
            throw Bad($"tiles {s.Tiles} of {s.TileRows}x{s.TileColumns} is not a board geometry");
        }

        int pairs = CheckSlots(s, layers);
        foreach ((string name, int length) in new[] { ("weightNs", s.WeightNanosiemens.Length), ("accumulatorNs", s.AccumulatorNanosiemens.Length), ("writes", s.Writes.Length),
            ("targetPlusNs", s.TargetPlusNanosiemens.Length), ("targetMinusNs", s.TargetMinusNanosiemens.Length) })
        {
            if (length != pairs)
            {
                throw Bad($"{name} has {length} entries; the device map has {pairs} device pairs");
            }
        }

        ChipWindow win = o.Window;
        uint threshold = (uint)Math.Round(win.ThresholdNs), gmin = (uint)Math.Round(win.MinNs), gmax = (uint)Math.Round(win.MaxNs);
        if (s.ThresholdNanosiemens != threshold)
        {
            throw Bad($"thresholdNs {s.ThresholdNanosiemens} differs from the options' granularity: {threshold} nS");
        }

        float range = gmax - gmin;
        for (int i = 0; i < pairs; i++)
        {
            float w = s.WeightNanosiemens[i], a = s.AccumulatorNanosiemens[i];
            if (!float.IsFinite(w) || Math.Abs(w) > range)
            {
                throw Bad($"weightNs[{i}] = {w}: W_FP must be a finite value within -{range}..{range} nS (the window)");
            }

            bool accumulatorOk = o.Mode == TrainingMode.Naive ? a == 0 : float.IsFinite(a) && a < threshold && a > -(float)threshold;
            if (!accumulatorOk)
            {
                throw Bad($"accumulatorNs[{i}] = {a}: {(o.Mode == TrainingMode.Naive ? "naive training accumulates nothing" : $"an accumulator stays below the threshold {threshold} nS")}");
            }

            if (s.TargetPlusNanosiemens[i] < gmin || s.TargetPlusNanosiemens[i] > gmax || s.TargetMinusNanosiemens[i] < gmin || s.TargetMinusNanosiemens[i] > gmax)
            {
                throw Bad($"target of pair {i} ({s.TargetPlusNanosiemens[i]}, {s.TargetMinusNanosiemens[i]}) nS is outside the window {gmin}..{gmax} nS");
            }
        }

        NotNegative("writes", s.Writes);
        long writes = s.Writes.Sum(w => (long)w);
        if (writes != s.WritesTotal + s.EpochWrites || (s.EpochLayerWrites.Length > 0 && s.EpochLayerWrites.Sum() != s.EpochWrites))
        {
            throw Bad($"writes per pair add up to {writes}, but writesTotal {s.WritesTotal} + epochWrites {s.EpochWrites} (per layer {s.EpochLayerWrites.Sum()}) disagree");
        }
    }

    // Each slot must lie inside its layer's matrix and its tile, the slots must cover every weight of every layer exactly once,
    // and all slots of a layer must have the same copies; returns the device pairs of the map.
    private static int CheckSlots(RunState s, int layers)
    {
        var covered = new bool[layers][];
        var copies = new int[layers];
        for (int l = 0; l < layers; l++)
        {
            covered[l] = new bool[s.LayerFanIn[l] * s.LayerOutputs[l]];
        }

        for (int k = 0; k < s.Slots.Count; k++)
        {
            SlotRecord r = s.Slots[k] ?? throw Bad($"slots[{k}] is null");
            string at = $"slots[{k}]";
            if (r.Layer < 0 || r.Layer >= layers)
            {
                throw Bad($"{at}.layer {r.Layer} is outside 0..{layers - 1}");
            }

            int fanIn = s.LayerFanIn[r.Layer], outs = s.LayerOutputs[r.Layer];
            if (r.RowStart < 0 || r.RowCount < 1 || r.RowStart + r.RowCount > fanIn || r.OutputStart < 0 || r.OutputCount < 1 || r.OutputStart + r.OutputCount > outs)
            {
                throw Bad($"{at}: rows {r.RowStart}+{r.RowCount} / outputs {r.OutputStart}+{r.OutputCount} are outside layer {r.Layer}'s {fanIn}x{outs} matrix");
            }

            if (r.Copies < 1 || (copies[r.Layer] != 0 && copies[r.Layer] != r.Copies) || r.Tile < 0 || r.Tile >= s.Tiles || r.Column < 0
                || r.Column + (2 * r.OutputCount) > s.TileColumns || (long)r.Copies * r.RowCount > s.TileRows)
            {
                throw Bad($"{at}: {r.Copies} copies of {r.RowCount} rows x {r.OutputCount} pairs at tile {r.Tile} column {r.Column} do not fit {s.Tiles} tiles of {s.TileRows}x{s.TileColumns} (or differ from the layer's other slots)");
            }

            if (!(r.Scale > 0 && double.IsFinite(r.Scale)))
            {
                throw Bad($"{at}.scale {r.Scale} is not a finite scale > 0");
            }

            copies[r.Layer] = r.Copies;
            for (int row = r.RowStart; row < r.RowStart + r.RowCount; row++)
            {
                for (int n = r.OutputStart; n < r.OutputStart + r.OutputCount; n++)
                {
                    ref bool c = ref covered[r.Layer][(row * outs) + n];
                    if (c)
                    {
                        throw Bad($"{at} overlaps another slot of layer {r.Layer} at row {row}, output {n}");
                    }

                    c = true;
                }
            }
        }

        int pairs = 0;
        for (int l = 0; l < layers; l++)
        {
            if (covered[l].Any(c => !c))
            {
                throw Bad($"slots leave weights of layer {l} unmapped");
            }

            pairs += copies[l] * covered[l].Length;
        }

        return pairs;
    }
}

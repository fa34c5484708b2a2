using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Crossbar;
using CimController.Learning.Layers;
using CimController.Learning.Models;

namespace CimController.Training;

/// <summary>
/// Checks every field of a loaded <see cref="RunState"/> against the run's options, the network and the invariants the
/// trainer keeps (position = step, history = finished epochs, write counts add up, the device map covers every weight
/// once and fits the tiles, the accumulator mirror is below the threshold, every number finite), so a checkpoint edited
/// by hand and re-hashed is refused instead of giving a silently wrong run or an exception deep in the trainer. The
/// message names the field (as in the file) and the accepted values.
/// </summary>
public static class CheckpointValidation
{
    /// <summary>Throws <see cref="CheckpointException"/> naming the first field that is out of range or inconsistent.</summary>
    public static void Check(RunState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        TrainRunOptions o = s.Options ?? throw Bad("options are missing");
        try
        {
            o.Validate();
        }
        catch (ArgumentException e)
        {
            throw Bad("options: " + e.Message);
        }

        if (s.Setup is not null)
        {
            CheckSetup(s.Setup);
        }

        Network net = TrainRunOptions.CreateNetwork(o.Model, o.Seed);
        CheckPosition(s, o);
        CheckHistory(s, o, net);
        CheckHost(s, net);
        if (o.Mode == TrainingMode.Software)
        {
            CheckSoftware(s, net);
        }
        else
        {
            CheckDevices(s, o, net);
        }

        CheckTracking(s, net);
        Finite("programErrorsNs", s.ProgramErrorsNs);
        NotNegative("firmwareResets", s.FirmwareResets);
        NotNegative("restoreWrites", s.RestoreWrites);
        if (!(s.ElapsedSeconds >= 0 && double.IsFinite(s.ElapsedSeconds)))
        {
            throw Bad($"elapsedSeconds {s.ElapsedSeconds} is not a finite number of seconds >= 0");
        }
    }

    private static void CheckSetup(RunSetup u)
    {
        if (string.IsNullOrWhiteSpace(u.Board) || string.IsNullOrWhiteSpace(u.Profile))
        {
            throw Bad("setup.board and setup.profile must name the board and the emulator profile");
        }

        if (u.MacThreads < 1 || u.MaxPayload < 64 || u.MaxPayload > 65535 || u.TimeoutMs < 1)
        {
            throw Bad($"setup: macThreads {u.MacThreads} (>= 1), maxPayload {u.MaxPayload} (64..65535) or timeoutMs {u.TimeoutMs} (>= 1) is out of range");
        }

        if (u.DataSha256 is not null && (u.DataSha256.Length != 64 || !u.DataSha256.All(Uri.IsHexDigit)))
        {
            throw Bad($"setup.dataSha256 '{u.DataSha256}' is not a SHA-256 (64 hex digits)");
        }
    }

    private static void CheckPosition(RunState s, TrainRunOptions o)
    {
        if (s.Epoch < 1 || s.Epoch > o.Epochs + 1)
        {
            throw Bad($"epoch {s.Epoch} is outside 1..{o.Epochs + 1} (epochs {o.Epochs}; {o.Epochs + 1} = finished)");
        }

        int maxBatch = s.Epoch > o.Epochs ? 0 : o.BatchesPerEpoch;
        if (s.BatchInEpoch < 0 || s.BatchInEpoch > maxBatch)
        {
            throw Bad($"batchInEpoch {s.BatchInEpoch} is outside 0..{maxBatch} (batchesPerEpoch {o.BatchesPerEpoch}, epoch {s.Epoch})");
        }

        long step = ((long)(s.Epoch - 1) * o.BatchesPerEpoch) + s.BatchInEpoch;
        if (s.Step != step)
        {
            throw Bad($"step {s.Step} does not match the position: epoch {s.Epoch}, batch {s.BatchInEpoch} of {o.BatchesPerEpoch} is step {step}");
        }

        if (s.OptimizerSteps != s.Step)
        {
            throw Bad($"optimizerSteps {s.OptimizerSteps} differs from step {s.Step} (one optimizer step per batch)");
        }

        if (s.EpochSeen != (long)s.BatchInEpoch * o.BatchSize || s.EpochCorrect < 0 || s.EpochCorrect > s.EpochSeen)
        {
            throw Bad($"epochSeen {s.EpochSeen} / epochCorrect {s.EpochCorrect} do not fit {s.BatchInEpoch} batches of {o.BatchSize} images");
        }

        if (!(s.EpochLossSum >= 0 && double.IsFinite(s.EpochLossSum)) || (s.BatchInEpoch == 0 && s.EpochLossSum != 0))
        {
            throw Bad($"epochLossSum {s.EpochLossSum} is not a finite sum of {s.BatchInEpoch} batch losses");
        }

        NotNegative("epochWrites", s.EpochWrites);
        NotNegative("epochFailed", s.EpochFailed);
        NotNegative("epochPulses", s.EpochPulses);
    }

    private static void CheckHistory(RunState s, TrainRunOptions o, Network net)
    {
        if (s.History.Count != s.Epoch - 1)
        {
            throw Bad($"history holds {s.History.Count} epochs but the run is at epoch {s.Epoch} ({s.Epoch - 1} finished)");
        }

        CheckEpochs("history", s.History, net.CrossbarLayers.Count);
        CheckEpochs("baseline", s.Baseline, net.CrossbarLayers.Count);
        long total = s.History.Sum(m => m.Writes);
        if (s.WritesTotal != total)
        {
            throw Bad($"writesTotal {s.WritesTotal} differs from the sum of the history's writes {total}");
        }

        if (s.EpochLayerWrites.Length != 0 && s.EpochLayerWrites.Length != net.CrossbarLayers.Count)
        {
            throw Bad($"epochLayerWrites has {s.EpochLayerWrites.Length} entries; {o.Model} has {net.CrossbarLayers.Count} crossbar layers");
        }

        NotNegative("epochLayerWrites", s.EpochLayerWrites);
    }

    private static void CheckEpochs(string field, List<EpochMetrics> epochs, int layers)
    {
        long total = 0;
        for (int i = 0; i < epochs.Count; i++)
        {
            EpochMetrics m = epochs[i] ?? throw Bad($"{field}[{i}] is null");
            string at = $"{field}[{i}]";
            total += m.Writes;
            if (m.Epoch != i + 1)
            {
                throw Bad($"{at}.epoch is {m.Epoch}; epochs are numbered 1, 2, ... in order");
            }

            bool accuraciesOk = Fraction(m.TrainAccuracy) && (Fraction(m.TestAccuracy) || (m.TestImages == 0 && double.IsNaN(m.TestAccuracy)));
            if (!accuraciesOk || !(m.TrainLoss >= 0 && double.IsFinite(m.TrainLoss)) || m.TestImages < 0)
            {
                throw Bad($"{at}: loss {m.TrainLoss}, train accuracy {m.TrainAccuracy}, test accuracy {m.TestAccuracy} on {m.TestImages} images: need a finite loss >= 0 and accuracies in 0..1");
            }

            if (m.Writes < 0 || m.FailedWrites < 0 || m.Pulses < 0 || m.WritesTotal != total || (m.WritesPerLayer.Length != 0 && m.WritesPerLayer.Length != layers)
                || m.WritesPerLayer.Any(w => w < 0))
            {
                throw Bad($"{at}: writes {m.Writes}, total {m.WritesTotal}, failed {m.FailedWrites}, pulses {m.Pulses}, per layer [{string.Join(", ", m.WritesPerLayer)}]: counts must be >= 0, the total the running sum, one entry per layer");
            }

            if (!(m.TrainSeconds >= 0 && m.TestSeconds >= 0 && m.ChipSeconds >= 0) || !double.IsFinite(m.TrainSeconds + m.TestSeconds + m.ChipSeconds))
            {
                throw Bad($"{at}: times must be finite seconds >= 0");
            }
        }
    }

    private static void CheckHost(RunState s, Network net)
    {
        if (s.Weights != 0 && s.Weights != net.WeightCount)
        {
            throw Bad($"weights {s.Weights} differs from the {net.WeightCount} crossbar weights of {net.Name}");
        }

        var names = new HashSet<string>(net.Parameters.Select(p => p.Name));
        foreach (string key in s.Parameters.Keys.Concat(s.MomentM.Keys).Concat(s.MomentV.Keys))
        {
            if (!names.Contains(key))
            {
                throw Bad($"parameter '{key}' is not a parameter of {net.Name} (it has {string.Join(", ", names)})");
            }
        }

        bool moments = s.OptimizerSteps > 0;
        foreach (Parameter p in net.Parameters)
        {
            Tensor("parameters", p, s.Parameters, true);
            Tensor("momentM", p, s.MomentM, moments);
            Tensor("momentV", p, s.MomentV, moments);
            if (moments && s.MomentV[p.Name].Any(v => v < 0))
            {
                throw Bad($"momentV[{p.Name}] holds a negative second moment");
            }
        }
    }

    private static void Tensor(string field, Parameter p, Dictionary<string, float[]> map, bool required)
    {
        if (!map.TryGetValue(p.Name, out float[]? v))
        {
            if (required)
            {
                throw Bad($"{field} lacks {p.Name} [{p.Length} values]");
            }

            return;
        }

        if (v is null || v.Length != p.Length)
        {
            throw Bad($"{field}[{p.Name}] has {v?.Length ?? 0} values; {p.Name} has {p.Length}");
        }

        Finite($"{field}[{p.Name}]", v);
    }

    private static void CheckSoftware(RunState s, Network net)
    {
        if (s.WeightNs.Length != 0 || s.AccumulatorNs.Length != 0 || s.TargetPlusNs.Length != 0 || s.TargetMinusNs.Length != 0 || s.Slots.Count != 0)
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
        foreach ((string name, int length) in new[] { ("weightNs", s.WeightNs.Length), ("accumulatorNs", s.AccumulatorNs.Length), ("writes", s.Writes.Length),
            ("targetPlusNs", s.TargetPlusNs.Length), ("targetMinusNs", s.TargetMinusNs.Length) })
        {
            if (length != pairs)
            {
                throw Bad($"{name} has {length} entries; the device map has {pairs} device pairs");
            }
        }

        ChipWindow win = o.Window;
        uint threshold = (uint)Math.Round(win.ThresholdNs), gmin = (uint)Math.Round(win.MinNs), gmax = (uint)Math.Round(win.MaxNs);
        if (s.ThresholdNs != threshold)
        {
            throw Bad($"thresholdNs {s.ThresholdNs} differs from the options' granularity: {threshold} nS");
        }

        float range = gmax - gmin;
        for (int i = 0; i < pairs; i++)
        {
            float w = s.WeightNs[i], a = s.AccumulatorNs[i];
            if (!float.IsFinite(w) || Math.Abs(w) > range)
            {
                throw Bad($"weightNs[{i}] = {w}: W_FP must be a finite value within -{range}..{range} nS (the window)");
            }

            bool accumulatorOk = o.Mode == TrainingMode.Naive ? a == 0 : float.IsFinite(a) && a < threshold && a > -(float)threshold;
            if (!accumulatorOk)
            {
                throw Bad($"accumulatorNs[{i}] = {a}: {(o.Mode == TrainingMode.Naive ? "naive training accumulates nothing" : $"an accumulator stays below the threshold {threshold} nS")}");
            }

            if (s.TargetPlusNs[i] < gmin || s.TargetPlusNs[i] > gmax || s.TargetMinusNs[i] < gmin || s.TargetMinusNs[i] > gmax)
            {
                throw Bad($"target of pair {i} ({s.TargetPlusNs[i]}, {s.TargetMinusNs[i]}) nS is outside the window {gmin}..{gmax} nS");
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

    private static void CheckTracking(RunState s, Network net)
    {
        if (s.TrackedIndices.Any(i => i < 0 || i >= net.WeightCount))
        {
            throw Bad($"trackedIndices hold an index outside 0..{net.WeightCount - 1}");
        }

        if (s.TrackedHistory.Count != s.TrackedSteps.Count || s.TrackedHistory.Any(v => v is null || v.Length != s.TrackedIndices.Length))
        {
            throw Bad($"trackedHistory ({s.TrackedHistory.Count} rows) must have one row of {s.TrackedIndices.Length} values per tracked step ({s.TrackedSteps.Count})");
        }

        for (int i = 0; i < s.TrackedHistory.Count; i++)
        {
            Finite($"trackedHistory[{i}]", s.TrackedHistory[i]);
        }

        if (s.TrackedSteps.Any(t => t < 0 || t > s.Step))
        {
            throw Bad($"trackedSteps hold a step outside 0..{s.Step}");
        }
    }

    private static bool Fraction(double v) => v >= 0 && v <= 1;

    private static void Finite(string field, IEnumerable<float> values)
    {
        int i = 0;
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                throw Bad($"{field}[{i}] is {v}; every value must be a finite number");
            }

            i++;
        }
    }

    private static void NotNegative(string field, long value)
    {
        if (value < 0)
        {
            throw Bad($"{field} {value} is negative");
        }
    }

    private static void NotNegative(string field, IEnumerable<long> values)
    {
        if (values.Any(v => v < 0))
        {
            throw Bad($"{field} holds a negative count");
        }
    }

    private static void NotNegative(string field, IEnumerable<int> values) => NotNegative(field, values.Select(v => (long)v));

    private static CheckpointException Bad(string message) => new(message);
}

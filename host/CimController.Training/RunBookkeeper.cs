using System;
using System.IO;
using System.Linq;
using CimController.Learning.Data;
using CimController.Learning.Layers;
using CimController.Learning.Models;
using CimController.Learning.Training;

namespace CimController.Training;

/// <summary>
/// The run state's bookkeeping: tracked weights, the batch and epoch counters, the host state restored from a
/// checkpoint, and checkpoints (with the effective config beside the first one of the session).
/// </summary>
internal sealed class RunBookkeeper(RunState state, Network network, Adam adam, string? folder)
{
    private bool _configWritten;

    public void PickTrackedWeights()
    {
        var rng = new Random(BatchSampler.DeriveSeed(state.Options.Seed, 777));
        int n = network.WeightCount;
        state.TrackedIndices = Enumerable.Range(0, Math.Min(state.Options.TrackedWeights, n)).Select(_ => rng.Next(n)).ToArray();
    }

    public void RecordTracked()
    {
        var values = new float[state.TrackedIndices.Length];
        for (int t = 0; t < values.Length; t++)
        {
            int index = state.TrackedIndices[t], l = 0;
            for (; index >= network.CrossbarLayers[l].Weights.Length; l++)
            {
                index -= network.CrossbarLayers[l].Weights.Length;
            }

            values[t] = network.CrossbarLayers[l].Weights.Value[index];
        }

        state.TrackedHistory.Add(values);
        state.TrackedSteps.Add(state.Step);
    }

    /// <summary>Counts batch <paramref name="batch"/> of the epoch, whose update is applied, and records the tracked weights.</summary>
    public void CountBatch(int batch, BatchResult r)
    {
        state.BatchInEpoch = batch;
        state.EpochLossSum += r.Loss;
        state.EpochCorrect += r.Correct;
        state.EpochSeen += r.Count;
        RecordTracked();
    }

    /// <summary>Adds the metrics of the finished epoch to the history and starts the next epoch's counters.</summary>
    public EpochMetrics CloseEpoch(double accuracy, int testImages, TimeSpan train, TimeSpan test, TimeSpan chip)
    {
        var m = new EpochMetrics
        {
            Epoch = state.Epoch,
            TrainLoss = state.EpochLossSum / Math.Max(1, state.BatchInEpoch),
            TrainAccuracy = (double)state.EpochCorrect / Math.Max(1, state.EpochSeen),
            TestAccuracy = accuracy,
            TestImages = testImages,
            Writes = state.EpochWrites,
            WritesTotal = state.WritesTotal + state.EpochWrites,
            FailedWrites = state.EpochFailed,
            Pulses = state.EpochPulses,
            WritesPerLayer = state.EpochLayerWrites.ToArray(),
            TrainSeconds = train.TotalSeconds,
            TestSeconds = test.TotalSeconds,
            ChipSeconds = chip.TotalSeconds,
        };
        state.History.Add(m);
        state.WritesTotal += state.EpochWrites;
        state.Epoch++;
        state.BatchInEpoch = 0;
        state.EpochLossSum = 0;
        state.EpochCorrect = 0;
        state.EpochSeen = 0;
        state.EpochWrites = 0;
        state.EpochFailed = 0;
        state.EpochPulses = 0;
        state.EpochLayerWrites = new long[network.CrossbarLayers.Count];
        return m;
    }

    /// <summary>Restores the parameters and the optimiser's moments from the checkpoint's state.</summary>
    public void RestoreHost()
    {
        foreach (Parameter p in network.Parameters)
        {
            if (!state.Parameters.TryGetValue(p.Name, out float[]? v) || v.Length != p.Length)
            {
                throw new CheckpointException($"the checkpoint does not hold parameter {p.Name} [{p.Length}] of model {state.Options.Model}");
            }

            Array.Copy(v, p.Value, v.Length);
            if (state.MomentM.TryGetValue(p.Name, out float[]? m) && state.MomentV.TryGetValue(p.Name, out float[]? vv))
            {
                adam.Restore(state.OptimizerSteps, p, m, vv);
            }
        }
    }

    /// <summary>Copies the parameters, moments and the chip's pair targets into the state and writes the checkpoint (with a run folder).</summary>
    public void Save(ChipSession? chip)
    {
        foreach (Parameter p in network.Parameters)
        {
            state.Parameters[p.Name] = (float[])p.Value.Clone();
            (float[] M, float[] V)? moments = adam.MomentsOf(p);
            if (moments is not null)
            {
                state.MomentM[p.Name] = (float[])moments.Value.M.Clone();
                state.MomentV[p.Name] = (float[])moments.Value.V.Clone();
            }
        }

        state.OptimizerSteps = adam.StepCount;
        if (chip is not null)
        {
            state.TargetPlusNanosiemens = (uint[])chip.TargetPlusNanosiemens.Clone();
            state.TargetMinusNanosiemens = (uint[])chip.TargetMinusNanosiemens.Clone();
        }

        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
            Checkpoint.Save(Path.Combine(folder, Checkpoint.FileName), state);
            if (!_configWritten && state.Setup is not null)
            {
                // The effective config beside the first checkpoint of this session (a resume may have changed it).
                new TrainConfig(state.Options, state.Setup).Write(Path.Combine(folder, TrainConfig.FileName));
                _configWritten = true;
            }
        }
    }
}

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
internal sealed class RunBookkeeper
{
    private readonly RunState _state;
    private readonly Network _network;
    private readonly Adam _adam;
    private readonly string? _folder;
    private bool _configWritten;

    public RunBookkeeper(RunState state, Network network, Adam adam, string? folder)
    {
        _state = state;
        _network = network;
        _adam = adam;
        _folder = folder;
    }

    private int LayerCount => _network.CrossbarLayers.Count;

    public void PickTrackedWeights()
    {
        var rng = new Random(BatchSampler.DeriveSeed(_state.Options.Seed, 777));
        int n = _network.WeightCount;
        _state.TrackedIndices = Enumerable.Range(0, Math.Min(_state.Options.TrackedWeights, n)).Select(_ => rng.Next(n)).ToArray();
    }

    public void RecordTracked()
    {
        var values = new float[_state.TrackedIndices.Length];
        for (int t = 0; t < values.Length; t++)
        {
            int index = _state.TrackedIndices[t];
            int l = 0;
            while (l + 1 < LayerCount && index >= LayerStartOf(l + 1))
            {
                l++;
            }

            values[t] = _network.CrossbarLayers[l].Weights.Value[index - LayerStartOf(l)];
        }

        _state.TrackedHistory.Add(values);
        _state.TrackedSteps.Add(_state.Step);
    }

    private int LayerStartOf(int l)
    {
        int s = 0;
        for (int i = 0; i < l; i++)
        {
            s += _network.CrossbarLayers[i].Weights.Length;
        }

        return s;
    }

    /// <summary>Counts batch <paramref name="batch"/> of the epoch, whose update is applied, and records the tracked weights.</summary>
    public void CountBatch(int batch, BatchResult r)
    {
        _state.BatchInEpoch = batch;
        _state.EpochLossSum += r.Loss;
        _state.EpochCorrect += r.Correct;
        _state.EpochSeen += r.Count;
        RecordTracked();
    }

    /// <summary>Adds the metrics of the finished epoch to the history and starts the next epoch's counters.</summary>
    public EpochMetrics CloseEpoch(double accuracy, int testImages, TimeSpan train, TimeSpan test, TimeSpan chip)
    {
        var m = new EpochMetrics
        {
            Epoch = _state.Epoch,
            TrainLoss = _state.EpochLossSum / Math.Max(1, _state.BatchInEpoch),
            TrainAccuracy = (double)_state.EpochCorrect / Math.Max(1, _state.EpochSeen),
            TestAccuracy = accuracy,
            TestImages = testImages,
            Writes = _state.EpochWrites,
            WritesTotal = _state.WritesTotal + _state.EpochWrites,
            FailedWrites = _state.EpochFailed,
            Pulses = _state.EpochPulses,
            WritesPerLayer = _state.EpochLayerWrites.ToArray(),
            TrainSeconds = train.TotalSeconds,
            TestSeconds = test.TotalSeconds,
            ChipSeconds = chip.TotalSeconds,
        };
        _state.History.Add(m);
        _state.WritesTotal += _state.EpochWrites;
        _state.Epoch++;
        _state.BatchInEpoch = 0;
        _state.EpochLossSum = 0;
        _state.EpochCorrect = 0;
        _state.EpochSeen = 0;
        _state.EpochWrites = 0;
        _state.EpochFailed = 0;
        _state.EpochPulses = 0;
        _state.EpochLayerWrites = new long[LayerCount];
        return m;
    }

    /// <summary>Restores the parameters and the optimiser's moments from the checkpoint's state.</summary>
    public void RestoreHost()
    {
        foreach (Parameter p in _network.Parameters)
        {
            if (!_state.Parameters.TryGetValue(p.Name, out float[]? v) || v.Length != p.Length)
            {
                throw new CheckpointException($"the checkpoint does not hold parameter {p.Name} [{p.Length}] of model {_state.Options.Model}");
            }

            Array.Copy(v, p.Value, v.Length);
            if (_state.MomentM.TryGetValue(p.Name, out float[]? m) && _state.MomentV.TryGetValue(p.Name, out float[]? vv))
            {
                _adam.Restore(_state.OptimizerSteps, p, m, vv);
            }
        }
    }

    /// <summary>Copies the parameters, moments and the chip's pair targets into the state and writes the checkpoint (with a run folder).</summary>
    public void Save(ChipSession? chip)
    {
        foreach (Parameter p in _network.Parameters)
        {
            _state.Parameters[p.Name] = (float[])p.Value.Clone();
            (float[] M, float[] V)? moments = _adam.MomentsOf(p);
            if (moments is not null)
            {
                _state.MomentM[p.Name] = (float[])moments.Value.M.Clone();
                _state.MomentV[p.Name] = (float[])moments.Value.V.Clone();
            }
        }

        _state.OptimizerSteps = _adam.StepCount;
        if (chip is not null)
        {
            _state.TargetPlusNs = (uint[])chip.TargetPlusNs.Clone();
            _state.TargetMinusNs = (uint[])chip.TargetMinusNs.Clone();
        }

        if (_folder is not null)
        {
            Directory.CreateDirectory(_folder);
            Checkpoint.Save(Path.Combine(_folder, Checkpoint.FileName), _state);
            if (!_configWritten && _state.Setup is not null)
            {
                // The effective config beside the first checkpoint of this session (a resume may have changed it).
                new TrainConfig(_state.Options, _state.Setup).Write(Path.Combine(_folder, TrainConfig.FileName));
                _configWritten = true;
            }
        }
    }
}

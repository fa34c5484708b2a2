using System;
using System.Linq;
using CimController.Learning.Data;
using CimController.Learning.Layers;

namespace CimController.Training;

/// <summary>Tracked weights, host state restore and checkpoints.</summary>
public sealed partial class OnChipTrainer
{
    private bool _configWritten;

    private void PickTrackedWeights()
    {
        var rng = new Random(BatchSampler.DeriveSeed(_state.Options.Seed, 777));
        int n = _network.WeightCount;
        _state.TrackedIndices = Enumerable.Range(0, Math.Min(_state.Options.TrackedWeights, n)).Select(_ => rng.Next(n)).ToArray();
    }

    private void RecordTracked()
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

    private void RestoreHost()
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

    private void Save()
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
        if (_chip is not null)
        {
            _state.TargetPlusNs = (uint[])_chip.TargetPlusNs.Clone();
            _state.TargetMinusNs = (uint[])_chip.TargetMinusNs.Clone();
        }

        if (_folder is not null)
        {
            System.IO.Directory.CreateDirectory(_folder);
            Checkpoint.Save(System.IO.Path.Combine(_folder, Checkpoint.FileName), _state);
            if (!_configWritten && _state.Setup is not null)
            {
                // The effective config beside the first checkpoint of this session (a resume may have changed it).
                new TrainConfig(_state.Options, _state.Setup).Write(System.IO.Path.Combine(_folder, TrainConfig.FileName));
                _configWritten = true;
            }
        }
    }
}

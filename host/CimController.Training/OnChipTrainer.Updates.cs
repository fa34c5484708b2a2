using System;
using CimController.Host;
using CimController.Learning.Layers;
using CimController.Protocol;

namespace CimController.Training;

/// <summary>Pushing dW_new to the firmware accumulator, with recovery, and mirroring its float32 state on the host.</summary>
public sealed partial class OnChipTrainer
{
    /// <summary>dW_new per device pair, nS: filled and pushed each batch (reused).</summary>
    private float[] _pushed = Array.Empty<float>();

    private void PushUpdates(int epoch)
    {
        // Digital biases: applied on the host every batch.
        foreach (Parameter p in _network.Parameters)
        {
            if (p.Kind == ParameterKind.Bias)
            {
                for (int i = 0; i < p.Length; i++)
                {
                    p.Value[i] += p.Update[i];
                }
            }
        }

        DeviceLayout layout = _chip!.Layout;
        int weights = layout.Weights;
        if (_pushed.Length != weights)
        {
            _pushed = new float[weights];
        }

        float[] d = _pushed;
        for (int l = 0; l < LayerCount; l++)
        {
            float[] u = _network.CrossbarLayers[l].Weights.Update;
            int start = layout.LayerStart[l];
            int count = layout.LayerStart[l + 1] - start;
            for (int i = 0; i < count; i++)
            {
                // every copy of a weight gets the same dW_new (in its own slot's nS): the copies stay tied
                d[start + i] = (float)(u[i % u.Length] / _scaleOfWeight[start + i]);
            }
        }

        int chunk = _client!.TrainUpdateChunk;
        for (int first = 0; first < weights; first += chunk)
        {
            int n = Math.Min(chunk, weights - first);
            TrainUpdateResult result = UpdateWithRecovery((uint)_state.Step, epoch, first, d.AsSpan(first, n));
            ApplyMirror(d, first, n, result);
        }
    }

    private TrainUpdateResult UpdateWithRecovery(uint step, int epoch, int first, ReadOnlySpan<float> d)
    {
        try
        {
            return _client!.TrainUpdate(_token, step, epoch, first, d);
        }
        catch (CimProtocolException e) when (e.Code == ErrorCode.NotReady)
        {
            TrainStatusInfo s = _client!.TrainStatus();
            _state.FirmwareResets++;
            Notice?.Invoke($"firmware reset detected at step {step}: " + (s.Token == 0 ? "the firmware has no training session (restarted)" :
                s.Token != _token ? $"another session {s.Token:X8} is active" : $"firmware resets went {s.ResetsAtStart} -> {s.ResetsNow}")
                + $" ({e.Message}); restoring the session from the host's exact mirror and retrying the update");
            RestoreDevices();
            _token = 0;
            if (first == 0)
            {
                StartSession(step - 1, 0);
            }
            else
            {
                StartSession(step, first);
            }

            return _client!.TrainUpdate(_token, step, epoch, first, d);
        }
    }

    /// <summary>Applies the firmware's rule to the host mirror (same float32 operations) and checks it against the reply.</summary>
    private void ApplyMirror(float[] d, int first, int n, TrainUpdateResult result)
    {
        float[] w = _state.WeightNs, acc = _state.AccumulatorNs;
        float th = _threshold, range = _gmax - _gmin;
        bool naive = _state.Options.Mode == TrainingMode.Naive;
        int k = 0;
        for (int i = first; i < first + n; i++)
        {
            float target;
            if (naive)
            {
                float steps = d[i] / th;
                int m = steps >= 0 ? (int)(steps + 0.5f) : -(int)(0.5f - steps);
                if (m == 0)
                {
                    continue;
                }

                target = w[i] + (m * th);
            }
            else
            {
                float a = acc[i] + d[i];
                if (a < th && a > -th)
                {
                    acc[i] = a;
                    continue;
                }

                target = w[i] + a;
                acc[i] = 0f;
            }

            if (target > range)
            {
                target = range;
            }
            else if (target < -range)
            {
                target = -range;
            }

            w[i] = target;
            if (k >= result.Writes.Count || result.Writes[k].Index != i)
            {
                throw new InvalidOperationException($"step {result.Step}: the firmware's writes differ from the host mirror at weight {i} (firmware wrote {(k < result.Writes.Count ? result.Writes[k].Index : -1)}); the mirror is no longer exact");
            }

            TrainWrite wr = result.Writes[k++];
            float plus = target > 0 ? _gmin + target : _gmin;
            float minus = target < 0 ? _gmin - target : _gmin;
            uint tp = (uint)(plus + 0.5f), tm = (uint)(minus + 0.5f);
            _chip!.TargetPlusNs[i] = tp;
            _chip.TargetMinusNs[i] = tm;
            _state.ProgramErrorsNs.Add((float)((double)wr.PlusNs - tp));
            _state.ProgramErrorsNs.Add((float)((double)wr.MinusNs - tm));
            _state.Writes[i]++;
            _state.EpochWrites++;
            _state.EpochLayerWrites[_chip.Layout.LayerOf(i)]++;
            SetWeight(i, target);
        }

        if (k != result.Writes.Count)
        {
            throw new InvalidOperationException($"step {result.Step}: the firmware wrote {result.Writes.Count} pairs in weights {first}..{first + n - 1}, the host mirror {k}");
        }

        _state.EpochFailed += result.Failed;
        _state.EpochPulses += result.Pulses;
    }

    private void SetWeight(int index, float wNs)
    {
        int l = _chip!.Layout.LayerOf(index);
        _network.CrossbarLayers[l].Weights.Value[_chip.Layout.LocalIndexOf(index)] = (float)(_scaleOfWeight[index] * wNs);
    }

}

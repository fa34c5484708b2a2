using System;
using System.Linq;
using CimController.Host;
using CimController.Learning.Layers;
using CimController.Learning.Models;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Training;

/// <summary>
/// The firmware's training session: starts it (and the host's <see cref="AccumulatorMirror"/> with the same settings and
/// weights), pushes each batch's dW_new to the firmware's update accumulator in chunks and feeds every answered chunk to
/// the mirror; on a firmware reset it restores the devices and the session from the mirror and retries the chunk.
/// Biases are digital and updated on the host with each push.
/// </summary>
internal sealed class UpdatePusher
{
    private readonly CimClient _client;
    private readonly Network _network;
    private readonly RunState _state;
    private readonly ChipDevices _devices;
    private readonly AccumulatorMirror _mirror;
    private readonly Action<string> _notice;
    private uint _token;

    /// <summary>dW_new per device pair, nS: filled and pushed each batch (reused).</summary>
    private float[] _pushed = Array.Empty<float>();

    public UpdatePusher(CimClient client, Network network, RunState state, ChipDevices devices, Action<string> notice)
    {
        _client = client;
        _network = network;
        _state = state;
        _devices = devices;
        _notice = notice;
        _mirror = new AccumulatorMirror(state, devices);
    }

    /// <summary>Configures and loads a new session from the run state; <paramref name="lastStep"/> and <paramref name="resumeFirst"/> say where an interrupted step resumes.</summary>
    public void Start(uint? lastStep = null, int resumeFirst = 0)
    {
        _token = (uint)Random.Shared.Next(1, int.MaxValue);
        DeviceLayout layout = _devices.Chip.Layout;
        var settings = new TrainSessionSettings(_token, _state.Options.Mode == TrainingMode.Naive ? TrainMode.Naive : TrainMode.Mixed,
            layout.Weights, layout.LayerStart.Take(layout.Layers).ToArray(), _devices.ThresholdNs, _devices.GminNs, _devices.GmaxNs,
            (uint)_state.Options.ToleranceNs, _state.Options.MaxTrials, _state.Options.Averages, lastStep ?? (uint)_state.Step, (uint)resumeFirst);
        _client.TrainConfigure(settings);
        var entries = new TrainWeightEntry[layout.Weights];
        for (int i = 0; i < entries.Length; i++)
        {
            (int tile, int row, int col) = layout.AddressOf(i);
            entries[i] = new TrainWeightEntry(tile, row, col, _state.WeightNs[i], _state.AccumulatorNs[i], _state.Writes[i]);
        }

        _client.TrainLoad(_token, 0, entries);
        _mirror.Start(settings, entries);
    }

    /// <summary>Applies the bias updates and pushes the weight updates of the step <see cref="RunState.Step"/>.</summary>
    public void Push(int epoch)
    {
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

        DeviceLayout layout = _devices.Chip.Layout;
        int weights = layout.Weights;
        if (_pushed.Length != weights)
        {
            _pushed = new float[weights];
        }

        for (int l = 0; l < _network.CrossbarLayers.Count; l++)
        {
            float[] u = _network.CrossbarLayers[l].Weights.Update;
            int start = layout.LayerStart[l];
            int count = layout.LayerStart[l + 1] - start;
            for (int i = 0; i < count; i++)
            {
                // every copy of a weight gets the same dW_new (in its own slot's nS): the copies stay tied
                _pushed[start + i] = _devices.ToNs(u[i % u.Length], start + i);
            }
        }

        int chunk = _client.TrainUpdateChunk;
        for (int first = 0; first < weights; first += chunk)
        {
            int n = Math.Min(chunk, weights - first);
            TrainUpdateResult result = UpdateWithRecovery((uint)_state.Step, epoch, first, _pushed.AsSpan(first, n));
            _mirror.Apply(_pushed, first, n, epoch, result);
        }
    }

    private TrainUpdateResult UpdateWithRecovery(uint step, int epoch, int first, ReadOnlySpan<float> d)
    {
        try
        {
            return _client.TrainUpdate(_token, step, epoch, first, d);
        }
        catch (CimProtocolException e) when (e.Code == ErrorCode.NotReady)
        {
            TrainStatusInfo s = _client.TrainStatus();
            _state.FirmwareResets++;
            _notice($"firmware reset detected at step {step}: " + (s.Token == 0 ? "the firmware has no training session (restarted)" :
                s.Token != _token ? $"another session {s.Token:X8} is active" : $"firmware resets went {s.ResetsAtStart} -> {s.ResetsNow}")
                + $" ({e.Message}); restoring the session from the host's exact mirror and retrying the update");
            _devices.Restore();
            if (first == 0)
            {
                Start(step - 1, 0);
            }
            else
            {
                Start(step, first);
            }

            return _client.TrainUpdate(_token, step, epoch, first, d);
        }
    }
}

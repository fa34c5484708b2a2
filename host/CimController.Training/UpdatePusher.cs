using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using CimController.Crossbar;
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
/// Biases are digital and updated on the host (<see cref="ApplyBiases"/>, once per step). Of several boards trained
/// data-parallel, the <paramref name="primary"/> one's mirror keeps the run state; the others check their own firmware.
/// Of a network spread over several boards, each board's session holds the device pairs on that board
/// (<paramref name="pairs"/>, ascending; null: all), numbered 0.. in that order, and its mirror keeps their part of the run state.
/// </summary>
internal sealed class UpdatePusher(CimClient client, Network network, RunState state, ChipDevices devices, Action<string> notice, bool primary = true, int[]? pairs = null)
{
    private readonly AccumulatorMirror _mirror = new(state, devices, primary, pairs);
    private float[] _local = Array.Empty<float>();
    private uint _token;

    /// <summary>dW_new per device pair, nS: filled and pushed each batch (reused).</summary>
    private float[] _pushed = Array.Empty<float>();

    /// <summary>Configures and loads a new session from the run state; <paramref name="lastStep"/> and <paramref name="resumeFirst"/> say where an interrupted step resumes.</summary>
    public void Start(uint? lastStep = null, int resumeFirst = 0)
    {
        _token = (uint)Random.Shared.Next(1, int.MaxValue);
        ChipSession chip = devices.Chip;
        DeviceLayout layout = chip.Layout;
        int[] mine = pairs ?? Enumerable.Range(0, layout.Weights).ToArray();
        // the layers present on this board, each starting at its first pair's position in `mine`
        var layerStarts = new List<int>();
        for (int k = 0, previous = -1; k < mine.Length; k++)
        {
            int layer = layout.LayerOf(mine[k]);
            if (layer != previous)
            {
                layerStarts.Add(k);
                previous = layer;
            }
        }

        var settings = new TrainSessionSettings(_token, state.Options.Mode == TrainingMode.Naive ? TrainMode.Naive : TrainMode.Mixed,
            mine.Length, layerStarts.ToArray(), devices.Window.ThresholdNanosiemens, devices.Window.GminNanosiemens, devices.Window.GmaxNanosiemens,
            (uint)state.Options.ToleranceNanosiemens, state.Options.MaxTrials, state.Options.Averages, lastStep ?? (uint)state.Step, (uint)resumeFirst);
        client.TrainConfigure(settings);
        var entries = new TrainWeightEntry[mine.Length];
        for (int k = 0; k < entries.Length; k++)
        {
            int i = mine[k];
            (_, int tile, int row, int col) = chip.BoardAddressOf(i);
            entries[k] = new TrainWeightEntry(tile, row, col, state.WeightNanosiemens[i], state.AccumulatorNanosiemens[i], state.Writes[i]);
        }

        client.TrainLoad(_token, 0, entries);
        _mirror.Start(settings, entries);
    }

    /// <summary>Applies the bias updates of the step (digital, on the host).</summary>
    public static void ApplyBiases(Network network)
    {
        foreach (Parameter p in network.Parameters.Where(p => p.Kind == ParameterKind.Bias))
        {
            TensorPrimitives.Add(p.Value, p.Update, p.Value);
        }
    }

    /// <summary>Pushes the weight updates of the step <see cref="RunState.Step"/> to this board.</summary>
    public void Push(int epoch)
    {
        DeviceLayout layout = devices.Chip.Layout;
        int weights = layout.Weights;
        if (_pushed.Length != weights)
        {
            _pushed = new float[weights];
        }

        for (int l = 0; l < network.CrossbarLayers.Count; l++)
        {
            float[] u = network.CrossbarLayers[l].Weights.Update;
            int start = layout.LayerStart[l];
            int count = layout.LayerStart[l + 1] - start;
            for (int i = 0; i < count; i++)
            {
                // every copy of a weight gets the same dW_new (in its own slot's nS): the copies stay tied
                _pushed[start + i] = devices.ToNs(u[i % u.Length], start + i);
            }
        }

        float[] d = _pushed;
        if (pairs is not null)
        {
            if (_local.Length != pairs.Length)
            {
                _local = new float[pairs.Length];
            }

            for (int k = 0; k < pairs.Length; k++)
            {
                _local[k] = _pushed[pairs[k]];
            }

            d = _local;
        }

        int chunk = client.TrainUpdateChunk;
        for (int first = 0; first < d.Length; first += chunk)
        {
            int n = Math.Min(chunk, d.Length - first);
            TrainUpdateResult result = UpdateWithRecovery((uint)state.Step, epoch, first, d.AsSpan(first, n));
            _mirror.Apply(d, first, n, epoch, result);
        }
    }

    private TrainUpdateResult UpdateWithRecovery(uint step, int epoch, int first, ReadOnlySpan<float> d)
    {
        try
        {
            return client.TrainUpdate(_token, step, epoch, first, d);
        }
        catch (CimProtocolException e) when (e.Code == ErrorCode.NotReady)
        {
            TrainStatusInfo s = client.TrainStatus();
            state.FirmwareResets++;
            notice($"firmware reset detected at step {step}: " + (s.Token == 0 ? "the firmware has no training session (restarted)" :
                s.Token != _token ? $"another session {s.Token:X8} is active" : $"firmware resets went {s.ResetsAtStart} -> {s.ResetsNow}")
                + $" ({e.Message}); restoring the session from the host's exact mirror and retrying the update");
            devices.Restore();
            Start(first == 0 ? step - 1 : step, first);

            return client.TrainUpdate(_token, step, epoch, first, d);
        }
    }
}

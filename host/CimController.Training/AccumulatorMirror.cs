using System;
using System.Runtime.InteropServices;
using CimController.Firmware;
using CimController.Host;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Training;

/// <summary>
/// The host's copy of the firmware's accumulator state (W_FP, dW_FP, write counts), kept for checkpoints, exactly-once
/// recovery and restore. It runs the firmware's own <see cref="UpdateAccumulator"/>, configured, loaded and fed exactly
/// as the firmware is, with a <see cref="RecordingPairWriter"/> in place of the devices; each chunk's decisions are
/// checked against the firmware's reply and copied into the <see cref="RunState"/>. Of several boards trained
/// data-parallel only the primary board's mirror writes the run state and the network's weights (every board's
/// accumulator holds the same values); each mirror checks its own firmware and keeps its own board's pair targets.
/// </summary>
internal sealed class AccumulatorMirror
{
    private readonly RunState _state;
    private readonly ChipDevices _devices;
    private readonly RecordingPairWriter _writer = new();
    private readonly UpdateAccumulator _accumulator;
    private readonly int[] _counts = new int[2];
    private byte[] _updates = Array.Empty<byte>();
    private byte[] _entries = Array.Empty<byte>();

    private readonly bool _primary;
    private readonly int[]? _pairs;

    /// <summary>A mirror of a session over all pairs, or over <paramref name="pairs"/> (the pair of each session weight, ascending).</summary>
    public AccumulatorMirror(RunState state, ChipDevices devices, bool primary = true, int[]? pairs = null)
    {
        _state = state;
        _devices = devices;
        _primary = primary;
        _pairs = pairs;
        _accumulator = new UpdateAccumulator(_writer);
    }

    /// <summary>Starts the mirror's session with the settings and weights the firmware's session was given.</summary>
    public void Start(TrainSessionSettings settings, TrainWeightEntry[] weights)
    {
        _accumulator.Configure(settings.Token, settings.Mode, settings.MaxTrials, settings.Weights, settings.ThresholdNanosiemens, settings.GminNanosiemens, settings.GmaxNanosiemens);
        _accumulator.ToleranceNanosiemens = settings.ToleranceNanosiemens;
        _accumulator.Averages = settings.Averages;
        for (int l = 0; l < settings.LayerStarts.Count; l++)
        {
            _accumulator.SetLayerStart(l, settings.LayerStarts[l]);
        }

        for (int i = 0; i < weights.Length; i++)
        {
            TrainWeightEntry e = weights[i];
            _accumulator.Load(i, e.Tile, e.Row, e.Column, e.Weight, e.Accumulator, e.Writes);
        }
    }

    /// <summary>
    /// Applies the updates <paramref name="d"/>[first..first+n) that the firmware answered with <paramref name="reply"/>:
    /// copies W_FP, dW_FP and write counts into the run state, records each written pair's targets and program errors, sets the network's weight to the new W_FP,
    /// and throws when the firmware wrote other pairs than the mirror (the mirror would no longer be exact).
    /// </summary>
    public void Apply(float[] d, int first, int n, int epoch, TrainUpdateResult reply)
    {
        if (_updates.Length < 4 * n)
        {
            _updates = new byte[4 * n];
            _entries = new byte[TrainLayout.WriteEntryBytes * n];
        }

        MemoryMarshal.AsBytes(d.AsSpan(first, n)).CopyTo(_updates);
        _writer.Begin(reply.Writes, n);
        int written = _accumulator.Apply(_updates, 0, first, n, epoch, _entries, 0, _counts);
        for (int k = first; k < first + n && _primary; k++)
        {
            int i = PairOf(k);
            _state.WeightNanosiemens[i] = _accumulator.WeightOf(k);
            _state.AccumulatorNanosiemens[i] = _accumulator.AccumulatorOf(k);
            _state.Writes[i] = _accumulator.WritesOf(k);
        }

        ChipSession chip = _devices.Chip;
        for (int k = 0; k < written; k++)
        {
            int i = (int)ByteOrder.ReadUInt32(_entries, k * TrainLayout.WriteEntryBytes);
            if (k >= reply.Writes.Count || reply.Writes[k].Index != i)
            {
                throw new InvalidOperationException($"step {reply.Step}: the firmware's writes differ from the host mirror at weight {i} (firmware wrote {(k < reply.Writes.Count ? reply.Writes[k].Index : -1)}); the mirror is no longer exact");
            }

            TrainWrite wr = reply.Writes[k];
            uint tp = _writer.PlusNanosiemens[k], tm = _writer.MinusNanosiemens[k];
            i = PairOf(i);
            chip.TargetPlusNanosiemens[i] = tp;
            chip.TargetMinusNanosiemens[i] = tm;
            if (!_primary)
            {
                continue;
            }

            _state.ProgramErrorsNanosiemens.Add((float)((double)wr.PlusNanosiemens - tp));
            _state.ProgramErrorsNanosiemens.Add((float)((double)wr.MinusNanosiemens - tm));
            _state.EpochWrites++;
            _state.EpochLayerWrites[chip.Layout.LayerOf(i)]++;
            _devices.SetWeight(i, _state.WeightNanosiemens[i]);
        }

        if (written != reply.Writes.Count)
        {
            throw new InvalidOperationException($"step {reply.Step}: the firmware wrote {reply.Writes.Count} pairs in weights {first}..{first + n - 1}, the host mirror {written}");
        }

        if (_primary)
        {
            _state.EpochFailed += reply.Failed;
            _state.EpochPulses += reply.Pulses;
        }
    }

    /// <summary>The device pair of session weight <paramref name="k"/>.</summary>
    private int PairOf(int k) => _pairs is null ? k : _pairs[k];
}

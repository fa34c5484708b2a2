using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using CimController.Host;
using CimController.Learning.Data;
using CimController.Learning.Layers;
using CimController.Learning.Models;
using CimController.Learning.Tensors;
using CimController.Learning.Training;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Training;

/// <summary>Progress after each batch.</summary>
public readonly record struct TrainProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double TrainAccuracy, double LastTestAccuracy,
    long Writes, TimeSpan Elapsed, TimeSpan Remaining, string? Event);

/// <summary>The outcome of a run (also in the run folder).</summary>
public sealed record TrainRunResult(RunState State, bool Completed, string? RunFolder);

/// <summary>Raised by the test hook to simulate a crash (no checkpoint is written).</summary>
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException(string message) : base(message) { }
}

/// <summary>
/// Trains a network in one of three modes (<see cref="TrainingMode"/>). For mixed and naive, each batch runs the forward
/// pass on the chip (<see cref="ChipSession"/>), the backward pass on the host with W_FP and the chip's activations, AdamW's
/// dW_new for the weights is converted to nS of the pair (dW / s) and pushed to the firmware's update accumulator
/// (TrainUpdate), which decides which pairs to write and writes them with write-verify; the host mirrors the accumulator
/// bit-exactly and updates W_FP of the written weights. Biases are digital and updated on the host. Checkpoints every
/// <see cref="TrainRunOptions.CheckpointEvery"/> batches and at each epoch end allow exactly-once resumption.
/// </summary>
public sealed partial class OnChipTrainer
{
    private readonly MnistDataset _data;
    private readonly Func<CimClient>? _connect;
    private readonly string? _folder;
    private RunState _state;
    private Network _network = null!;
    private Adam _adam = null!;
    private CimClient? _client;
    private ChipSession? _chip;
    private double[] _scaleOfWeight = Array.Empty<double>();
    private uint _token;
    private float _threshold, _gmin, _gmax;

    /// <summary>A new run. <paramref name="connect"/> opens the board (null for software mode).</summary>
    public OnChipTrainer(TrainRunOptions options, MnistDataset data, Func<CimClient>? connect, string? runFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _connect = connect;
        _folder = runFolder;
        _state = new RunState { Options = options };
        if (options.Mode != TrainingMode.Software && connect is null)
        {
            throw new ArgumentException($"mode {options.Mode} needs a board");
        }
    }

    /// <summary>Continues the run saved in <paramref name="state"/>.</summary>
    public OnChipTrainer(RunState state, MnistDataset data, Func<CimClient>? connect, string? runFolder)
        : this(state.Options, data, connect, runFolder)
    {
        _state = state;
    }

    /// <summary>Events worth a line in the log (firmware resets, restores).</summary>
    public event Action<string>? Notice;

    /// <summary>Test hook: called after each batch's update is applied (epoch, batch in epoch); return true to stop gracefully (a checkpoint is written at that batch).</summary>
    public Func<int, int, bool>? StopAfterBatch { get; set; }

    /// <summary>Test hook: called after each batch's update is applied, before any checkpoint; may throw to simulate a crash.</summary>
    public Action<int, int>? AfterBatch { get; set; }

    /// <summary>The chip session (chip modes, after <see cref="Run"/> started).</summary>
    public ChipSession? Chip => _chip;

    /// <summary>The run state.</summary>
    public RunState State => _state;

    /// <summary>The network being trained.</summary>
    public Network Network => _network;

    /// <summary>
    /// Trains to the last epoch, or until <paramref name="cancellation"/> is signalled: the batch in flight is finished,
    /// a checkpoint is written at that batch and the result says not completed (no exception). Disposes the board
    /// connection at the end.
    /// </summary>
    public TrainRunResult Run(IProgress<TrainProgress>? progress = null, CancellationToken cancellation = default)
    {
        TrainRunOptions o = _state.Options;
        bool chip = o.Mode != TrainingMode.Software;
        bool fresh = _state.Step == 0 && _state.Parameters.Count == 0;
        _network = TrainRunOptions.CreateNetwork(o.Model, o.Seed);
        _adam = new Adam(o.LearningRate, weightDecay: o.WeightDecay);
        if (!fresh)
        {
            RestoreHost();
        }
        else
        {
            _state.Weights = _network.WeightCount;
        }

        try
        {
            if (chip)
            {
                _client = _connect!();
                if (fresh)
                {
                    ProgramFresh();
                }
                else
                {
                    RestoreDevices();
                }

                StartSession();
            }
            else if (fresh)
            {
                _state.Writes = new int[_network.WeightCount];
            }

            if (fresh)
            {
                PickTrackedWeights();
                RecordTracked();
                Save();
            }

            bool completed = Loop(progress, cancellation);
            return new TrainRunResult(_state, completed, _folder);
        }
        finally
        {
            _client?.Dispose();
            _client = null;
        }
    }

    private bool Loop(IProgress<TrainProgress>? progress, CancellationToken cancellation)
    {
        TrainRunOptions o = _state.Options;
        var sampler = new BatchSampler(_data.Train.Count, o.BatchSize, o.Seed);
        var pixels = new float[o.BatchSize * _data.Train.ImageSize];
        var labels = new int[o.BatchSize];
        var clock = Stopwatch.StartNew();
        double elapsed0 = _state.ElapsedSeconds;
        long stepsAtStart = _state.Step;
        long totalSteps = (long)o.Epochs * o.BatchesPerEpoch;
        var epochClock = Stopwatch.StartNew();
        TimeSpan chipAtEpochStart = _chip?.ChipTime ?? TimeSpan.Zero;
        while (_state.Epoch <= o.Epochs)
        {
            int epoch = _state.Epoch;
            if (_state.EpochLayerWrites.Length != LayerCount)
            {
                _state.EpochLayerWrites = new long[LayerCount];
            }

            int b = 0;
            foreach (int[] indices in sampler.Batches(epoch - 1, o.BatchesPerEpoch))
            {
                if (b++ < _state.BatchInEpoch)
                {
                    continue;
                }

                if (cancellation.IsCancellationRequested)
                {
                    // A stop between batches: the last batch's update is fully applied (device writes, mirror, counters),
                    // so the checkpoint taken here is exact and --resume continues with this batch.
                    _state.ElapsedSeconds = elapsed0 + clock.Elapsed.TotalSeconds;
                    Save();
                    return false;
                }

                _data.Train.FillBatch(indices, pixels, labels);
                Activations input = _network.InputFrom(pixels, indices.Length);
                bool diagnose = _chip is not null && o.DiagnoseEvery > 0 && (b == 1 || b % o.DiagnoseEvery == 0);
                if (diagnose)
                {
                    _chip!.Stats = Enumerable.Range(0, LayerCount).Select(_ => new ChipLayerStats()).ToArray();
                    if (o.HostForward)
                    {
                        _network.Forward(input, _chip);
                    }
                }

                BatchResult r = _network.ForwardBackward(input, labels, o.HostForward ? null : _chip);
                if (diagnose)
                {
                    Diagnose(epoch, b, r);
                }

                if (!double.IsFinite(r.Loss))
                {
                    throw new InvalidOperationException($"training diverged at epoch {epoch} batch {b} (step {_state.Step + 1}): the loss is {r.Loss}; "
                        + "nothing of this batch was pushed to the devices; the last checkpoint is intact");
                }

                _state.Step++;
                if (_chip is null)
                {
                    _adam.Step(_network.Parameters);
                    _state.EpochWrites += _network.WeightCount;
                }
                else
                {
                    _adam.ComputeUpdates(_network.Parameters);
                    PushUpdates(epoch);
                }

                _state.BatchInEpoch = b;
                _state.EpochLossSum += r.Loss;
                _state.EpochCorrect += r.Correct;
                _state.EpochSeen += r.Count;
                RecordTracked();
                AfterBatch?.Invoke(epoch, b);
                bool stop = StopAfterBatch?.Invoke(epoch, b) ?? false;
                if (stop || (b < o.BatchesPerEpoch && b % o.CheckpointEvery == 0))
                {
                    _state.ElapsedSeconds = elapsed0 + clock.Elapsed.TotalSeconds;
                    Save();
                }

                double done = _state.Step - stepsAtStart;
                TimeSpan spent = clock.Elapsed;
                TimeSpan remaining = done > 0 ? TimeSpan.FromSeconds(spent.TotalSeconds / done * (totalSteps - _state.Step)) : TimeSpan.Zero;
                double lastTest = _state.History.Count > 0 ? _state.History[^1].TestAccuracy : double.NaN;
                progress?.Report(new TrainProgress(epoch, o.Epochs, b, o.BatchesPerEpoch, r.Loss, (double)_state.EpochCorrect / _state.EpochSeen, lastTest,
                    _state.WritesTotal + _state.EpochWrites, TimeSpan.FromSeconds(elapsed0) + spent, remaining, null));
                if (stop)
                {
                    return false;
                }
            }

            TimeSpan trainTime = epochClock.Elapsed;
            var testClock = Stopwatch.StartNew();
            (double accuracy, int[] confusion) = Evaluate(o.TestImages);
            var m = new EpochMetrics
            {
                Epoch = epoch,
                TrainLoss = _state.EpochLossSum / Math.Max(1, _state.BatchInEpoch),
                TrainAccuracy = (double)_state.EpochCorrect / Math.Max(1, _state.EpochSeen),
                TestAccuracy = accuracy,
                TestImages = Math.Min(o.TestImages, _data.Test.Count),
                Writes = _state.EpochWrites,
                WritesTotal = _state.WritesTotal + _state.EpochWrites,
                FailedWrites = _state.EpochFailed,
                Pulses = _state.EpochPulses,
                WritesPerLayer = _state.EpochLayerWrites.ToArray(),
                TrainSeconds = trainTime.TotalSeconds,
                TestSeconds = testClock.Elapsed.TotalSeconds,
                ChipSeconds = ((_chip?.ChipTime ?? TimeSpan.Zero) - chipAtEpochStart).TotalSeconds,
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
            _state.ElapsedSeconds = elapsed0 + clock.Elapsed.TotalSeconds;
            Save();
            if (_folder is not null)
            {
                RunFolder.WriteEpoch(_folder, _state, confusion);
            }

            progress?.Report(new TrainProgress(epoch, o.Epochs, o.BatchesPerEpoch, o.BatchesPerEpoch, m.TrainLoss, m.TrainAccuracy, accuracy,
                _state.WritesTotal, TimeSpan.FromSeconds(_state.ElapsedSeconds), TimeSpan.Zero,
                $"epoch {epoch}: test accuracy {accuracy:P2}, {m.Writes} writes, train {m.TrainSeconds:0.0} s (chip {m.ChipSeconds:0.0} s), test {m.TestSeconds:0.0} s"));
            epochClock.Restart();
            chipAtEpochStart = _chip?.ChipTime ?? TimeSpan.Zero;
        }

        return true;
    }

    private int LayerCount => _network.CrossbarLayers.Count;

    /// <summary>Test accuracy on the first <paramref name="count"/> test images, and the confusion matrix [true * classes + predicted].</summary>
    public (double Accuracy, int[] Confusion) Evaluate(int count)
    {
        LabeledImages test = _data.Test;
        count = Math.Min(count, test.Count);
        int classes = _network.Classes;
        var confusion = new int[classes * classes];
        if (count == 0)
        {
            return (double.NaN, confusion);
        }

        const int batch = 256;
        var pixels = new float[batch * test.ImageSize];
        var labels = new int[batch];
        var idx = new int[batch];
        int correct = 0;
        for (int s = 0; s < count; s += batch)
        {
            int n = Math.Min(batch, count - s);
            for (int i = 0; i < n; i++)
            {
                idx[i] = s + i;
            }

            test.FillBatch(idx.AsSpan(0, n), pixels, labels);
            Activations logits = _network.Forward(_network.InputFrom(pixels, n), _state.Options.HostForward ? null : _chip);
            ReadOnlySpan<float> z = logits.Span;
            for (int b = 0; b < n; b++)
            {
                int best = 0;
                for (int c = 1; c < classes; c++)
                {
                    if (z[(c * n) + b] > z[(best * n) + b])
                    {
                        best = c;
                    }
                }

                confusion[(labels[b] * classes) + best]++;
                if (best == labels[b])
                {
                    correct++;
                }
            }
        }

        return ((double)correct / count, confusion);
    }

    /// <summary>Logs the per-layer chip-vs-software statistics of this batch and the devices' deviation from W_FP.</summary>
    private void Diagnose(int epoch, int batch, BatchResult r)
    {
        ChipLayerStats[] stats = _chip!.Stats!;
        _chip.Stats = null;
        (float[] gp, float[] gm) = _chip.ReadAll(_state.Options.Averages);
        var line = new System.Text.StringBuilder($"diag epoch {epoch} batch {batch} loss {r.Loss:0.000}:");
        for (int l = 0; l < LayerCount; l++)
        {
            int s0 = _chip.Layout.LayerStart[l], s1 = _chip.Layout.LayerStart[l + 1];
            double e2 = 0, w2 = 0;
            for (int i = s0; i < s1; i++)
            {
                double e = gp[i] - gm[i] - _state.WeightNs[i];
                e2 += e * e;
                w2 += (double)_state.WeightNs[i] * _state.WeightNs[i];
            }

            float[] bias = _network.CrossbarLayers[l].Bias?.Value ?? Array.Empty<float>();
            line.Append($"\n  {_network.CrossbarLayers[l].Name}: {stats[l]}; device-W_FP rms {Math.Sqrt(e2 / (s1 - s0)):0} nS (W_FP rms {Math.Sqrt(w2 / (s1 - s0)):0} nS)");
            line.Append($"; |bias|max {(bias.Length > 0 ? bias.Max(Math.Abs) : 0):0.###}");
        }

        Notice?.Invoke(line.ToString());
    }
}

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
public sealed class OnChipTrainer
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

    /// <summary>Trains to the last epoch or until stopped; disposes the board connection at the end.</summary>
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

                cancellation.ThrowIfCancellationRequested();
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

        int weights = _chip!.Layout.Weights;
        var d = new float[weights];
        for (int l = 0; l < LayerCount; l++)
        {
            float[] u = _network.CrossbarLayers[l].Weights.Update;
            int start = _chip.Layout.LayerStart[l];
            for (int i = 0; i < u.Length; i++)
            {
                d[start + i] = (float)(u[i] / _scaleOfWeight[start + i]);
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
        _network.CrossbarLayers[l].Weights.Value[index - _chip.Layout.LayerStart[l]] = (float)(_scaleOfWeight[index] * wNs);
    }

    private void BuildChip(DeviceLayout layout, double[] scales)
    {
        _chip = new ChipSession(_client!, _network, layout, scales, _state.Options.Window) { CurrentTarget = _state.Options.CurrentTarget, ClipQuantile = _state.Options.ClipQuantile, Repeats = _state.Options.Repeats, PerVectorScale = _state.Options.PerVectorScale };
        _scaleOfWeight = new double[layout.Weights];
        for (int i = 0; i < layout.Weights; i++)
        {
            _scaleOfWeight[i] = scales[layout.SlotOf(i)];
        }

        ChipWindow win = _state.Options.Window;
        _threshold = (uint)Math.Round(win.ThresholdNs);
        _gmin = (uint)Math.Round(win.MinNs);
        _gmax = (uint)Math.Round(win.MaxNs);
        _state.ThresholdNs = (uint)_threshold;
    }

    private WriteVerifyOptions ProgramOptions(int maxTrials) => new()
    {
        MaxTrials = maxTrials,
        ToleranceNanosiemens = (uint)_state.Options.ToleranceNs,
        Averages = _state.Options.Averages,
    };

    /// <summary>Maps the fresh network, programs the initial conductances and reads them back into W_FP (Wu 2023).</summary>
    private void ProgramFresh()
    {
        InfoMessage info = _client!.Info;
        DeviceLayout layout = DeviceLayout.Plan(_network, info.Rows, info.Columns, info.Tiles);
        double[] scales = ChipSession.InitialScales(_network, layout, _state.Options.Window);
        BuildChip(layout, scales);
        int n = layout.Weights;
        var plus = new uint[n];
        var minus = new uint[n];
        for (int l = 0; l < LayerCount; l++)
        {
            float[] w = _network.CrossbarLayers[l].Weights.Value;
            for (int i = 0; i < w.Length; i++)
            {
                int g = layout.LayerStart[l] + i;
                (plus[g], minus[g]) = _chip!.PairTargets(w[i] / _scaleOfWeight[g]);
            }
        }

        List<WriteVerifyCellResult> cells = _chip!.ProgramAll(plus, minus, ProgramOptions(5));
        int failed = cells.Count(c => !c.Success);
        Notice?.Invoke($"programmed {2 * n} devices of {layout.Slots.Count} arrays on {layout.TilesUsed} tiles (initial window {_state.Options.Window.MinNs / 1000:0.#}-{_state.Options.Window.InitialMaxNs / 1000:0.#} uS), {failed} not in band");
        (float[] gp, float[] gm) = _chip.ReadAll(_state.Options.Averages);
        _state.WeightNs = new float[n];
        _state.AccumulatorNs = new float[n];
        _state.Writes = new int[n];
        for (int i = 0; i < n; i++)
        {
            float wG = gp[i] - gm[i];
            float range = _gmax - _gmin;
            _state.WeightNs[i] = Math.Clamp(wG, -range, range);
            SetWeight(i, _state.WeightNs[i]);
        }

        SaveLayout();
    }

    private void SaveLayout()
    {
        DeviceLayout layout = _chip!.Layout;
        _state.Slots = layout.Slots.Select((p, s) => new SlotRecord
        {
            Layer = p.Layer, Index = p.Slot.Index, RowBlock = p.Slot.RowBlock, OutputBlock = p.Slot.OutputBlock, RowStart = p.Slot.RowStart,
            RowCount = p.Slot.RowCount, OutputStart = p.Slot.OutputStart, OutputCount = p.Slot.OutputCount, Tile = p.Tile, Column = p.Column,
            Scale = _chip.Scales[s],
        }).ToList();
        _state.LayerFanIn = layout.LayerFanIn;
        _state.LayerOutputs = layout.LayerOutputs;
        _state.TileRows = layout.TileRows;
        _state.TileColumns = layout.TileColumns;
        _state.Tiles = layout.Tiles;
    }

    /// <summary>Rebuilds the device map from the checkpoint, reads every pair back and re-programs pairs that left their last target.</summary>
    private void RestoreDevices()
    {
        if (_chip is null)
        {
            var slots = _state.Slots.Select(s => new PlacedSlot(s.Layer,
                new Learning.Mapping.TileSlot(s.Index, s.RowBlock, s.OutputBlock, s.RowStart, s.RowCount, s.OutputStart, s.OutputCount), s.Tile, s.Column)).ToList();
            DeviceLayout layout = DeviceLayout.FromSlots(slots, _state.LayerFanIn, _state.LayerOutputs, _state.TileRows, _state.TileColumns, _state.Tiles);
            InfoMessage info = _client!.Info;
            if (info.Rows < layout.TileRows || info.Columns < layout.TileColumns || info.Tiles < layout.Tiles)
            {
                throw new CheckpointException($"the checkpoint's device map needs {layout.Tiles} tiles of {layout.TileRows}x{layout.TileColumns}; the board has {info.Tiles} of {info.Rows}x{info.Columns}");
            }

            BuildChip(layout, _state.Slots.Select(s => s.Scale).ToArray());
            Array.Copy(_state.TargetPlusNs, _chip!.TargetPlusNs, _state.TargetPlusNs.Length);
            Array.Copy(_state.TargetMinusNs, _chip.TargetMinusNs, _state.TargetMinusNs.Length);
        }

        (float[] gp, float[] gm) = _chip!.ReadAll(_state.Options.Averages);
        double limit = 2 * _state.Options.ToleranceNs;
        var byTile = new Dictionary<int, List<CellTarget>>();
        int pairs = 0;
        for (int i = 0; i < _chip.Layout.Weights; i++)
        {
            if (Math.Abs(gp[i] - _chip.TargetPlusNs[i]) <= limit && Math.Abs(gm[i] - _chip.TargetMinusNs[i]) <= limit)
            {
                continue;
            }

            (int tile, int row, int col) = _chip.Layout.AddressOf(i);
            if (!byTile.TryGetValue(tile, out List<CellTarget>? list))
            {
                byTile[tile] = list = new List<CellTarget>();
            }

            list.Add(new CellTarget(row, col, _chip.TargetPlusNs[i]));
            list.Add(new CellTarget(row, col + 1, _chip.TargetMinusNs[i]));
            pairs++;
        }

        foreach ((int tile, List<CellTarget> cells) in byTile)
        {
            _client!.WriteVerify(tile, cells, ProgramOptions(5));
        }

        _state.RestoreWrites += pairs;
        Notice?.Invoke(pairs == 0 ? $"device map checked: all {_chip.Layout.Weights} pairs hold their last targets"
            : $"device map restored: {pairs} of {_chip.Layout.Weights} pairs had left their last targets and were re-programmed");
    }

    private void StartSession(uint? lastStep = null, int resumeFirst = 0)
    {
        _token = (uint)Random.Shared.Next(1, int.MaxValue);
        DeviceLayout layout = _chip!.Layout;
        var starts = layout.LayerStart.Take(layout.Layers).ToArray();
        _client!.TrainConfigure(new TrainSessionSettings(_token, _state.Options.Mode == TrainingMode.Naive ? TrainMode.Naive : TrainMode.Mixed,
            layout.Weights, starts, (uint)_threshold, (uint)_gmin, (uint)_gmax, (uint)_state.Options.ToleranceNs, _state.Options.MaxTrials,
            _state.Options.Averages, lastStep ?? (uint)_state.Step, (uint)resumeFirst));
        var entries = new TrainWeightEntry[layout.Weights];
        for (int i = 0; i < entries.Length; i++)
        {
            (int tile, int row, int col) = layout.AddressOf(i);
            entries[i] = new TrainWeightEntry(tile, row, col, _state.WeightNs[i], _state.AccumulatorNs[i], _state.Writes[i]);
        }

        _client.TrainLoad(_token, 0, entries);
    }

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
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;
using CimController.Host;
using CimController.Learning.Data;
using CimController.Learning.Layers;
using CimController.Learning.Models;
using CimController.Learning.Tensors;
using CimController.Learning.Training;

namespace CimController.Training;

/// <summary>Progress after each batch.</summary>
public readonly record struct TrainProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double TrainAccuracy, double LastTestAccuracy,
    long Writes, TimeSpan Elapsed, TimeSpan Remaining, string? Event);

/// <summary>The outcome of a run (also in the run folder); <paramref name="Boards"/> has one entry per board of a completed chip run.</summary>
public sealed record TrainRunResult(RunState State, bool Completed, string? RunFolder, IReadOnlyList<BoardTrainingReport>? Boards = null);

/// <summary>Raised by the test hook to simulate a crash (no checkpoint is written).</summary>
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException(string message) : base(message) { }
}

/// <summary>
/// Trains a network in one of three modes (<see cref="TrainingMode"/>): the epoch and batch loop. For mixed and naive,
/// each batch runs the forward pass on the chip (<see cref="ChipSession"/>), the backward pass on the host with W_FP and
/// the chip's activations; AdamW's dW_new goes to the firmware's update accumulator (<see cref="UpdatePusher"/>), which
/// decides which pairs to write and writes them with write-verify, and the host keeps an exact copy of its state
/// (<see cref="AccumulatorMirror"/>). The devices are placed, programmed and restored by <see cref="ChipDevices"/>, the
/// run state is kept by <see cref="RunBookkeeper"/>. Checkpoints every <see cref="TrainRunOptions.CheckpointEvery"/>
/// batches and at each epoch end allow exactly-once resumption. With several boards (<see cref="OnBoards"/>) every board
/// holds one copy of the network (data-parallel): each batch's forward pass is split across them
/// (<see cref="DataParallelChips"/>), the host computes one gradient, and every board's accumulator gets the same dW_new,
/// so their W_FP, dW_FP and write decisions stay identical while each board programs its own devices. With
/// <see cref="TrainRunOptions.Spread"/> the boards instead hold one copy together (<see cref="ChipSession"/> numbers their
/// tiles one board after another; each board's firmware accumulates the pairs on its own tiles).
/// </summary>
public sealed class OnChipTrainer
{
    private readonly MnistDataset _data;
    private readonly Func<IReadOnlyList<CimClient>>? _connect;
    private readonly string? _folder;
    private RunState _state;
    private Network _network = null!;
    private Adam _adam = null!;
    private RunBookkeeper _book = null!;
    private List<ChipDevices> _devices = new();
    private List<UpdatePusher> _updates = new();
    private IActivationSource? _source;
    private DataParallelChips? _parallel;
    private int _spreadBoards;

    /// <summary>A new run. <paramref name="connect"/> opens the board (null for software mode).</summary>
    public OnChipTrainer(TrainRunOptions options, MnistDataset data, Func<CimClient>? connect, string? runFolder)
        : this(options, data, connect is null ? null : () => new[] { connect() }, runFolder)
    {
    }

    private OnChipTrainer(TrainRunOptions options, MnistDataset data, Func<IReadOnlyList<CimClient>>? connect, string? runFolder)
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
        : this(state.Options, data, connect, runFolder) => _state = state;

    /// <summary>
    /// The run in <paramref name="state"/> (new or saved) on the boards <paramref name="connectBoards"/> opens: one board
    /// as with the constructor, two or more data-parallel. The boards must have the same geometry.
    /// </summary>
    public static OnChipTrainer OnBoards(RunState state, MnistDataset data, Func<IReadOnlyList<CimClient>>? connectBoards, string? runFolder)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new OnChipTrainer(state.Options, data, connectBoards, runFolder) { _state = state };
    }

    /// <summary>Events worth a line in the log (firmware resets, restores).</summary>
    public event Action<string>? Notice;

    /// <summary>Test hook: called after each batch's update is applied (epoch, batch in epoch); return true to stop gracefully (a checkpoint is written at that batch).</summary>
    public Func<int, int, bool>? StopAfterBatch { get; set; }

    /// <summary>Test hook: called after each batch's update is applied, before any checkpoint; may throw to simulate a crash.</summary>
    public Action<int, int>? AfterBatch { get; set; }

    /// <summary>The chip session of the first board (chip modes, after <see cref="Run"/> started).</summary>
    public ChipSession? Chip => _devices.Count > 0 ? _devices[0].Placed : null;

    /// <summary>Boards the run trains on (0 in software mode or before <see cref="Run"/>).</summary>
    public int Boards => _spreadBoards > 0 ? _spreadBoards : _devices.Count;

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
        bool fresh = _state.Step == 0 && _state.Parameters.Count == 0;
        _network = TrainRunOptions.CreateNetwork(o.Model, o.Seed);
        _adam = new Adam(o.LearningRate, weightDecay: o.WeightDecay);
        _book = new RunBookkeeper(_state, _network, _adam, _folder);
        if (!fresh)
        {
            _book.RestoreHost();
        }
        else
        {
            _state.Weights = _network.WeightCount;
        }

        IReadOnlyList<CimClient> clients = Array.Empty<CimClient>();
        try
        {
            if (o.Mode != TrainingMode.Software)
            {
                clients = _connect!();
                if (o.Spread && clients.Count > 1)
                {
                    // one copy of the network over all boards; each board's session holds the pairs on its tiles
                    _devices = new List<ChipDevices> { new(clients, _network, _state, Tell) };
                    PlaceOnBoards(fresh);
                    ChipSession spread = _devices[0].Chip;
                    _updates = Enumerable.Range(0, clients.Count).Select(b => (Board: b, Pairs: spread.PairsOnBoard(b))).Where(x => x.Pairs.Length > 0)
                        .Select(x => new UpdatePusher(clients[x.Board], _network, _state, _devices[0], Tell, primary: true, pairs: x.Pairs)).ToList();
                    _spreadBoards = clients.Count;
                }
                else
                {
                    _devices = clients.Select(c => new ChipDevices(new[] { c }, _network, _state, Tell)).ToList();
                    PlaceOnBoards(fresh);
                    _updates = clients.Select((c, b) => new UpdatePusher(c, _network, _state, _devices[b], Tell, primary: b == 0)).ToList();
                }

                foreach (UpdatePusher u in _updates)
                {
                    u.Start();
                }

                _parallel = _devices.Count > 1 ? new DataParallelChips(_devices.Select(d => d.Chip).ToList()) : null;
                _source = _parallel ?? (IActivationSource)_devices[0].Chip;
            }
            else if (fresh)
            {
                _state.Writes = new int[_network.WeightCount];
            }

            if (fresh)
            {
                _book.PickTrackedWeights();
                _book.RecordTracked();
                _book.Save(Chip);
            }

            bool completed = Loop(progress, cancellation);
            IReadOnlyList<BoardTrainingReport>? boards = !completed || clients.Count == 0 ? null
                : _spreadBoards > 0 ? BoardTrainingReport.MeasureSpread(clients, _devices[0].Chip, _state)
                : BoardTrainingReport.Measure(clients, _devices, _network, _data.Test, o.TestImages, _state);
            return new TrainRunResult(_state, completed, _folder, boards);
        }
        finally
        {
            foreach (CimClient c in clients)
            {
                c.Dispose();
            }
        }
    }

    /// <summary>
    /// Programs fresh devices on every board, or restores them on resume. With several boards W_FP starts at the mean of the
    /// boards' read-back values, the same on every board, so their accumulators stay tied.
    /// </summary>
    private void PlaceOnBoards(bool fresh)
    {
        if (!fresh)
        {
            foreach (ChipDevices d in _devices)
            {
                d.Restore();
            }

            return;
        }

        // every board is programmed from the same initial weights and block scales
        float[][] initial = _network.CrossbarLayers.Select(l => (float[])l.Weights.Value.Clone()).ToArray();
        float[] sum = _devices[0].ProgramFresh();
        double[] scales = _devices[0].Chip.Scales;
        for (int b = 1; b < _devices.Count; b++)
        {
            for (int l = 0; l < initial.Length; l++)
            {
                initial[l].CopyTo(_network.CrossbarLayers[l].Weights.Value, 0);
            }

            float[] readBack = _devices[b].ProgramFresh(scales);
            if (readBack.Length != sum.Length)
            {
                throw new InvalidOperationException($"board {b + 1} placed {readBack.Length} device pairs, board 1 {sum.Length}: data-parallel boards must be alike");
            }

            TensorPrimitives.Add(sum, readBack, sum);
        }

        if (_devices.Count > 1)
        {
            TensorPrimitives.Divide(sum, _devices.Count, sum);
            sum.CopyTo(_state.WeightNanosiemens, 0);
            for (int i = 0; i < sum.Length; i++)
            {
                _devices[0].SetWeight(i, sum[i]);
            }
        }
    }

    private void Tell(string notice) => Notice?.Invoke(notice);

    private bool Loop(IProgress<TrainProgress>? progress, CancellationToken cancellation)
    {
        TrainRunOptions o = _state.Options;
        ChipSession? chip = Chip;
        IActivationSource? source = _source;
        int layers = _network.CrossbarLayers.Count;
        var sampler = new BatchSampler(_data.Train.Count, o.BatchSize, o.Seed);
        var pixels = new float[o.BatchSize * _data.Train.ImageSize];
        var labels = new int[o.BatchSize];
        var clock = Stopwatch.StartNew();
        double elapsed0 = _state.ElapsedSeconds;
        long stepsAtStart = _state.Step;
        long totalSteps = (long)o.Epochs * o.BatchesPerEpoch;
        var epochClock = Stopwatch.StartNew();
        TimeSpan chipAtEpochStart = ChipTime();
        while (_state.Epoch <= o.Epochs)
        {
            int epoch = _state.Epoch;
            if (_state.EpochLayerWrites.Length != layers)
            {
                _state.EpochLayerWrites = new long[layers];
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
                    SaveCheckpoint();
                    return false;
                }

                _data.Train.FillBatch(indices, pixels, labels);
                Activations input = _network.InputFrom(pixels, indices.Length);
                bool diagnose = chip is not null && _parallel is null && o.DiagnoseEvery > 0 && (b == 1 || b % o.DiagnoseEvery == 0);
                if (diagnose)
                {
                    chip!.Stats = Enumerable.Range(0, layers).Select(_ => new ChipLayerStats()).ToArray();
                    if (o.HostForward)
                    {
                        _network.Forward(input, chip);
                    }
                }

                BatchResult r = _network.ForwardBackward(input, labels, o.HostForward ? null : source);
                if (diagnose)
                {
                    Tell(ChipDiagnostics.Describe(chip!, _network, _state, epoch, b, r));
                }

                if (!double.IsFinite(r.Loss))
                {
                    throw new InvalidOperationException($"training diverged at epoch {epoch} batch {b} (step {_state.Step + 1}): the loss is {r.Loss}; "
                        + "nothing of this batch was pushed to the devices; the last checkpoint is intact");
                }

                _state.Step++;
                if (_updates.Count == 0)
                {
                    _adam.Step(_network.Parameters);
                    _state.EpochWrites += _network.WeightCount;
                }
                else
                {
                    _adam.ComputeUpdates(_network.Parameters);
                    UpdatePusher.ApplyBiases(_network);
                    // every board gets the same dW_new; boards are written at the same time (the first board's mirror
                    // keeps the run state, the others check their firmware's decisions against their own mirror)
                    Parallel.ForEach(_updates, new ParallelOptions { MaxDegreeOfParallelism = _updates.Count }, u => u.Push(epoch));
                }

                _book.CountBatch(b, r);
                AfterBatch?.Invoke(epoch, b);
                bool stop = StopAfterBatch?.Invoke(epoch, b) ?? false;
                if (stop || (b < o.BatchesPerEpoch && b % o.CheckpointEvery == 0))
                {
                    SaveCheckpoint();
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
            EpochMetrics m = _book.CloseEpoch(accuracy, Math.Min(o.TestImages, _data.Test.Count), trainTime, testClock.Elapsed,
                ChipTime() - chipAtEpochStart);
            SaveCheckpoint();
            if (_folder is not null)
            {
                RunFolder.WriteEpoch(_folder, _state, confusion);
            }

            progress?.Report(new TrainProgress(epoch, o.Epochs, o.BatchesPerEpoch, o.BatchesPerEpoch, m.TrainLoss, m.TrainAccuracy, accuracy,
                _state.WritesTotal, TimeSpan.FromSeconds(_state.ElapsedSeconds), TimeSpan.Zero,
                $"epoch {epoch}: test accuracy {accuracy:P2}, {m.Writes} writes, train {m.TrainSeconds:0.0} s (chip {m.ChipSeconds:0.0} s), test {m.TestSeconds:0.0} s"));
            epochClock.Restart();
            chipAtEpochStart = ChipTime();
        }

        return true;

        void SaveCheckpoint()
        {
            _state.ElapsedSeconds = elapsed0 + clock.Elapsed.TotalSeconds;
            _book.Save(chip);
        }
    }

    /// <summary>Test accuracy on the first <paramref name="count"/> test images, and the confusion matrix [true * classes + predicted].</summary>
    public (double Accuracy, int[] Confusion) Evaluate(int count) =>
        ConfusionEvaluation.Run(_network, _data.Test, count, _state.Options.HostForward ? null : _source);

    /// <summary>Time spent in the chip forward pass: the boards' shared wall time when data-parallel.</summary>
    private TimeSpan ChipTime() => _parallel?.ChipTime ?? Chip?.ChipTime ?? TimeSpan.Zero;
}

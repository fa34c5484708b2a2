using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using CimController.Learning.Data;
using CimController.Learning.Models;
using CimController.Learning.Tensors;

namespace CimController.Learning.Training;

/// <summary>
/// FP32 software training, the baseline of Wu 2023 Fig. 5c (grey line): every batch's update is applied to every
/// weight (W += dW_new). Batches come from a <see cref="BatchSampler"/> seeded by <see cref="TrainingOptions.Seed"/>.
/// </summary>
public sealed class SoftwareTrainer
{
    private readonly Network _network;
    private readonly Optimizer _optimizer;
    private readonly TrainingOptions _options;

    /// <summary>Creates a trainer for <paramref name="network"/>.</summary>
    public SoftwareTrainer(Network network, Optimizer optimizer, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _optimizer = optimizer;
        _options = options;
    }

    /// <summary>Trains and evaluates after each epoch.</summary>
    public TrainingReport Train(LabeledImages train, LabeledImages test, IProgress<BatchProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        TrainingOptions o = _options;
        var sampler = new BatchSampler(train.Count, o.BatchSize, o.Seed);
        var pixels = new float[o.BatchSize * train.ImageSize];
        var labels = new int[o.BatchSize];
        var epochs = new List<EpochResult>();
        var total = Stopwatch.StartNew();
        for (int epoch = 1; epoch <= o.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long correct = 0, seen = 0;
            int batch = 0;
            foreach (int[] indices in sampler.Batches(epoch - 1, o.BatchesPerEpoch))
            {
                cancellation.ThrowIfCancellationRequested();
                train.FillBatch(indices, pixels, labels);
                Activations input = _network.InputFrom(pixels, indices.Length);
                BatchResult r = _network.ForwardBackward(input, labels);
                _optimizer.Step(_network.Parameters);
                lossSum += r.Loss;
                correct += r.Correct;
                seen += r.Count;
                batch++;
                progress?.Report(new BatchProgress(epoch, batch, o.BatchesPerEpoch, r.Loss, total.Elapsed));
            }

            TimeSpan trainTime = clock.Elapsed;
            clock.Restart();
            int testCount = Math.Min(o.TestImages, test.Count);
            double accuracy = testCount > 0 ? Evaluation.Accuracy(_network, test, testCount) : double.NaN;
            epochs.Add(new EpochResult(epoch, lossSum / batch, (double)correct / seen, accuracy, testCount, trainTime, clock.Elapsed));
        }

        return new TrainingReport(_network.Name, o, epochs, total.Elapsed);
    }
}

using System;
using System.Diagnostics;
using System.Linq;
using CimController.Learning.Data;
using CimController.Learning.Models;
using CimController.Learning.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

[TestClass]
public sealed class TrainingSmokeTests
{
    /// <summary>Fashion-MNIST when installed, else a synthetic separable set: class c lights up a 7x7 block.</summary>
    private static (LabeledImages Train, LabeledImages Test, string Source) Data()
    {
        if (FashionMnist.IsInstalled())
        {
            MnistDataset d = FashionMnist.Load();
            return (d.Train, d.Test, "Fashion-MNIST");
        }

        static LabeledImages Make(int n, int seed)
        {
            var rng = new Random(seed);
            var px = new byte[n * 784];
            var lb = new byte[n];
            for (int i = 0; i < n; i++)
            {
                int c = rng.Next(10);
                lb[i] = (byte)c;
                int oy = (c / 4) * 7 + 3, ox = (c % 4) * 7;
                for (int p = 0; p < 784; p++)
                {
                    px[(i * 784) + p] = (byte)rng.Next(40);
                }

                for (int y = 0; y < 7; y++)
                {
                    for (int x = 0; x < 7; x++)
                    {
                        px[(i * 784) + ((oy + y) * 28) + ox + x] = (byte)(200 + rng.Next(55));
                    }
                }
            }

            return new LabeledImages(px, lb, 28, 28);
        }

        return (Make(4096, 1), Make(512, 2), "synthetic");
    }

    [TestMethod]
    public void WuLeNetLossFallsOverThirtyBatches()
    {
        const int seed = 5;
        (LabeledImages train, LabeledImages test, string source) = Data();
        Network net = WuLeNet.Create(seed);
        var progress = new System.Collections.Generic.List<double>();
        var trainer = new SoftwareTrainer(net, new Adam(), new TrainingOptions(Epochs: 1, BatchesPerEpoch: 30, BatchSize: 64, Seed: seed, TestImages: 512));
        var clock = Stopwatch.StartNew();
        TrainingReport report = trainer.Train(train, test, new SyncProgress(p => progress.Add(p.Loss)));
        clock.Stop();
        Assert.AreEqual(30, progress.Count);
        double first = progress.Take(5).Average(), last = progress.Skip(25).Average();
        EpochResult e = report.Epochs.Single();
        Console.WriteLine($"{source}, seed {seed}: loss first 5 batches {first:F3}, last 5 {last:F3}, test accuracy {e.TestAccuracy:P1} on {e.TestImages}; " +
            $"{clock.Elapsed.TotalMilliseconds / 30:F1} ms per batch of 64 (incl. evaluation)");
        Assert.IsTrue(last < first * 0.8, $"loss did not fall: {first} -> {last}");
        Assert.IsTrue(e.TestAccuracy > 0.3, $"accuracy {e.TestAccuracy}");
        Assert.AreEqual(e.TrainLoss, progress.Average(), 1e-9);
    }

    [TestMethod]
    public void SgdTrainsTheMlpToo()
    {
        const int seed = 6;
        (LabeledImages train, LabeledImages test, _) = Data();
        Network net = Mlp.Create(seed);
        var trainer = new SoftwareTrainer(net, new Sgd(0.05f), new TrainingOptions(Epochs: 2, BatchesPerEpoch: 20, BatchSize: 32, Seed: seed, TestImages: 256));
        TrainingReport r = trainer.Train(train, test);
        Console.WriteLine($"seed {seed}: " + string.Join("; ", r.Epochs.Select(e => $"epoch {e.Epoch} loss {e.TrainLoss:F3} acc {e.TestAccuracy:P1}")));
        Assert.AreEqual(2, r.Epochs.Count);
        Assert.IsTrue(r.Epochs[1].TrainLoss < r.Epochs[0].TrainLoss);
    }

    /// <summary>IProgress that calls back synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }
}

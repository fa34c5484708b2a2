using System;
using System.IO;
using System.Linq;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Host;
using CimController.Host.Transports;
using CimController.Learning.Data;
using CimController.Learning.Models;
using CimController.Learning.Tensors;
using CimController.LocalBoard;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Training.Tests;

/// <summary>A persistent emulated board (ideal profile, noise off) that several clients can connect to in turn.</summary>
public sealed class IdealBoard : IDisposable
{
    public IdealBoard(int seed)
        : this(new EmulatorOptions { ProfileName = "ideal", Noise = false, Seed = seed, MacThreads = 1 })
    {
        Console.WriteLine($"emulator: profile ideal, noise off, seed {seed}");
    }

    /// <summary>A board built from <paramref name="options"/>, its devices set to <paramref name="devices"/> when given.</summary>
    public IdealBoard(EmulatorOptions options, EmulatorState? devices = null)
    {
        Firmware = EmulatedFirmware.Start(options);
        if (devices is not null)
        {
            Firmware.Emulator.RestoreState(devices);
        }
    }

    public EmulatedFirmware Firmware { get; }

    public CimClient Connect()
    {
        var client = new CimClient(new InProcessTransport(Firmware.HostEnd, null), new CimClientOptions { TimeoutMs = 60000, ClientName = "tests" });
        client.Connect();
        return client;
    }

    public void Dispose() => Firmware.Dispose();
}

[TestClass]
public sealed class ChipTrainingTests
{
    private static MnistDataset? _data;

    /// <summary>A small slice of Fashion-MNIST (installed by CI: apt-get install dataset-fashion-mnist).</summary>
    public static MnistDataset Data()
    {
        if (_data is null)
        {
            if (!FashionMnist.IsInstalled())
            {
                // CI installs the data set (.ci/run), so there its absence is a failure; elsewhere the test is reported as not run.
                if (Environment.GetEnvironmentVariable("CI") == "true")
                    Assert.Fail("Fashion-MNIST is required and not installed: " + FashionMnist.HowToGet);
                Assert.Inconclusive("Fashion-MNIST is not installed: " + FashionMnist.HowToGet);
            }

            MnistDataset full = FashionMnist.Load();
            _data = new MnistDataset(full.Train.Take(4096), full.Test.Take(256), full.Folder);
        }

        return _data;
    }

    /// <summary>The ideal profile's window is 10-70 uS; train inside it with a fine granularity so that short runs write.</summary>
    public static TrainRunOptions IdealOptions(TrainingMode mode, int batches = 12) => new()
    {
        Mode = mode, Epochs = 1, BatchesPerEpoch = batches, BatchSize = 32, Seed = 5, TestImages = 64, GranularityBits = 5,
        GminNanosiemens = 12000, GmaxNanosiemens = 60000, GinitMaxNanosiemens = 36000, LearningRate = 0.01f, CheckpointEvery = 4,
    };

    private static string TempDir()
    {
        string d = Path.Combine(Path.GetTempPath(), "cimtrain-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    [TestMethod]
    public void ChipForwardAgreesWithSoftwareForwardWithinQuantisation()
    {
        using var board = new IdealBoard(11);
        var trainer = new OnChipTrainer(IdealOptions(TrainingMode.Mixed, 1), Data(), board.Connect, null);
        trainer.StopAfterBatch = (_, _) => true;
        trainer.Run();
        // Reconnect: the trainer closed its client; map the same network again with a fresh session on the same board.
        using CimClient client = board.Connect();
        Network net = trainer.Network;
        var chip = new ChipSession(client, net, trainer.Chip!.Layout, trainer.Chip.Scales, trainer.Chip.Window);
        var pixels = new float[16 * 784];
        var labels = new int[16];
        Data().Test.FillBatch(Enumerable.Range(0, 16).ToArray(), pixels, labels);
        float[] sw = net.Forward(net.InputFrom(pixels, 16)).Data.Take(160).ToArray();
        float[] hw = net.Forward(net.InputFrom(pixels, 16), chip).Data.Take(160).ToArray();
        double maxAbs = sw.Max(v => Math.Abs(v));
        double rms = Math.Sqrt(sw.Zip(hw, (a, b) => (a - b) * (a - b)).Average());
        double maxErr = sw.Zip(hw, (a, b) => Math.Abs(a - b)).Max();
        int agree = Enumerable.Range(0, 16).Count(b => ArgMax(sw, b, 16) == ArgMax(hw, b, 16));
        Console.WriteLine($"logits: max |z| {maxAbs:0.###}, rms chip - software {rms:0.####}, max {maxErr:0.####}; argmax agrees on {agree}/16 images; {chip.Vectors} vectors in {chip.VmmRequests} Vmm requests");
        Assert.IsTrue(rms < 0.05 * maxAbs, $"rms {rms} vs max {maxAbs}");
        Assert.IsTrue(agree >= 14, $"argmax agrees on {agree}/16");
    }

    private static int ArgMax(float[] z, int b, int batch)
    {
        int best = 0;
        for (int c = 1; c < 10; c++) if (z[(c * batch) + b] > z[(best * batch) + b]) best = c;
        return best;
    }

    [TestMethod]
    public void ResumeAfterAGracefulStopIsExactlyOnce()
    {
        RunState reference;
        using (var board = new IdealBoard(21))
        {
            var t = new OnChipTrainer(IdealOptions(TrainingMode.Mixed), Data(), board.Connect, TempDir());
            reference = t.Run().State;
        }

        string dir = TempDir();
        RunState resumed;
        using (var board = new IdealBoard(21))
        {
            var first = new OnChipTrainer(IdealOptions(TrainingMode.Mixed), Data(), board.Connect, dir) { StopAfterBatch = (_, b) => b == 7 };
            Assert.IsFalse(first.Run().Completed);
            RunState saved = Checkpoint.Load(Path.Combine(dir, Checkpoint.FileName));
            Assert.AreEqual(7, saved.BatchInEpoch);
            var second = new OnChipTrainer(saved, Data(), board.Connect, dir);
            resumed = second.Run().State;
        }

        Console.WriteLine($"reference: {reference.Writes.Sum()} writes, resumed: {resumed.Writes.Sum()} writes, restore writes {resumed.RestoreWrites}");
        Assert.IsTrue(reference.Writes.Sum() > 0, "the short run should write some pairs");
        CollectionAssert.AreEqual(reference.WeightNanosiemens, resumed.WeightNanosiemens, "W_FP");
        CollectionAssert.AreEqual(reference.AccumulatorNanosiemens, resumed.AccumulatorNanosiemens, "dW_FP");
        CollectionAssert.AreEqual(reference.Writes, resumed.Writes, "writes per weight");
        Assert.AreEqual(reference.History[^1].TestAccuracy, resumed.History[^1].TestAccuracy);
        Assert.AreEqual(0, resumed.RestoreWrites);
    }

    [TestMethod]
    public void ResumeAfterACrashReplaysFromTheCheckpointWithoutLosingOrDoublingUpdates()
    {
        string dir = TempDir();
        using var board = new IdealBoard(31);
        var first = new OnChipTrainer(IdealOptions(TrainingMode.Mixed), Data(), board.Connect, dir)
        {
            AfterBatch = (_, b) => { if (b == 6) throw new SimulatedCrashException("killed after batch 6"); },
        };
        Assert.ThrowsExactly<SimulatedCrashException>(() => first.Run());
        RunState saved = Checkpoint.Load(Path.Combine(dir, Checkpoint.FileName));
        Assert.AreEqual(4, saved.BatchInEpoch, "the last checkpoint is at batch 4");
        using (CimClient c = board.Connect())
        {
            TrainStatusInfo s = c.TrainStatus();
            Console.WriteLine($"firmware after the crash: session {s.Token:X8}, last step {s.LastStep}, {s.WritesTotal} writes");
            Assert.AreEqual(6u, s.LastStep, "the firmware had applied 6 steps, 2 beyond the checkpoint");
        }

        var second = new OnChipTrainer(saved, Data(), board.Connect, dir);
        RunState resumed = second.Run().State;
        using (CimClient c = board.Connect())
        {
            TrainStatusInfo s = c.TrainStatus();
            Assert.AreEqual(12u, s.LastStep, "the resumed session applied steps 5..12 once each");
            (float[] w, float[] a, int[] n) = c.TrainStateGet(s.Token, 0, s.Weights);
            CollectionAssert.AreEqual(resumed.WeightNanosiemens, w, "host mirror == firmware W_FP");
            CollectionAssert.AreEqual(resumed.AccumulatorNanosiemens, a, "host mirror == firmware dW_FP");
        }

        Console.WriteLine($"resumed: {resumed.Writes.Sum()} writes, {resumed.RestoreWrites} pairs restored to their checkpointed targets");
        Assert.AreEqual(12, resumed.Step);
    }

    [TestMethod]
    public void AFirmwareResetDuringARunIsDetectedAndReported()
    {
        using var board = new IdealBoard(41);
        var notices = new System.Collections.Generic.List<string>();
        var t = new OnChipTrainer(IdealOptions(TrainingMode.Mixed, 6), Data(), board.Connect, null);
        t.Notice += notices.Add;
        t.AfterBatch = (_, b) =>
        {
            if (b == 3)
            {
                using CimClient other = board.Connect();
                other.Reset();
            }
        };
        RunState s = t.Run().State;
        Assert.AreEqual(1, s.FirmwareResets);
        Assert.IsTrue(notices.Any(n => n.Contains("firmware reset detected")), string.Join("\n", notices));
        Console.WriteLine(notices.First(n => n.Contains("reset")));
    }

    [TestMethod]
    public void ACorruptCheckpointIsRefusedWithAClearMessage()
    {
        string dir = TempDir();
        var t = new OnChipTrainer(IdealOptions(TrainingMode.Software, 2), Data(), null, dir);
        t.Run();
        string path = Path.Combine(dir, Checkpoint.FileName);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x55;
        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(path));
        StringAssert.Contains(e.Message, "corrupt");
        File.WriteAllText(path, "hello");
        e = Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(path));
        StringAssert.Contains(e.Message, "not a CimController training checkpoint");
        e = Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(Path.Combine(dir, "missing", Checkpoint.FileName)));
        StringAssert.Contains(e.Message, "--resume");
    }

    [TestMethod]
    public void SoftwareModeWritesEveryWeightEveryBatchAndTheRunFolder()
    {
        string dir = TempDir();
        RunState s = new OnChipTrainer(IdealOptions(TrainingMode.Software, 4), Data(), null, dir).Run().State;
        Assert.AreEqual(4L * WuLeNet.Weights, s.History[0].Writes);
        foreach (string f in new[] { "metrics.csv", "metrics.json", "checkpoint.json", "accuracy.png", "loss.png", "writes.png", "weights.png", "confusion.png" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(dir, f)), f);
        }

        Assert.IsFalse(File.Exists(Path.Combine(dir, "program-error.png")), "a software run writes no device, so it has no program-error plot");
    }
}

/// <summary>
/// The chip forward pass on the noisy b-RRAM profile (issue 4 accuracy): with the Wu 2023 training window (8.2-32.9 uS,
/// initial 8.2-20 uS), 64-row arrays and the b-RRAM ADC (0-70 uA, 2 LSB noise per conversion), each layer's chip output
/// must track the software product W_FP^T x of the same inputs and no column may clip at the ADC's full scale. The old
/// input rule (one q = max x / 255 per call, one conversion per vector) left conv2 and fc at a relative rms error of
/// 0.6-0.8 (correlation 0.77-0.84), which cost 25-30 points of test accuracy after one epoch.
/// </summary>
[TestClass]
public sealed class BrramForwardTests
{
    [TestMethod]
    public void ChipForwardOnBrramTracksWFpWithoutAdcClipping()
    {
        using EmulatedFirmware firmware = EmulatedFirmware.Start(new EmulatorOptions { ProfileName = "brram", Noise = true, Seed = 3, MacThreads = 1 });
        CimClient Connect()
        {
            var c = new CimClient(new InProcessTransport(firmware.HostEnd, null), new CimClientOptions { TimeoutMs = 60000, ClientName = "tests" });
            c.Connect();
            return c;
        }

        var options = new TrainRunOptions { Mode = TrainingMode.Mixed, Epochs = 1, BatchesPerEpoch = 1, BatchSize = 8, Seed = 1, TestImages = 0 };
        var trainer = new OnChipTrainer(options, ChipTrainingTests.Data(), Connect, null) { StopAfterBatch = (_, _) => true };
        trainer.Run();
        using CimClient client = Connect();
        Network net = trainer.Network;
        var pixels = new float[32 * 784];
        var labels = new int[32];
        ChipTrainingTests.Data().Test.FillBatch(Enumerable.Range(0, 32).ToArray(), pixels, labels);

        ChipLayerStats[] Measure(ChipSession chip)
        {
            chip.Stats = Enumerable.Range(0, 3).Select(_ => new ChipLayerStats()).ToArray();
            net.Forward(net.InputFrom(pixels, 32), chip);
            return chip.Stats;
        }

        ChipLayerStats[] fixedRule = Measure(new ChipSession(client, net, trainer.Chip!.Layout, trainer.Chip.Scales, trainer.Chip.Window) { Repeats = options.Repeats });
        ChipLayerStats[] oldRule = Measure(new ChipSession(client, net, trainer.Chip.Layout, trainer.Chip.Scales, trainer.Chip.Window) { CurrentTarget = 0, PerVectorScale = false });
        for (int l = 0; l < 3; l++)
        {
            Console.WriteLine($"{net.CrossbarLayers[l].Name}: per-vector scale, repeats {options.Repeats[l]}: {fixedRule[l]}; old rule: {oldRule[l]}");
        }

        double[] bound = { 0.15, 0.15, 0.18 }; // measured with the defaults (conv1 x2, 8/16/64 conversions): 0.087 / 0.104 / 0.118
        for (int l = 0; l < 3; l++)
        {
            Assert.IsTrue(fixedRule[l].HighFraction < 0.005, $"layer {l}: {fixedRule[l].HighFraction:P2} of the conversions clip at full scale");
            Assert.IsTrue(fixedRule[l].RelativeRmsError < bound[l], $"layer {l}: chip vs W_FP relative rms error {fixedRule[l].RelativeRmsError:0.000} >= {bound[l]}");
            Assert.IsTrue(fixedRule[l].RelativeRmsError < oldRule[l].RelativeRmsError, $"layer {l}: no better than the old rule");
        }
    }
}

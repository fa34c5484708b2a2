using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CimController.Crossbar;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Host;
using CimController.Host.Transports;
using CimController.Learning.Models;
using CimController.LocalBoard;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Training.Tests;

/// <summary>
/// Weight copies (Wu 2023 Table 2's "copies", used for signal): a layer that fits one row block is stacked several times on
/// its array's rows, the same input drives every copy, and the currents add, so one conversion carries copies x the signal
/// at the same ADC noise. Each copy is its own set of device pairs in the firmware's accumulator; the host pushes the same
/// dW to each, so the copies stay tied.
/// </summary>
[TestClass]
public sealed class CopiesTests
{
    [TestMethod]
    public void CopiesStackOnTheRowsOfTheSameArrayAndMapToTheSameWeight()
    {
        Network net = WuLeNet.Create(seed: 1);
        DeviceLayout plain = DeviceLayout.Plan(net, 64, 64, 4);
        DeviceLayout copied = DeviceLayout.Plan(net, 64, 64, 4, new[] { 2 });
        int conv1 = 25 * 4;
        Assert.AreEqual(plain.Weights + conv1, copied.Weights, "conv1 (25 x 4) twice");
        CollectionAssert.AreEqual(new[] { 2, 1, 1 }, copied.LayerCopies);
        Assert.AreEqual(2 * conv1, copied.LayerStart[1]);
        var addresses = new HashSet<(int, int, int)>();
        for (int i = 0; i < copied.Weights; i++)
        {
            Assert.IsTrue(addresses.Add(copied.AddressOf(i)), $"device pair {i} shares its address with another");
        }

        for (int i = 0; i < conv1; i++)
        {
            (int tile, int row, int col) = copied.AddressOf(i);
            (int tile2, int row2, int col2) = copied.AddressOf(conv1 + i);
            Assert.AreEqual((tile, row + 25, col), (tile2, row2, col2), $"copy 1 of weight {i} sits 25 rows below copy 0");
            Assert.AreEqual(copied.LocalIndexOf(i), copied.LocalIndexOf(conv1 + i));
            Assert.AreEqual(plain.AddressOf(i), copied.AddressOf(i), "copy 0 is where the plain layout puts the weight");
        }

        int conv2 = copied.LayerStart[1];
        Assert.AreEqual(0, copied.LocalIndexOf(conv2));
        Assert.AreEqual(1, copied.LayerOf(conv2));
        Assert.AreEqual(50, copied.Slots[0].PhysicalRows);

        DeviceLayout restored = DeviceLayout.FromSlots(copied.Slots, copied.LayerFanIn, copied.LayerOutputs, 64, 64, 4);
        CollectionAssert.AreEqual(copied.LayerStart, restored.LayerStart, "a checkpoint's slots rebuild the same numbering");

        CollectionAssert.AreEqual(new[] { 2, 1, 1 }, DeviceLayout.DefaultCopies(net, 64), "LeNet default: conv1 twice");
        CollectionAssert.AreEqual(new[] { 1, 1, 1 }, DeviceLayout.DefaultCopies(Mlp.Create(seed: 1), 64), "MLP: 784 rows cannot be copied");

        var e = Assert.ThrowsExactly<ArgumentException>(() => DeviceLayout.Plan(net, 64, 64, 4, new[] { 3 }));
        StringAssert.Contains(e.Message, "copies must be 1..2");
        e = Assert.ThrowsExactly<ArgumentException>(() => DeviceLayout.Plan(net, 64, 64, 4, new[] { 1, 2 }));
        StringAssert.Contains(e.Message, "conv2");
    }

    [TestMethod]
    public void CopiedWeightsStayTiedAndTheChipForwardStillMatchesSoftware()
    {
        using var board = new IdealBoard(13);
        TrainRunOptions options = ChipTrainingTests.IdealOptions(TrainingMode.Mixed) with { Copies = new[] { 2 } };
        var trainer = new OnChipTrainer(options, ChipTrainingTests.Data(), board.Connect, null);
        RunState s = trainer.Run().State;
        DeviceLayout layout = trainer.Chip!.Layout;
        int conv1 = layout.LayerStart[1] / 2;
        int conv1Writes = s.Writes.Take(conv1).Sum();
        Console.WriteLine($"seed 5, 12 batches, conv1 copied twice: {s.Writes.Sum()} pair writes, {conv1Writes} per conv1 copy");
        Assert.IsTrue(conv1Writes > 0, "conv1 should be written in 12 batches at 5-bit granularity");
        Assert.AreEqual(WuLeNet.Weights, s.NetworkWeights, "writes per weight and the software comparison count network weights");
        Assert.AreEqual(WuLeNet.Weights + (25 * 4), s.Writes.Length, "one write counter per device pair");
        for (int i = 0; i < conv1; i++)
        {
            Assert.AreEqual(s.WeightNanosiemens[i], s.WeightNanosiemens[conv1 + i], $"W_FP of conv1 weight {i}: the copies drifted apart");
            Assert.AreEqual(s.AccumulatorNanosiemens[i], s.AccumulatorNanosiemens[conv1 + i], $"dW_FP of conv1 weight {i}");
            Assert.AreEqual(s.Writes[i], s.Writes[conv1 + i], $"writes of conv1 weight {i}");
        }

        // The firmware holds the same tied state.
        using (CimClient c = board.Connect())
        {
            TrainStatusInfo st = c.TrainStatus();
            (float[] w, float[] a, int[] n) = c.TrainStateGet(st.Token, 0, st.Weights);
            Assert.AreEqual(layout.Weights, st.Weights);
            CollectionAssert.AreEqual(s.WeightNanosiemens, w, "host mirror == firmware W_FP");
            CollectionAssert.AreEqual(s.Writes, n, "host mirror == firmware write counts");
        }

        // The chip's conv1 output (both copies summed, divided by 2) matches W_FP^T x on the ideal board.
        using CimClient client = board.Connect();
        Network net = trainer.Network;
        var chip = new ChipSession(client, net, layout, trainer.Chip.Scales, trainer.Chip.Window);
        var pixels = new float[16 * 784];
        var labels = new int[16];
        ChipTrainingTests.Data().Test.FillBatch(Enumerable.Range(0, 16).ToArray(), pixels, labels);
        chip.Stats = Enumerable.Range(0, 3).Select(_ => new ChipLayerStats()).ToArray();
        net.Forward(net.InputFrom(pixels, 16), chip);
        Console.WriteLine($"ideal board, conv1 copied: {chip.Stats[0]}");
        Assert.IsTrue(chip.Stats[0].RelativeRmsError < 0.05, $"conv1 relative rms error {chip.Stats[0].RelativeRmsError:0.000}");
        Assert.IsTrue(chip.Stats[0].Correlation > 0.998);
    }

    [TestMethod]
    public void TwoCopiesOfConv1BeatOneOnTheNoisyBrramAdc()
    {
        const int seed = 3;
        Console.WriteLine($"emulator: profile brram, noise on, seed {seed}");
        using EmulatedFirmware firmware = EmulatedFirmware.Start(new EmulatorOptions { ProfileName = "brram", Noise = true, Seed = seed, MacThreads = 1 });
        CimClient Connect()
        {
            var c = new CimClient(new InProcessTransport(firmware.HostEnd, null), new CimClientOptions { TimeoutMs = 60000, ClientName = "tests" });
            c.Connect();
            return c;
        }

        var options = new TrainRunOptions { Mode = TrainingMode.Mixed, Epochs = 1, BatchesPerEpoch = 1, BatchSize = 8, Seed = 1, TestImages = 0, Copies = new[] { 2 } };
        var trainer = new OnChipTrainer(options, ChipTrainingTests.Data(), Connect, null) { StopAfterBatch = (_, _) => true };
        trainer.Run();
        using CimClient client = Connect();
        Network net = trainer.Network;
        var pixels = new float[32 * 784];
        var labels = new int[32];
        ChipTrainingTests.Data().Test.FillBatch(Enumerable.Range(0, 32).ToArray(), pixels, labels);
        ChipSession copied = trainer.Chip!;
        DeviceLayout plain = DeviceLayout.Plan(net, copied.Layout.TileRows, copied.Layout.TileColumns, copied.Layout.Tiles);
        // Same devices, same W_FP: the plain layout uses copy 0 of conv1 (rows 0-24) and every other array unchanged.
        double[] plainScales = plain.Slots.Select((_, i) => copied.Scales[i]).ToArray();

        double Conv1Error(ChipSession chip)
        {
            chip.Stats = Enumerable.Range(0, 3).Select(_ => new ChipLayerStats()).ToArray();
            net.Forward(net.InputFrom(pixels, 32), chip);
            Console.WriteLine($"conv1 with {chip.Layout.LayerCopies[0]} cop{(chip.Layout.LayerCopies[0] == 1 ? "y" : "ies")}: {chip.Stats[0]}");
            Assert.IsTrue(chip.Stats[0].HighFraction < 0.005, "conv1 clips at full scale");
            return chip.Stats[0].RelativeRmsError;
        }

        double two = Conv1Error(new ChipSession(client, net, copied.Layout, copied.Scales, copied.Window) { Repeats = new[] { 1, 1, 1 } });
        double one = Conv1Error(new ChipSession(client, net, plain, plainScales, copied.Window) { Repeats = new[] { 1, 1, 1 } });
        Assert.IsTrue(two < 0.8 * one, $"two copies: conv1 relative rms error {two:0.000}, one copy: {one:0.000}");
    }
}

/// <summary>
/// Repeated conversions done by the chip (protocol 1.4) average the ADC noise as well as sending each vector N times does
/// (the noise draws differ: the MAC commands are cut differently, so each gets other stream keys).
/// </summary>
[TestClass]
public sealed class ConversionsOnChipTests
{
    [TestMethod]
    public void ConversionsOnTheChipAverageTheNoiseLikeRepeatedVectors()
    {
        const int seed = 7;
        Console.WriteLine($"emulator: profile brram, noise on, seed {seed}");
        using EmulatedFirmware fw = EmulatedFirmware.Start(new EmulatorOptions { ProfileName = "brram", Noise = true, Seed = seed, MacThreads = 1 });
        CimClient Connect()
        {
            var c = new CimClient(new InProcessTransport(fw.HostEnd, null), new CimClientOptions { TimeoutMs = 60000, ClientName = "tests" });
            c.Connect();
            return c;
        }

        var options = new TrainRunOptions { Mode = TrainingMode.Mixed, Epochs = 1, BatchesPerEpoch = 1, BatchSize = 8, Seed = 1, TestImages = 0 };
        var trainer = new OnChipTrainer(options, ChipTrainingTests.Data(), Connect, null) { StopAfterBatch = (_, _) => true };
        trainer.Run();
        using CimClient client = Connect();
        Assert.IsTrue(client.SupportsConversions);
        ChipSession t = trainer.Chip!;
        var pixels = new float[32 * 784];
        var labels = new int[32];
        ChipTrainingTests.Data().Test.FillBatch(Enumerable.Range(0, 32).ToArray(), pixels, labels);

        (ChipLayerStats[] Stats, long Vectors) Measure(int[] repeats, bool onChip)
        {
            var chip = new ChipSession(client, trainer.Network, t.Layout, t.Scales, t.Window) { Repeats = repeats, ConversionsOnChip = onChip };
            chip.Stats = Enumerable.Range(0, 3).Select(_ => new ChipLayerStats()).ToArray();
            trainer.Network.Forward(trainer.Network.InputFrom(pixels, 32), chip);
            return (chip.Stats, chip.Vectors);
        }

        int[] r = { 8, 16, 64 };
        (ChipLayerStats[] summed, long sentOnce) = Measure(r, true);
        (ChipLayerStats[] repeated, long sentRepeated) = Measure(r, false);
        (ChipLayerStats[] single, _) = Measure(new[] { 1, 1, 1 }, true);
        for (int l = 0; l < 3; l++)
        {
            double a = summed[l].RelativeRmsError, b = repeated[l].RelativeRmsError, c = single[l].RelativeRmsError;
            Console.WriteLine($"layer {l}: rel. rms error {a:0.000} on the chip, {b:0.000} repeated, {c:0.000} with one conversion");
            Assert.IsTrue(Math.Abs(a - b) < 0.25 * b, $"layer {l}: on the chip {a:0.000} vs repeated {b:0.000}");
            Assert.IsTrue(a < 0.6 * c, $"layer {l}: {a:0.000} is not well below one conversion's {c:0.000}");
        }

        Console.WriteLine($"vectors sent: {sentOnce} with conversions on the chip, {sentRepeated} repeated");
        Assert.IsTrue(sentRepeated > 8 * sentOnce, "the repeated path sends each vector 8-64 times");
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Crossbar;
using CimController.Emulator;
using CimController.Host;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Training.Tests;

/// <summary>
/// One network spread over several boards: its blocks placed across their tiles, partial sums added on the host, each
/// board's firmware accumulating the pairs on its own tiles; with the same devices it trains exactly as on one chip.
/// </summary>
[TestClass]
public sealed class SpreadTests
{
    private static EmulatorOptions Ideal(int tiles) => new() { ProfileName = "ideal", Noise = false, Seed = 7, MacThreads = 1, Tiles = tiles };

    /// <summary>The state of <paramref name="whole"/> restricted to tile <paramref name="tile"/>: a one-tile board with those devices.</summary>
    private static EmulatorState TileOf(EmulatorState whole, int tile)
    {
        return new EmulatorState
        {
            ProfileNameOrPath = whole.ProfileNameOrPath, ProfileJson = whole.ProfileJson, ChipJson = whole.ChipJson, Seed = whole.Seed, Noise = whole.Noise,
            Tiles = 1, Rows = whole.Rows, Columns = whole.Columns, InputBufferBytes = whole.InputBufferBytes, OutputBufferBytes = whole.OutputBufferBytes,
            Cycles = whole.Cycles, TileOps = whole.TileOps, EnergyPicojoules = whole.EnergyPicojoules, Pulses = whole.Pulses, CellReads = whole.CellReads,
            LifetimeCycles = whole.LifetimeCycles, NoiseKeyState = whole.NoiseKeyState, CycleNoiseState = whole.CycleNoiseState,
            TileStates = new[] { whole.TileStates[tile] },
        };
    }

    [TestMethod]
    public void ANetworkSpreadOverTwoBoardsTrainsAsOnOneChipWithTheSameDevices()
    {
        TrainRunOptions options = ChipTrainingTests.IdealOptions(TrainingMode.Mixed) with { Spread = true };
        Console.WriteLine("profile ideal, noise off, emulator seed 7; LeNet on one 2-tile chip vs two 1-tile boards holding its tiles");
        RunState one;
        EmulatorState devices;
        using (var chip = new IdealBoard(Ideal(2)))
        {
            devices = chip.Firmware.Emulator.CaptureState();
            one = new OnChipTrainer(options, ChipTrainingTests.Data(), chip.Connect, null).Run().State;
        }

        using var first = new IdealBoard(Ideal(1), TileOf(devices, 0));
        using var second = new IdealBoard(Ideal(1), TileOf(devices, 1));
        OnChipTrainer spread = OnChipTrainer.OnBoards(new RunState { Options = options }, ChipTrainingTests.Data(), () => new[] { first.Connect(), second.Connect() }, null);
        TrainRunResult r = spread.Run();
        RunState two = r.State;
        Console.WriteLine($"one chip: {one.Writes.Sum()} writes, {one.History[^1].TestAccuracy:P2}; spread: {two.Writes.Sum()} writes, {two.History[^1].TestAccuracy:P2}");
        Assert.IsTrue(two.Slots.Select(s => s.Tile).Distinct().Count() == 2, "the blocks sit on both boards' tiles");
        Assert.IsTrue(one.Writes.Sum() > 0);
        CollectionAssert.AreEqual(one.WeightNanosiemens, two.WeightNanosiemens, "W_FP");
        CollectionAssert.AreEqual(one.AccumulatorNanosiemens, two.AccumulatorNanosiemens, "dW_FP");
        CollectionAssert.AreEqual(one.Writes, two.Writes, "writes per pair");
        Assert.AreEqual(one.History[^1].TestAccuracy, two.History[^1].TestAccuracy, "test accuracy");

        Assert.IsNotNull(r.Boards);
        Assert.AreEqual(2, r.Boards.Count);
        Assert.AreEqual(two.Writes.Sum(), r.Boards.Sum(b => b.Writes), "every pair's writes counted on its own board");
        Assert.IsTrue(r.Boards.All(b => double.IsNaN(b.TestAccuracy)), "no board holds the whole network");

        // each board's firmware holds exactly its own pairs, equal to the host mirror
        foreach ((IdealBoard board, int index) in new[] { (first, 0), (second, 1) })
        {
            using CimClient c = board.Connect();
            TrainStatusInfo s = c.TrainStatus();
            (float[] w, _, _) = c.TrainStateGet(s.Token, 0, s.Weights);
            Assert.IsTrue(s.Weights > 0 && s.Weights < two.Writes.Length, $"board {index + 1} holds part of the pairs ({s.Weights} of {two.Writes.Length})");
            Assert.IsTrue(w.All(v => two.WeightNanosiemens.Contains(v)), $"board {index + 1}: every firmware W_FP is one of the run's");
        }
    }

    [TestMethod]
    public void ANetworkLargerThanEveryBoardIsRefusedWithoutSpreadAndTrainsWithIt()
    {
        TrainRunOptions options = ChipTrainingTests.IdealOptions(TrainingMode.Mixed, 2);
        using var first = new IdealBoard(Ideal(1));
        using var second = new IdealBoard(Ideal(1));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() =>
            OnChipTrainer.OnBoards(new RunState { Options = options }, ChipTrainingTests.Data(), () => new[] { first.Connect(), second.Connect() }, null).Run());
        Console.WriteLine(e.Message);
        TrainRunResult r = OnChipTrainer.OnBoards(new RunState { Options = options with { Spread = true } }, ChipTrainingTests.Data(), () => new[] { first.Connect(), second.Connect() }, null).Run();
        Assert.IsTrue(r.Completed);
        Assert.AreEqual(2, r.State.Step);
    }

    [TestMethod]
    public void ATrainedNetworkRunsSpreadOverBoardsAsOnOneChipWithTheSameDevices()
    {
        Console.WriteLine("profile ideal, noise off, emulator seed 7; a software-trained LeNet on one 2-tile chip vs two 1-tile boards holding its tiles");
        RunState trained = new OnChipTrainer(ChipTrainingTests.IdealOptions(TrainingMode.Software, 48), ChipTrainingTests.Data(), null, null).Run().State;
        var network = TrainRunOptions.CreateNetwork(trained.Options.Model, trained.Options.Seed);
        foreach (var p in network.Parameters) trained.Parameters[p.Name].CopyTo(p.Value, 0);
        ChipWindow window = ChipWindow.ForProfile("ideal");
        var options = new WriteVerifyOptions { MaxTrials = 5, ToleranceNanosiemens = (uint)window.ToleranceNs };
        int[] repeats = { 1, 1, 1 };
        SpreadInferenceResult one;
        EmulatorState devices;
        using (var chip = new IdealBoard(Ideal(2)))
        {
            devices = chip.Firmware.Emulator.CaptureState();
            one = SpreadInference.Run(new[] { chip.Connect() }, network, window, ChipTrainingTests.Data().Test, 200, options, repeats);
        }

        using var first = new IdealBoard(Ideal(1), TileOf(devices, 0));
        using var second = new IdealBoard(Ideal(1), TileOf(devices, 1));
        SpreadInferenceResult two = SpreadInference.Run(new[] { first.Connect(), second.Connect() }, network, window, ChipTrainingTests.Data().Test, 200, options, repeats);
        Console.WriteLine($"one chip {one.Accuracy:P2}, spread {two.Accuracy:P2}; pairs per board {string.Join(" + ", two.Boards.Select(b => b.Writes))}");
        Assert.AreEqual(one.Accuracy, two.Accuracy, "the same devices give the same answers");
        Assert.IsTrue(one.Accuracy > 0.3, "the trained network classifies");
        Assert.AreEqual(two.Pairs, two.Boards.Sum(b => b.Writes), "every pair on exactly one board");
        Assert.IsTrue(two.Boards.All(b => b.Writes > 0), "both boards hold part of the network");

        using var tiny = new IdealBoard(Ideal(1));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => SpreadInference.Run(new[] { tiny.Connect() }, network, window, ChipTrainingTests.Data().Test, 10, options, repeats));
        StringAssert.Contains(e.Message, "needs 2 arrays of 64x64; the 1 boards have 1 together");
    }
}

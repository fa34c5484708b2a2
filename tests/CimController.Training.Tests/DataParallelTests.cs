using System;
using System.IO;
using System.Linq;
using CimController.Host;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Training.Tests;

/// <summary>
/// Data-parallel training on several boards that each hold the whole network: one gradient per batch, the same dW_new
/// to every board's accumulator, exactly-once per board across a crash, and a report per board.
/// </summary>
[TestClass]
public sealed class DataParallelTests
{
    private static string TempDir()
    {
        string d = Path.Combine(Path.GetTempPath(), "cimdp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    private static Func<System.Collections.Generic.IReadOnlyList<CimClient>> Both(IdealBoard a, IdealBoard b) => () => new[] { a.Connect(), b.Connect() };

    private static void AssertFirmwareEqualsMirror(IdealBoard board, RunState state, uint steps, string name)
    {
        using CimClient c = board.Connect();
        TrainStatusInfo s = c.TrainStatus();
        Assert.AreEqual(steps, s.LastStep, name + ": steps applied");
        (float[] w, float[] acc, int[] writes) = c.TrainStateGet(s.Token, 0, s.Weights);
        CollectionAssert.AreEqual(state.WeightNanosiemens, w, name + ": firmware W_FP == host mirror");
        CollectionAssert.AreEqual(state.AccumulatorNanosiemens, acc, name + ": firmware dW_FP == host mirror");
        CollectionAssert.AreEqual(state.Writes, writes, name + ": writes per pair");
    }

    [TestMethod]
    public void EveryBoardsAccumulatorGetsTheSameUpdatesAndEachBoardIsReported()
    {
        using var one = new IdealBoard(41);
        using var two = new IdealBoard(42);
        var trainer = OnChipTrainer.OnBoards(new RunState { Options = ChipTrainingTests.IdealOptions(TrainingMode.Mixed) }, ChipTrainingTests.Data(), Both(one, two), null);
        TrainRunResult r = trainer.Run();
        Assert.IsTrue(r.Completed);
        Assert.AreEqual(2, trainer.Boards);
        Console.WriteLine($"2 boards: {r.State.Writes.Sum()} writes, test accuracy {r.State.History[^1].TestAccuracy:P2}");
        Assert.IsTrue(r.State.Writes.Sum() > 0, "the short run writes some pairs");
        AssertFirmwareEqualsMirror(one, r.State, 12, "board 1");
        AssertFirmwareEqualsMirror(two, r.State, 12, "board 2");

        Assert.IsNotNull(r.Boards);
        Assert.AreEqual(2, r.Boards.Count);
        foreach (BoardTrainingReport b in r.Boards)
        {
            Console.WriteLine($"board {b.Board}: {b.TestAccuracy:P2} alone, {b.Writes} writes, {b.Pulses} pulses, {b.ChipSeconds:0.000} s, {b.ChipMillijoules:0.000} mJ");
            Assert.AreEqual(r.State.WritesTotal, b.Writes, "each board wrote the run's pairs");
            Assert.IsTrue(b.Pulses > 0 && b.ChipSeconds > 0 && b.ChipMillijoules > 0, "the board's own counters");
            Assert.IsTrue(b.TestAccuracy is >= 0 and <= 1);
        }
    }

    [TestMethod]
    public void EachBatchIsSplitAcrossTheBoards()
    {
        using var one = new IdealBoard(43);
        using var two = new IdealBoard(44);
        var trainer = OnChipTrainer.OnBoards(new RunState { Options = ChipTrainingTests.IdealOptions(TrainingMode.Mixed, 3) }, ChipTrainingTests.Data(), Both(one, two), null);
        TrainRunResult r = trainer.Run();
        ulong[] ops = new[] { one, two }.Select(b => { using CimClient c = b.Connect(); return c.Stats().TileOps; }).ToArray();
        Console.WriteLine($"tile ops: board 1 {ops[0]}, board 2 {ops[1]}");
        Assert.IsTrue(ops[0] > 0 && ops[1] > 0, "both boards ran forward passes");
        Assert.AreEqual(1.0, (double)ops[0] / ops[1], 0.05, "the boards shared the vectors evenly");
        Assert.AreEqual(3, r.State.Step);
    }

    [TestMethod]
    public void ACrashResumesExactlyOnceOnEveryBoard()
    {
        string dir = TempDir();
        using var one = new IdealBoard(45);
        using var two = new IdealBoard(46);
        var first = OnChipTrainer.OnBoards(new RunState { Options = ChipTrainingTests.IdealOptions(TrainingMode.Mixed) }, ChipTrainingTests.Data(), Both(one, two), dir);
        first.AfterBatch = (_, b) => { if (b == 6) throw new SimulatedCrashException("killed after batch 6"); };
        Assert.ThrowsExactly<SimulatedCrashException>(() => first.Run());
        RunState saved = Checkpoint.Load(Path.Combine(dir, Checkpoint.FileName));
        Assert.AreEqual(4, saved.BatchInEpoch, "the last checkpoint is at batch 4");

        RunState resumed = OnChipTrainer.OnBoards(saved, ChipTrainingTests.Data(), Both(one, two), dir).Run().State;
        Assert.AreEqual(12, resumed.Step);
        AssertFirmwareEqualsMirror(one, resumed, 12, "board 1");
        AssertFirmwareEqualsMirror(two, resumed, 12, "board 2");
    }
}

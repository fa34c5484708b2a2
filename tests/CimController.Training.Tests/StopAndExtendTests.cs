using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Training.Tests;

/// <summary>
/// The trainer's side of "never lose a run": a cancellation (what Ctrl-C / SIGTERM trigger in cimctl) finishes the batch
/// in flight and checkpoints it, and a finished run given more epochs continues; both end bit-identical to a run that was
/// never stopped (the firmware accumulator's exactly-once: W_FP, dW_FP and the write counts match).
/// </summary>
[TestClass]
public sealed class StopAndExtendTests
{
    private static string TempDir()
    {
        string d = Path.Combine(Path.GetTempPath(), "cimstop-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    private static RunState Uninterrupted(TrainRunOptions options, int boardSeed)
    {
        using var board = new IdealBoard(boardSeed);
        return new OnChipTrainer(options, ChipTrainingTests.Data(), board.Connect, TempDir()).Run().State;
    }

    private static void AssertSameRun(RunState expected, RunState actual)
    {
        Console.WriteLine($"expected: {expected.Writes.Sum()} writes, test accuracy {expected.History[^1].TestAccuracy}; actual: {actual.Writes.Sum()} writes, {actual.History[^1].TestAccuracy}, restore writes {actual.RestoreWrites}");
        Assert.IsTrue(expected.Writes.Sum() > 0, "the run should write some pairs");
        CollectionAssert.AreEqual(expected.WeightNanosiemens, actual.WeightNanosiemens, "W_FP");
        CollectionAssert.AreEqual(expected.AccumulatorNanosiemens, actual.AccumulatorNanosiemens, "dW_FP");
        CollectionAssert.AreEqual(expected.Writes, actual.Writes, "writes per pair");
        CollectionAssert.AreEqual(expected.History.Select(m => m.TestAccuracy).ToArray(), actual.History.Select(m => m.TestAccuracy).ToArray(), "test accuracy per epoch");
        CollectionAssert.AreEqual(expected.Parameters["fc.bias"], actual.Parameters["fc.bias"], "digital biases");
        Assert.AreEqual(expected.Step, actual.Step);
    }

    [TestMethod]
    public void ACancelledRunStopsAfterTheBatchInFlightWithACheckpointAndResumesIdentically()
    {
        const int boardSeed = 61;
        TrainRunOptions options = ChipTrainingTests.IdealOptions(TrainingMode.Mixed);
        RunState reference = Uninterrupted(options, boardSeed);
        string dir = TempDir();
        RunState resumed;
        using (var board = new IdealBoard(boardSeed))
        using (var stop = new CancellationTokenSource())
        {
            // The cancellation arrives while batch 5 is being applied (as a signal would): batch 5 completes, batch 6 never starts.
            var first = new OnChipTrainer(options, ChipTrainingTests.Data(), board.Connect, dir) { AfterBatch = (_, b) => { if (b == 5) stop.Cancel(); } };
            TrainRunResult stopped = first.Run(null, stop.Token);
            Assert.IsFalse(stopped.Completed);
            RunState saved = Checkpoint.Load(Path.Combine(dir, Checkpoint.FileName));
            Assert.AreEqual(5, saved.BatchInEpoch, "the checkpoint is at the last batch applied");
            Assert.AreEqual(5L, saved.Step);
            resumed = new OnChipTrainer(saved, ChipTrainingTests.Data(), board.Connect, dir).Run().State;
        }

        AssertSameRun(reference, resumed);
        Assert.AreEqual(0, resumed.RestoreWrites, "the devices held their checkpointed targets");
    }

    [TestMethod]
    public void AFinishedRunGivenMoreEpochsContinuesLikeALongerRun()
    {
        const int boardSeed = 71;
        TrainRunOptions one = ChipTrainingTests.IdealOptions(TrainingMode.Mixed, 8);
        RunState reference = Uninterrupted(one with { Epochs = 2 }, boardSeed);
        string dir = TempDir();
        RunState extended;
        using (var board = new IdealBoard(boardSeed))
        {
            RunState finished = new OnChipTrainer(one, ChipTrainingTests.Data(), board.Connect, dir).Run().State;
            Assert.IsTrue(finished.IsComplete);
            RunState saved = Checkpoint.Load(Path.Combine(dir, Checkpoint.FileName));
            saved.Options = saved.Options with { Epochs = 2 };
            Assert.IsFalse(saved.IsComplete);
            extended = new OnChipTrainer(saved, ChipTrainingTests.Data(), board.Connect, dir).Run().State;
        }

        Assert.AreEqual(2, extended.History.Count);
        AssertSameRun(reference, extended);
    }

    [TestMethod]
    public void ASoftwareRunCancelledBeforeItsFirstBatchCheckpointsPositionZero()
    {
        string dir = TempDir();
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        TrainRunResult r = new OnChipTrainer(ChipTrainingTests.IdealOptions(TrainingMode.Software, 4), ChipTrainingTests.Data(), null, dir).Run(null, stop.Token);
        Assert.IsFalse(r.Completed);
        RunState saved = Checkpoint.Load(Path.Combine(dir, Checkpoint.FileName));
        Assert.AreEqual(0L, saved.Step);
        Assert.AreEqual(1, saved.Epoch);
        RunState resumed = new OnChipTrainer(saved, ChipTrainingTests.Data(), null, dir).Run().State;
        RunState reference = new OnChipTrainer(ChipTrainingTests.IdealOptions(TrainingMode.Software, 4), ChipTrainingTests.Data(), null, TempDir()).Run().State;
        CollectionAssert.AreEqual(reference.Parameters["conv1.weight"], resumed.Parameters["conv1.weight"]);
    }
}

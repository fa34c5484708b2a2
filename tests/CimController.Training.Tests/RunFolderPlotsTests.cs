using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CimController.Analysis;
using CimController.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Training.Tests;

/// <summary>
/// The run folder's figures, read from their descriptions (<see cref="TrainingFigures"/>) and checked as files: whole
/// epoch ticks, a loss curve, writes on a log axis in writes (not log10 of them), the Fashion-MNIST class names on the
/// confusion matrix, and no program-error plot when no device was written.
/// </summary>
[TestClass]
public sealed class RunFolderPlotsTests
{
    private static RunState Run(TrainingMode mode, int epochs, RunSetup? setup = null)
    {
        var s = new RunState
        {
            Options = new TrainRunOptions { Model = "lenet", Mode = mode, Epochs = epochs, BatchesPerEpoch = 400, Seed = 3 },
            Setup = setup,
            Weights = 3220,
            TrackedIndices = new[] { 5, 77 },
        };
        for (int e = 1; e <= epochs; e++)
        {
            long writes = mode == TrainingMode.Software ? 400L * 3220 : 40_000 / e;
            s.History.Add(new EpochMetrics { Epoch = e, TrainLoss = 1.5 / e, TestAccuracy = 0.6 + (0.05 * e), Writes = writes });
            s.Baseline.Add(new EpochMetrics { Epoch = e, TrainLoss = 1.2 / e, TestAccuracy = 0.65 + (0.05 * e), Writes = 400L * 3220 });
            s.TrackedSteps.Add(e * 400L);
            s.TrackedHistory.Add(new[] { 0.01f * e, -0.02f * e });
        }

        if (mode != TrainingMode.Software)
        {
            for (int i = 0; i < 300; i++)
            {
                s.ProgramErrorsNanosiemens.Add((float)(400 * Math.Sin(i)));
            }
        }

        return s;
    }

    /// <summary>A 10-class confusion matrix: mostly right, class 6 (shirt) confused with class 0.</summary>
    private static int[] Confusion()
    {
        var c = new int[100];
        for (int t = 0; t < 10; t++)
        {
            c[(t * 10) + t] = 20;
        }

        c[(6 * 10) + 0] = 7;
        return c;
    }

    private static void AssertWholeNumberTicks(FigureAxis axis, params double[] expected)
    {
        Assert.IsNotNull(axis.Ticks);
        CollectionAssert.AreEqual(expected, axis.Ticks.Select(t => t.Position).ToArray());
        CollectionAssert.AreEqual(expected.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(), axis.Ticks.Select(t => t.Label).ToArray());
    }

    private static string TempDir()
    {
        string d = Path.Combine(Path.GetTempPath(), "cimplots-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    [TestMethod]
    public void EpochAxesHaveWholeNumberTicksAndTheLossIsPlotted()
    {
        RunState s = Run(TrainingMode.Mixed, 3);
        Figure accuracy = TrainingFigures.Accuracy(s);
        AssertWholeNumberTicks(accuracy.X, 1, 2, 3);
        LineElement run = accuracy.Of<LineElement>().Single(l => l.Label!.StartsWith("mixed", StringComparison.Ordinal));
        Assert.AreEqual(75.0, run.Y[2], 1e-9, "accuracy in percent");

        Figure loss = TrainingFigures.Loss(s);
        AssertWholeNumberTicks(loss.X, 1, 2, 3);
        CollectionAssert.AreEqual(s.History.Select(m => m.TrainLoss).ToArray(), loss.Of<LineElement>().Single(l => l.Label!.StartsWith("mixed", StringComparison.Ordinal)).Y);
        CollectionAssert.AreEqual(s.Baseline.Select(m => m.TrainLoss).ToArray(), loss.Of<LineElement>().Single(l => l.Label == "software FP32 baseline").Y);
        StringAssert.Contains(loss.Y.Label, "loss");
    }

    [TestMethod]
    public void WritesAreOnALogAxisInWrites()
    {
        RunState s = Run(TrainingMode.Mixed, 2);
        Figure writes = TrainingFigures.Writes(s)!;
        Assert.IsTrue(writes.Y.Log);
        Assert.IsFalse(writes.Y.Label.Contains("log10", StringComparison.Ordinal));
        CollectionAssert.AreEqual(new[] { 40_000.0, 20_000 }, writes.Of<LineElement>().First().Y, "writes, not log10 of them");
        Assert.AreEqual(400.0 * 3220, writes.Of<LineElement>().Single(l => l.Dashed).Y[0], "software: every weight every batch");
        Assert.IsTrue(writes.Y.Ticks!.Any(t => t.Label == "10⁴") && writes.Y.Ticks!.Any(t => t.Label == "10⁶"), string.Join(" ", writes.Y.Ticks!.Select(t => t.Label)));
        AssertWholeNumberTicks(writes.X, 1, 2);

        s.History.ForEach(m => m.Writes = 0);
        Assert.IsNull(TrainingFigures.Writes(s), "nothing to plot when nothing was written");
    }

    [TestMethod]
    public void ConfusionMatrixNamesTheFashionMnistClasses()
    {
        string[] names = { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };
        foreach (RunSetup? setup in new[] { null, new RunSetup(), new RunSetup { Data = "/usr/share/datasets/fashion-mnist" }, new RunSetup { Data = "/data/Fashion-MNIST-copy" } })
        {
            CollectionAssert.AreEqual(names, DatasetClassNames.For(setup, 10), setup?.Data ?? "no data recorded");
        }

        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(), DatasetClassNames.For(new RunSetup { Data = "/usr/share/datasets/mnist" }, 10));

        RunState s = Run(TrainingMode.Mixed, 1, new RunSetup { Data = "/usr/share/datasets/fashion-mnist" });
        Figure f = TrainingFigures.All(s, Confusion()).Single(x => x.File == "confusion.png").Figure!;
        CollectionAssert.AreEqual(names, f.X.Ticks!.Select(t => t.Label).ToArray(), "predicted classes along the bottom");
        Assert.AreEqual("T-shirt/top", f.Y.Ticks!.Single(t => t.Position == 9).Label, "true class 0 at the top");
        Assert.AreEqual("Ankle boot", f.Y.Ticks!.Single(t => t.Position == 0).Label);
        HeatmapElement cells = f.Of<HeatmapElement>().Single();
        Assert.AreEqual(7.0, cells.Values[6, 0], "row = true class (shirt), column = predicted (T-shirt/top)");
        Assert.IsTrue(cells.CellValues);
    }

    [TestMethod]
    public void SoftwareRunFolderHasNoProgramErrorPlotAndAChipRunHasOne()
    {
        string dir = TempDir();
        try
        {
            RunState software = Run(TrainingMode.Software, 2);
            Assert.IsNull(TrainingFigures.ProgramErrors(software));
            File.WriteAllText(Path.Combine(dir, "program-error.png"), "left from an earlier epoch");
            RunFolder.WriteEpoch(dir, software, Confusion());
            Assert.IsFalse(File.Exists(Path.Combine(dir, "program-error.png")), "no program-error plot for a software run");
            foreach (string f in new[] { "accuracy.png", "loss.png", "writes.png", "weights.png", "confusion.png" })
            {
                string path = Path.Combine(dir, f);
                byte[] bytes = File.ReadAllBytes(path);
                CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes.Take(4).ToArray(), f + " is not a PNG");
                Assert.IsTrue(bytes.Length > 10_000, f + " is suspiciously small: " + bytes.Length + " bytes");
            }

            RunState chip = Run(TrainingMode.Mixed, 2);
            RunFolder.WriteEpoch(dir, chip, Confusion());
            Assert.IsTrue(new FileInfo(Path.Combine(dir, "program-error.png")).Length > 10_000);
            Figure errors = TrainingFigures.ProgramErrors(chip)!;
            BarsElement bars = errors.Of<BarsElement>().Single();
            Assert.AreEqual(300, bars.Counts.Sum());
            Assert.AreEqual(0.0, errors.Y.Min, "counts from 0");
            Assert.IsTrue(bars.Edges[0] >= -0.401 && bars.Edges[^1] <= 0.401, "errors in µS: " + bars.Edges[0] + ".." + bars.Edges[^1]);
        }
        finally
        {
            // CIM_KEEP_TEST_FILES=1 keeps the PNGs to look at.
            if (Environment.GetEnvironmentVariable("CIM_KEEP_TEST_FILES") == "1")
            {
                Console.WriteLine("kept " + dir);
            }
            else
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}

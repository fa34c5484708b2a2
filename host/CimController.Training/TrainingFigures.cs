using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Analysis;

namespace CimController.Training;

/// <summary>
/// The run folder's figures (Wu 2023 Fig. 5) as <see cref="Figure"/>s: test accuracy and training loss per epoch beside the
/// software baseline, device writes per epoch on a log axis, 10 random weights over training, the program-error histogram
/// of the device writes and the last epoch's confusion matrix with the class names. Epoch axes have whole-number ticks.
/// A figure with nothing to show is null and its file is not written.
/// </summary>
public static class TrainingFigures
{
    /// <summary>The figures of the run folder by file name; null where there is nothing to plot.</summary>
    public static IReadOnlyList<(string File, Figure? Figure)> All(RunState s, int[] confusion) => new (string, Figure?)[]
    {
        ("accuracy.png", Accuracy(s)),
        ("loss.png", Loss(s)),
        ("writes.png", Writes(s)),
        ("weights.png", Weights(s)),
        ("program-error.png", ProgramErrors(s)),
        ("confusion.png", Confusion(confusion, s, DatasetClassNames.For(s.Setup, ClassCount(confusion)))),
    };

    /// <summary>Test accuracy (%) per epoch, with the software FP32 baseline when it ran.</summary>
    public static Figure Accuracy(RunState s) =>
        PerEpoch(s, "Test accuracy per epoch", "test accuracy (%)", m => 100 * m.TestAccuracy);

    /// <summary>Mean training loss (softmax cross-entropy over the epoch's batches) per epoch, with the baseline's.</summary>
    public static Figure Loss(RunState s) =>
        PerEpoch(s, "Training loss per epoch", "mean training loss (cross-entropy)", m => m.TrainLoss);

    /// <summary>
    /// Device writes per epoch on a log axis, against what software training writes (every weight every batch); epochs
    /// without a write have no point (log scale). Null when no epoch wrote.
    /// </summary>
    public static Figure? Writes(RunState s)
    {
        EpochMetrics[] wrote = s.History.Where(m => m.Writes > 0).ToArray();
        if (wrote.Length == 0)
        {
            return null;
        }

        double[] x = s.History.Select(m => (double)m.Epoch).ToArray();
        double software = Math.Max(1, (double)s.NetworkWeights * s.Options.BatchesPerEpoch);
        var elements = new List<FigureElement>
        {
            new LineElement(s.Options.Mode == TrainingMode.Software ? "software training writes" : "device (pair) writes",
                wrote.Select(m => (double)m.Epoch).ToArray(), wrote.Select(m => (double)m.Writes).ToArray()) { Markers = true, Colour = RunColour(s) },
        };
        if (s.Options.Mode != TrainingMode.Software)
        {
            elements.Add(new LineElement("software training (every weight every batch)", x, x.Select(_ => software).ToArray()) { Dashed = true, Colour = FigureColours.Grey });
        }

        double lo = Math.Min(software, wrote.Min(m => (double)m.Writes)), hi = Math.Max(software, wrote.Max(m => (double)m.Writes));
        var y = new FigureAxis("writes per epoch (log scale)") { Log = true, Ticks = AxisTicks.Log(lo, hi), Min = lo / 2, Max = hi * 2 };
        string what = s.Options.Mode == TrainingMode.Software ? "Weight writes per epoch" : "Device writes per epoch";
        return new Figure(FigureTitle.Lines(what, Tag(s)), EpochAxis(s), y, elements)
        {
            Legend = Figure.LegendIfSeveral(elements, LegendPlace.OutsideBelow),
        };
    }

    /// <summary>The tracked weights (W_FP) over the training steps.</summary>
    public static Figure Weights(RunState s)
    {
        double[] x = s.TrackedSteps.Select(v => (double)v).ToArray();
        var elements = new List<FigureElement>();
        for (int t = 0; t < s.TrackedIndices.Length; t++)
        {
            int k = t;
            elements.Add(new LineElement(null, x, s.TrackedHistory.Select(v => (double)v[k]).ToArray()));
        }

        return new Figure(FigureTitle.Lines($"Evolution of {s.TrackedIndices.Length} random weights", Tag(s)), new FigureAxis("training step (batch)"), new FigureAxis("weight W_FP"), elements);
    }

    /// <summary>Histogram of read-back minus target of every device write (µS); null when no device was written (software runs).</summary>
    public static Figure? ProgramErrors(RunState s)
    {
        if (s.ProgramErrorsNanosiemens.Count == 0)
        {
            return null;
        }

        double[] errorsMicrosiemens = s.ProgramErrorsNanosiemens.Select(v => v / 1000.0).ToArray();
        Figure f = Plots.ErrorHistogramFigure($"Program error of {s.ProgramErrorsNanosiemens.Count} device writes", "read-back − target (µS)", errorsMicrosiemens, null);
        return f with { TitleLines = FigureTitle.Lines(f.Title, Tag(s)) };
    }

    /// <summary>
    /// The confusion matrix [true * classes + predicted] as a heatmap with the counts in the cells, true classes down the
    /// left (first at the top), predicted classes along the bottom, both named with <paramref name="classNames"/>.
    /// </summary>
    public static Figure Confusion(int[] confusion, RunState s, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        int classes = ClassCount(confusion);
        if (classNames.Count != classes)
        {
            throw new ArgumentException($"{classNames.Count} class names for {classes} classes", nameof(classNames));
        }

        var data = new double[classes, classes];
        for (int t = 0; t < classes; t++)
        {
            for (int p = 0; p < classes; p++)
            {
                data[t, p] = confusion[(t * classes) + p];
            }
        }

        var x = new FigureAxis("predicted class") { Ticks = AxisTicks.Categories(classNames), Min = -0.5, Max = classes - 0.5, TickLabelDegrees = -40 };
        var y = new FigureAxis("true class")
        {
            Ticks = Enumerable.Range(0, classes).Select(t => new Tick(classes - 1 - t, classNames[t])).ToArray(),
            Min = -0.5,
            Max = classes - 0.5,
        };
        int images = confusion.Sum();
        return new Figure(FigureTitle.Lines($"Confusion matrix after epoch {s.History.Count}, {images} test images", Tag(s)), x, y,
            new FigureElement[] { new HeatmapElement(data) { CellValues = true, ColourBarLabel = "test images" } })
        {
            Width = 900,
            Height = 800,
        };
    }

    private static int ClassCount(int[] confusion) => (int)Math.Round(Math.Sqrt(confusion.Length));

    private static Figure PerEpoch(RunState s, string what, string yLabel, Func<EpochMetrics, double> value)
    {
        var elements = new List<FigureElement>();
        if (s.Baseline.Count > 0)
        {
            elements.Add(new LineElement("software FP32 baseline", s.Baseline.Select(m => (double)m.Epoch).ToArray(), s.Baseline.Select(value).ToArray())
                { Markers = true, Colour = FigureColours.Grey });
        }

        elements.Add(new LineElement(s.Options.Mode == TrainingMode.Software ? "software FP32" : s.Options.Mode.ToString().ToLowerInvariant() + " (emulated chip)",
            s.History.Select(m => (double)m.Epoch).ToArray(), s.History.Select(value).ToArray()) { Markers = true, Colour = RunColour(s) });
        return new Figure(FigureTitle.Lines(what, Tag(s)), EpochAxis(s), new FigureAxis(yLabel), elements)
        {
            Legend = Figure.LegendIfSeveral(elements, LegendPlace.OutsideBelow),
        };
    }

    /// <summary>Epochs 1..the last one of the run or its baseline, whole-number ticks.</summary>
    private static FigureAxis EpochAxis(RunState s)
    {
        int last = Math.Max(1, Math.Max(s.History.Count > 0 ? s.History.Max(m => m.Epoch) : 1, s.Baseline.Count > 0 ? s.Baseline.Max(m => m.Epoch) : 1));
        return FigureAxis.WholeNumbers("epoch", 1, last);
    }

    /// <summary>Magenta for the run, as in Wu 2023 Fig. 5.</summary>
    private static string RunColour(RunState s) => s.Options.Mode == TrainingMode.Software ? FigureColours.At(0) : "#d81b9c";

    private static string Tag(RunState s) => $"{s.Options.Model}, {s.Options.Mode.ToString().ToLowerInvariant()}, seed {s.Options.Seed}";
}

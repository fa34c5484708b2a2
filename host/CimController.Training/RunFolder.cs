using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ScottPlot;

namespace CimController.Training;

/// <summary>
/// The run folder's per-epoch files: <c>metrics.csv</c> and <c>metrics.json</c> (one row per epoch), and the PNG plots
/// (Wu 2023 Fig. 5): <c>accuracy.png</c> (test accuracy per epoch beside the software baseline), <c>writes.png</c> (device
/// writes per epoch, with what software training would write), <c>weights.png</c> (10 random weights over training),
/// <c>program-error.png</c> (read-back minus target of every write), <c>confusion.png</c> (last epoch's test confusion matrix).
/// </summary>
public static class RunFolder
{
    static RunFolder()
    {
        Fonts.Default = "DejaVu Sans";
    }

    /// <summary>Writes metrics and plots after an epoch.</summary>
    public static void WriteEpoch(string folder, RunState s, int[] confusion)
    {
        Directory.CreateDirectory(folder);
        WriteMetrics(folder, s);
        PlotAccuracy(Path.Combine(folder, "accuracy.png"), s);
        PlotWrites(Path.Combine(folder, "writes.png"), s);
        PlotWeights(Path.Combine(folder, "weights.png"), s);
        PlotProgramErrors(Path.Combine(folder, "program-error.png"), s);
        PlotConfusion(Path.Combine(folder, "confusion.png"), confusion, s);
    }

    /// <summary>metrics.csv and metrics.json (the <see cref="RunSummary.Results"/> document).</summary>
    public static void WriteMetrics(string folder, RunState s)
    {
        var csv = new StringBuilder("epoch,train_loss,train_accuracy,test_accuracy,test_images,writes,writes_total,failed_writes,pulses,train_s,test_s,chip_s,baseline_test_accuracy\n");
        foreach (EpochMetrics m in s.History)
        {
            EpochMetrics? b = s.Baseline.FirstOrDefault(x => x.Epoch == m.Epoch);
            csv.AppendLine(string.Join(",", new[]
            {
                m.Epoch.ToString(CultureInfo.InvariantCulture), F(m.TrainLoss), F(m.TrainAccuracy), F(m.TestAccuracy), m.TestImages.ToString(CultureInfo.InvariantCulture),
                m.Writes.ToString(CultureInfo.InvariantCulture), m.WritesTotal.ToString(CultureInfo.InvariantCulture), m.FailedWrites.ToString(CultureInfo.InvariantCulture),
                m.Pulses.ToString(CultureInfo.InvariantCulture), F(m.TrainSeconds), F(m.TestSeconds), F(m.ChipSeconds), b is null ? "" : F(b.TestAccuracy),
            }));
        }

        File.WriteAllText(Path.Combine(folder, "metrics.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(folder, "metrics.json"), RunSummary.Results(s).ToJsonString(RunSummary.Indented) + "\n");
    }

    private static string F(double v) => double.IsNaN(v) ? "" : v.ToString("G6", CultureInfo.InvariantCulture);

    private static Plot New(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    private static void Save(Plot plot, string path, bool legend)
    {
        if (legend)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }

        plot.SavePng(path, 900, 600);
    }

    private static string Tag(RunState s) => $"{s.Options.Model}, {s.Options.Mode.ToString().ToLowerInvariant()}, seed {s.Options.Seed}";

    public static void PlotAccuracy(string path, RunState s)
    {
        Plot plot = New($"Test accuracy per epoch ({Tag(s)})", "epoch", "test accuracy (%)");
        if (s.Baseline.Count > 0)
        {
            var b = plot.Add.Scatter(s.Baseline.Select(m => (double)m.Epoch).ToArray(), s.Baseline.Select(m => 100 * m.TestAccuracy).ToArray());
            b.LegendText = "software FP32 baseline";
            b.Color = Colors.Gray;
        }

        var r = plot.Add.Scatter(s.History.Select(m => (double)m.Epoch).ToArray(), s.History.Select(m => 100 * m.TestAccuracy).ToArray());
        r.LegendText = s.Options.Mode == TrainingMode.Software ? "software FP32" : s.Options.Mode + " (emulated chip)";
        r.Color = Colors.Magenta;
        Save(plot, path, true);
    }

    public static void PlotWrites(string path, RunState s)
    {
        Plot plot = New($"Device writes per epoch ({Tag(s)}; log scale)", "epoch", "log10 writes per epoch");
        double[] x = s.History.Select(m => (double)m.Epoch).ToArray();
        var w = plot.Add.Scatter(x, s.History.Select(m => Math.Log10(Math.Max(1, m.Writes))).ToArray());
        w.LegendText = "device (pair) writes";
        double sw = Math.Log10(Math.Max(1, (double)s.NetworkWeights * s.Options.BatchesPerEpoch));
        var l = plot.Add.Scatter(x, x.Select(_ => sw).ToArray());
        l.LegendText = "software training (every weight every batch)";
        l.Color = Colors.Gray;
        Save(plot, path, true);
    }

    public static void PlotWeights(string path, RunState s)
    {
        Plot plot = New($"Evolution of {s.TrackedIndices.Length} random weights ({Tag(s)})", "batch (step)", "weight W_FP");
        double[] x = s.TrackedSteps.Select(v => (double)v).ToArray();
        for (int t = 0; t < s.TrackedIndices.Length; t++)
        {
            double[] y = s.TrackedHistory.Select(v => (double)v[t]).ToArray();
            var line = plot.Add.Scatter(x, y);
            line.MarkerSize = 0;
            line.LegendText = "w" + s.TrackedIndices[t];
        }

        Save(plot, path, false);
    }

    public static void PlotProgramErrors(string path, RunState s)
    {
        Plot plot = New($"Program error of device writes ({Tag(s)}; {s.ProgramErrorsNs.Count} devices)", "read-back - target (uS)", "count");
        if (s.ProgramErrorsNs.Count > 0)
        {
            double[] e = s.ProgramErrorsNs.Select(v => v / 1000.0).ToArray();
            double lo = e.Min(), hi = e.Max();
            if (hi <= lo)
            {
                hi = lo + 1e-3;
            }

            const int bins = 60;
            var counts = new double[bins];
            double width = (hi - lo) / bins;
            foreach (double v in e)
            {
                counts[Math.Min(bins - 1, (int)((v - lo) / width))]++;
            }

            var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(i => lo + ((i + 0.5) * width)).ToArray(), counts);
            foreach (Bar bar in bars.Bars)
            {
                bar.Size = width * 0.9;
            }
        }

        Save(plot, path, false);
    }

    public static void PlotConfusion(string path, int[] confusion, RunState s)
    {
        int classes = (int)Math.Round(Math.Sqrt(confusion.Length));
        var data = new double[classes, classes];
        for (int t = 0; t < classes; t++)
        {
            for (int p = 0; p < classes; p++)
            {
                data[t, p] = confusion[(t * classes) + p];
            }
        }

        Plot plot = New($"Confusion matrix, epoch {s.History.Count} ({Tag(s)})", "predicted class", "true class (0 at top)");
        var hm = plot.Add.Heatmap(data);
        hm.Colormap = new ScottPlot.Colormaps.Viridis();
        for (int t = 0; t < classes; t++)
        {
            for (int p = 0; p < classes; p++)
            {
                var txt = plot.Add.Text(confusion[(t * classes) + p].ToString(CultureInfo.InvariantCulture), p, classes - 1 - t);
                txt.LabelFontColor = Colors.White;
                txt.LabelFontSize = 11;
                txt.LabelAlignment = Alignment.MiddleCenter;
            }
        }

        plot.Axes.Left.SetTicks(Enumerable.Range(0, classes).Select(t => (double)(classes - 1 - t)).ToArray(),
            Enumerable.Range(0, classes).Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, classes).Select(p => (double)p).ToArray(),
            Enumerable.Range(0, classes).Select(p => p.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Add.ColorBar(hm);
        plot.SavePng(path, 800, 700);
    }
}

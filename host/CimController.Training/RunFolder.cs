using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CimController.Analysis;

namespace CimController.Training;

/// <summary>
/// The run folder's per-epoch files: <c>metrics.csv</c> and <c>metrics.json</c> (one row per epoch), and the PNG plots
/// of <see cref="TrainingFigures"/> (Wu 2023 Fig. 5): <c>accuracy.png</c>, <c>loss.png</c>, <c>writes.png</c>,
/// <c>weights.png</c>, <c>program-error.png</c> (only when devices were written) and <c>confusion.png</c>.
/// </summary>
public static class RunFolder
{
    /// <summary>Writes metrics and plots after an epoch.</summary>
    public static void WriteEpoch(string folder, RunState s, int[] confusion)
    {
        Directory.CreateDirectory(folder);
        WriteMetrics(folder, s);
        WritePlots(folder, s, confusion);
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

    /// <summary>
    /// Draws the run's figures (<see cref="TrainingFigures.All"/>) into <paramref name="folder"/>; a figure with nothing
    /// to plot is not written, and a copy of it left from an earlier epoch is removed.
    /// </summary>
    public static void WritePlots(string folder, RunState s, int[] confusion)
    {
        foreach ((string file, Figure? figure) in TrainingFigures.All(s, confusion))
        {
            string path = Path.Combine(folder, file);
            if (figure is null)
            {
                File.Delete(path);
            }
            else
            {
                FigureRenderer.Save(figure, path);
            }
        }
    }
}

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using CimController.Analysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Analysis.Tests;

/// <summary>
/// What the figures show, read from their <see cref="Figure"/> descriptions (the renderer draws exactly these): histograms
/// count from zero in whole-number bins, the transfer study puts its models on the x axis as boxes in percent, the
/// levels study has whole-bit ticks, min-max bars, the legend off the curves and a title that fits.
/// </summary>
[TestClass]
public sealed class FigureDescriptionTests
{
    private static void AssertWholeNumberTicks(FigureAxis axis)
    {
        Assert.IsNotNull(axis.Ticks, axis.Label + ": no ticks given");
        Assert.IsTrue(axis.Ticks.Count > 0);
        foreach (Tick t in axis.Ticks)
        {
            Assert.AreEqual(Math.Round(t.Position), t.Position, 0, axis.Label + ": tick at " + t.Position);
            Assert.AreEqual(t.Position.ToString(CultureInfo.InvariantCulture), t.Label);
        }
    }

    private static void AssertPng(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes.Take(4).ToArray(), path + " is not a PNG");
        Assert.IsTrue(bytes.Length > 10_000, path + " is suspiciously small: " + bytes.Length + " bytes");
    }

    [TestMethod]
    public void PulseHistogramHasWholeNumberBinsAndTicksAndCountsFromZero()
    {
        // Pulses per cell 3..22, most near 5: one bin per whole number, each centred on it.
        int[] pulses = Enumerable.Range(0, 500).Select(i => 3 + (i % 7 == 0 ? i % 20 : i % 4)).ToArray();
        Figure f = Plots.CountHistogramFigure("pulses", "pulses per cell", pulses);
        BarsElement bars = f.Of<BarsElement>().Single();
        Assert.AreEqual(2.5, bars.Edges[0]);
        Assert.AreEqual(22.5, bars.Edges[^1]);
        foreach (double e in bars.Edges)
        {
            Assert.AreEqual(0.5, e - Math.Floor(e), 1e-12, "bin edge " + e + " is not a half-integer");
        }

        Assert.AreEqual(pulses.Length, bars.Counts.Sum());
        Assert.AreEqual(pulses.Count(p => p == 5), bars.Counts[5 - 3]);
        Assert.IsTrue(bars.Counts.All(c => c >= 0));
        Assert.AreEqual(0.0, f.Y.Min, "the count axis starts at 0, no negative counts");
        AssertWholeNumberTicks(f.X);
        AssertWholeNumberTicks(f.Y);
    }

    [TestMethod]
    public void TheRendererDrawsTheLimitsTheFigureGives()
    {
        Figure f = Plots.CountHistogramFigure("pulses", "pulses per cell", new[] { 3, 4, 4, 5, 9 });
        var drawn = FigureRenderer.DrawnLimits(f);
        Assert.AreEqual(f.X.Min!.Value, drawn.Left, 1e-9);
        Assert.AreEqual(f.X.Max!.Value, drawn.Right, 1e-9);
        Assert.AreEqual(0.0, drawn.Bottom, 1e-9, "counts from 0");
        Assert.AreEqual(f.Y.Max!.Value, drawn.Top, 1e-9);

        var log = new Figure(new[] { "log" }, new FigureAxis("x"), new FigureAxis("writes") { Log = true, Min = 100, Max = 1e6 },
            new FigureElement[] { new LineElement("w", new[] { 1.0, 2 }, new[] { 1000.0, 20_000 }) });
        var l = FigureRenderer.DrawnLimits(log);
        Assert.AreEqual(100, l.Bottom, 1e-6);
        Assert.AreEqual(1e6, l.Top, 1e-3);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FigureRenderer.DrawnLimits(log with { Elements = new FigureElement[] { new LineElement("w", new[] { 1.0 }, new[] { 0.0 }) } }),
            "0 has no place on a log axis");
    }

    [TestMethod]
    public void WideWholeNumberRangesGetWiderWholeNumberBins()
    {
        int[] values = Enumerable.Range(0, 400).Select(i => (i * 37) % 301).ToArray();
        HistogramBins h = HistogramBins.Integers(values, maxBins: 60);
        Assert.IsTrue(h.Counts.Length <= 60, h.Counts.Length + " bins");
        Assert.AreEqual(Math.Round(h.Width), h.Width, "bin width " + h.Width + " is not a whole number");
        Assert.AreEqual(values.Length, h.Counts.Sum());
        Assert.IsTrue(h.Edges[0] <= values.Min() && h.Edges[^1] >= values.Max());
    }

    [TestMethod]
    public void ErrorHistogramAndCountBarsStartAtZero()
    {
        double[] errors = Enumerable.Range(0, 500).Select(i => Math.Sin(i) * 0.01).ToArray();
        Figure f = Plots.ErrorHistogramFigure("errors", "error (Ω)", errors, StudentTFit.Fit(errors));
        BarsElement bars = f.Of<BarsElement>().Single();
        Assert.AreEqual(0.0, f.Y.Min);
        Assert.AreEqual(500, bars.Counts.Sum());
        Assert.IsTrue(bars.Counts.All(c => c >= 0));
        Assert.AreEqual(1, f.Of<LineElement>().Count(), "the Student-t fit");
        Assert.AreEqual(LegendPlace.UpperRight, f.Legend);

        Figure trials = Plots.CountBarsFigure("trials", "set-reset trials", new[] { (1, 4000L), (3, 6L) });
        BarsElement t = trials.Of<BarsElement>().Single();
        CollectionAssert.AreEqual(new[] { 4000.0, 0, 6 }, t.Counts, "the empty category 2 keeps its place");
        Assert.AreEqual(0.0, trials.Y.Min);
        AssertWholeNumberTicks(trials.X);
    }

    [TestMethod]
    public void TransferStudyShowsModelsAsCategoriesWithBoxesInPercent()
    {
        double[] software = { 0.70, 0.72, 0.74, 0.76, 0.78 };
        double[] mixed = { 0.85, 0.8523, 0.86, 0.87, 0.84 };
        Figure f = Plots.TransferStudyFigure("transfer", new[] { new TransferCategory("software-trained (FP32)", software), new TransferCategory("mixed-precision (on chip)", mixed) });
        CollectionAssert.AreEqual(new[] { "software-trained (FP32)", "mixed-precision (on chip)" }, f.X.Ticks!.Select(t => t.Label).ToArray());
        CollectionAssert.AreEqual(new[] { 1.0, 2.0 }, f.X.Ticks!.Select(t => t.Position).ToArray());
        BoxElement[] boxes = f.Of<BoxElement>().ToArray();
        Assert.AreEqual(2, boxes.Length);
        Assert.AreEqual(1.0, boxes[0].Position);
        Assert.AreEqual(74.0, boxes[0].Median, 1e-9, "percent, not a fraction");
        Assert.AreEqual(70.0, boxes[0].Min, 1e-9);
        Assert.AreEqual(78.0, boxes[0].Max, 1e-9);
        Assert.IsTrue(boxes[0].Q1 <= boxes[0].Median && boxes[0].Median <= boxes[0].Q3);
        Assert.AreEqual(5, boxes[1].Samples.Length);
        StringAssert.Contains(f.Y.Label, "(%)");
        CollectionAssert.Contains(f.Of<TextElement>().Select(t => t.Text).ToArray(), "median 85.23 %", "the median as the console prints it (P2)");
        Assert.IsTrue(f.Y.Min >= 0 && f.Y.Max <= 101);

        using var temp = new TempFolder();
        AssertPng(Plots.TransferStudy(temp.File("transfer.png"), "Weight transfer to 5 fresh brram-table1 chips", new[] { new TransferCategory("software", software), new TransferCategory("mixed", mixed) }));
    }

    [TestMethod]
    public void LevelsStudyHasWholeBitTicksMinMaxBarsALegendOffTheCurvesAndATitleThatFits()
    {
        var points = Enumerable.Range(3, 7).SelectMany(bits => new[]
        {
            new LevelsStudyPoint("mlp", bits, 0.80 + (0.01 * bits), 0.78 + (0.01 * bits), 0.81 + (0.01 * bits), 0.88),
            new LevelsStudyPoint("diao-lenet5", bits, 0.70 + (0.02 * bits), 0.69 + (0.02 * bits), 0.72 + (0.02 * bits), 0.86),
        }).ToList();
        string source = "medians of a fitted program-error model (512 levels) from /home/someone/runs/ffp-levels-20261123T040506Z/program-error-model.json";
        Figure f = Plots.LevelsStudyFigure(source, points);
        AssertWholeNumberTicks(f.X);
        CollectionAssert.AreEqual(Enumerable.Range(3, 7).Select(b => (double)b).ToArray(), f.X.Ticks!.Select(t => t.Position).ToArray());
        Assert.AreEqual(LegendPlace.OutsideBelow, f.Legend);
        LineElement mlp = f.Of<LineElement>().First(l => l.Label!.StartsWith("mlp transferred", StringComparison.Ordinal));
        Assert.IsNotNull(mlp.YLow);
        Assert.AreEqual(81.0, mlp.YLow![0], 1e-9, "min bar at 3 bits, in percent");
        Assert.AreEqual(84.0, mlp.YHigh![0], 1e-9, "max bar at 3 bits, in percent");
        Assert.AreEqual(83.0, mlp.Y[0], 1e-9);
        Assert.IsTrue(f.Of<LineElement>().Count(l => l.Dashed) == 2, "a dashed software line per model");
        Assert.IsTrue(f.TitleLines.Count >= 3, "the error source wraps onto its own lines");
        Assert.IsTrue(f.TitleLines.All(l => l.Length <= FigureTitle.MaxLineChars));
        var extents = FigureRenderer.TitleExtents(f);
        for (int i = 0; i < extents.Count; i++)
        {
            Assert.IsTrue(extents[i].Left >= 0 && extents[i].Right <= f.Width, $"title line '{f.TitleLines[i]}' spans {extents[i].Left:0}..{extents[i].Right:0} px of {f.Width}");
        }

        using var temp = new TempFolder();
        AssertPng(Plots.LevelsStudy(temp.File("levels.png"), source, points));
    }

    [TestMethod]
    public void TickRulesGiveWholeNumbersAndLogDecades()
    {
        CollectionAssert.AreEqual(Enumerable.Range(1, 13).Select(i => (double)i).ToArray(), AxisTicks.Integers(1, 13).Select(t => t.Position).ToArray());
        var many = AxisTicks.Integers(1, 200);
        Assert.IsTrue(many.Count <= 15 && many.All(t => t.Position % 20 == 0), string.Join(",", many.Select(t => t.Label)));

        var log = AxisTicks.Log(1500, 250_000);
        Assert.IsTrue(log.All(t => t.Position > 0));
        CollectionAssert.IsSubsetOf(new[] { "1000", "2000", "5000", "10⁴", "2×10⁴", "10⁵", "10⁶" }, log.Where(t => t.Label.Length > 0).Select(t => t.Label).ToArray());
        var wide = AxisTicks.Log(1, 1e8);
        CollectionAssert.AreEqual(new[] { "1", "10", "100", "1000", "10⁴", "10⁵", "10⁶", "10⁷", "10⁸" }, wide.Where(t => t.Label.Length > 0).Select(t => t.Label).ToArray(),
            "beyond three decades only the decades are labelled");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => AxisTicks.Log(0, 10));
    }

    [TestMethod]
    public void TitlesWrapAtWordsAndCutLongPaths()
    {
        var lines = FigureTitle.Lines("Short title", null, "program error: " + new string('x', 150));
        Assert.AreEqual("Short title", lines[0]);
        Assert.AreEqual("program error:", lines[1]);
        Assert.IsTrue(lines.Skip(2).All(l => l.Length <= FigureTitle.MaxLineChars));
        Assert.AreEqual(150, lines.Skip(2).Sum(l => l.Length));
    }
}

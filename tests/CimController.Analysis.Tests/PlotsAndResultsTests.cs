using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Analysis.Tests;

[TestClass]
public sealed class PlotsAndResultsTests
{

    private static void AssertPng(string path)
    {
        Assert.IsTrue(File.Exists(path), path + " missing");
        byte[] head = File.ReadAllBytes(path).Take(8).ToArray();
        CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, head, "not a PNG");
        Assert.IsTrue(new FileInfo(path).Length > 5000, path + " is suspiciously small");
    }

    [TestMethod]
    public void EveryPlotWritesANonEmptyPng()
    {
        using var temp = new TempFolder();
        string dir = temp.Path;
        FfpSweep sweep = Synthetic.Eq(2e-3, 300, SweepDirection.Potentiation, noiseOhms: 0.05);
        SegmentationResult seg = FfpSegmentation.Segment(sweep, 32);
        LinearityFitResult fit = LinearityFit.FitLadder(seg);
        var curve = new Series("1.0 V", Enumerable.Range(0, 101).Select(i => (double)i).ToArray(), sweep.Ohms.Take(101).ToArray());
        AssertPng(Plots.ResistanceVsPulse(Path.Combine(dir, "r.png"), "R vs pulse", new[] { curve, curve with { Label = "2.0 V" } }));
        AssertPng(Plots.DeltaRMap(Path.Combine(dir, "dr.png"), "|dR| map", new[] { new Series("1 V", sweep.Ohms.Skip(1).ToArray(), sweep.Ohms.Zip(sweep.Ohms.Skip(1), (a, b) => Math.Abs(a - b)).ToArray()) }));
        AssertPng(Plots.FfpSweep(Path.Combine(dir, "sweep.png"), "sweep", new[] { new Series("sweep", Enumerable.Range(0, sweep.Ohms.Length).Select(i => (double)i).ToArray(), sweep.Ohms) }));
        AssertPng(Plots.LevelLadder(Path.Combine(dir, "ladder.png"), "ladder", seg, fit));
        var cpd = SkipAnalysis.Analyze(seg, new[] { sweep, Synthetic.Eq(2e-3, 300, SweepDirection.Potentiation, noiseOhms: 0.05, seed: 2) });
        AssertPng(Plots.Cpd(Path.Combine(dir, "cpd.png"), "cpd", cpd.Samples!.Take(5).Select((s, i) => (i + 1, s)).ToList()));
        double[] errors = Enumerable.Range(0, 500).Select(i => Math.Sin(i) * 0.01).ToArray();
        AssertPng(Plots.ErrorHistogram(Path.Combine(dir, "hist.png"), "errors", "error", errors, StudentTFit.Fit(errors)));
        AssertPng(Plots.SamplerScatter(Path.Combine(dir, "sampler.png"), "sampler", new[] { new Series("n = 32", new[] { 0.1, 0.5 }, new[] { 0.11, 0.49 }) }));
        AssertPng(Plots.LevelCdf(Path.Combine(dir, "cdf.png"), "CDF", "current (µA)", Enumerable.Range(0, 16).Select(k => ("L" + k, Enumerable.Range(0, 50).Select(i => 2.3 + k * 0.47 + i * 0.001).ToArray(), 2.3 + k * 0.47 - 0.05, 2.3 + k * 0.47 + 0.1)).ToList()));
        AssertPng(Plots.Points(Path.Combine(dir, "points.png"), "points", "x (Ω)", "y", new[] { new Series("a", new[] { 1.0, 2, 3 }, new[] { 0.9, 0.95, 0.99 }), new Series("b", new[] { 1.5, 2.5 }, new[] { 0.8, 0.99 }) }));
        AssertPng(Plots.Lines(Path.Combine(dir, "lines.png"), "lines", "x (Ω)", "y", new[] { new Series("a", new[] { 1.0, 2, 3 }, new[] { 0.9, 0.95, 0.99 }) }, markers: true));
        AssertPng(Plots.CountBars(Path.Combine(dir, "bars.png"), "trials", "trials", new[] { (1, 4000L), (2, 90L), (3, 6L) }));
        AssertPng(Plots.CountHistogram(Path.Combine(dir, "pulses.png"), "pulses", "pulses per cell", Enumerable.Range(0, 300).Select(i => 3 + (i % 9)).ToArray()));
    }

    [TestMethod]
    public void ResultsFolderHasTheDocumentedLayout()
    {
        using var temp = new TempFolder();
        string root = temp.Path;
        var when = new DateTime(2026, 11, 23, 4, 5, 6, DateTimeKind.Utc);
        ResultsFolder a = ResultsFolder.Create("ffp-levels", null, when, root);
        ResultsFolder b = ResultsFolder.Create("ffp-levels", null, when, root);
        Assert.AreEqual(Path.Combine(root, "ffp-levels-20261123T040506Z"), a.Path);
        Assert.AreEqual(a.Path + "-2", b.Path, "a second run in the same second gets a suffix");
        a.WriteStarted("cimctl ffp levels --seed 3");
        JsonObject started = JsonNode.Parse(File.ReadAllText(a.File("summary.json")))!.AsObject();
        Assert.AreEqual("running", started["status"]!.GetValue<string>(), "a run stopped now leaves a folder that says it did not finish");
        Assert.AreEqual("cimctl ffp levels --seed 3", started["commandLine"]!.GetValue<string>(), "and how it was started");
        Assert.AreEqual("2026-11-23T04:05:06.0000000Z", started["startedUtc"]!.GetValue<string>());
        a.WriteCsv("t.csv", new[] { "n", "x", "note" }, new object?[][] { new object?[] { 1, 0.5, "a,b" }, new object?[] { 2, 1e-5, null } });
        Assert.AreEqual("n,x,note\n1,0.5,\"a,b\"\n2,1E-05,\n", File.ReadAllText(a.File("t.csv")).Replace("\r\n", "\n"));
        a.WriteJson("r.json", new JsonObject { ["k"] = 1 });
        a.AddFigure("f.png", "a figure", p => File.WriteAllText(p, "x"));
        a.WriteSummary("cimctl ffp levels --seed 3", 3, "tio2", "emulator", new JsonObject { ["distinct"] = 512, ["nan"] = double.NaN, ["list"] = new JsonArray(1.0, double.PositiveInfinity) });
        JsonObject summary = JsonNode.Parse(File.ReadAllText(a.File("summary.json")))!.AsObject();
        Assert.AreEqual("ffp-levels", summary["command"]!.GetValue<string>());
        Assert.AreEqual(3, summary["seed"]!.GetValue<int>());
        Assert.AreEqual("tio2", summary["profile"]!.GetValue<string>());
        Assert.AreEqual("cimctl ffp levels --seed 3", summary["commandLine"]!.GetValue<string>());
        Assert.AreEqual("complete", summary["status"]!.GetValue<string>());
        Assert.AreEqual("f.png", summary["figures"]![0]!["file"]!.GetValue<string>());
        Assert.AreEqual("a figure", summary["figures"]![0]!["caption"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { "t.csv", "r.json" }, summary["files"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray());
        Assert.AreEqual(512, summary["results"]!["distinct"]!.GetValue<int>());
        Assert.IsNull(summary["results"]!["nan"], "NaN is written as null");
        Assert.IsNull(summary["results"]!["list"]![1]);
        string outDir = Path.Combine(root, "given");
        Assert.AreEqual(outDir, ResultsFolder.Create("x", outDir).Path);
        Assert.IsTrue(Directory.Exists(outDir));
        File.WriteAllText(Path.Combine(root, "afile"), "x");
        var e = Assert.ThrowsExactly<IOException>(() => ResultsFolder.Create("x", Path.Combine(root, "afile")));
        StringAssert.Contains(e.Message, "is a file; give a directory");
    }

    [TestMethod]
    public void WriteVerifyStatisticsCountBandsTrialsAndLevels()
    {
        var cells = new[]
        {
            new WriteVerifyCell(0, 0, 0, 10, 0.5, 10.2, true, 12, 1, "InBand"),
            new WriteVerifyCell(0, 1, 1, 20, 0.5, 20.6, false, 80, 5, "TrialsExhausted"),
            new WriteVerifyCell(0, 2, 1, 20, 0.5, 19.6, true, 20, 2, "InBand"),
        };
        WriteVerifyStatistics s = WriteVerifyStatistics.Summarize(cells);
        Assert.AreEqual(2.0 / 3, s.InBandReported, 1e-12);
        Assert.AreEqual(2.0 / 3, s.InBandMeasured, 1e-12);
        Assert.AreEqual(80, s.PulsesMax);
        Assert.AreEqual(5, s.TrialsMax);
        CollectionAssert.AreEqual(new[] { (1, 1L), (2, 1L), (5, 1L) }, s.TrialsHistogram.ToArray());
        Assert.AreEqual(2, s.FinalByLevel(2)[1].Length);
        double[] levels = WriteVerifyStatistics.EvenLevels(2.3, 9.4, 16);
        Assert.AreEqual(16, levels.Length);
        Assert.AreEqual(9.4, levels[15], 1e-12);
    }
}

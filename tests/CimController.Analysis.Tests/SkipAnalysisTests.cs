using System;
using System.Linq;
using CimController.Analysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Analysis.Tests;

[TestClass]
public sealed class SkipAnalysisTests
{
    [TestMethod]
    public void QuantileIsTheInverseEmpiricalCdf()
    {
        double[] x = Enumerable.Range(1, 10).Select(i => (double)i).Reverse().ToArray();
        Assert.AreEqual(8, Stats.EmpiricalQuantile(x, 0.8));
        Assert.AreEqual(1, Stats.EmpiricalQuantile(x, 0.05));
        Assert.AreEqual(10, Stats.EmpiricalQuantile(x, 1));
        Assert.AreEqual(5, Stats.EmpiricalQuantile(x, 0.5));
    }

    [TestMethod]
    public void CountsLevelsAboveOneAtCpd80()
    {
        double[] safe = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9, 1.2, 1.3 };      // 8th of 10 = 0.9
        double[] edge = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0, 1.2, 1.3 };      // 8th = 1.0: not > 1
        double[] prone = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.01, 1.2, 1.3 };   // 8th = 1.01
        double[] allOver = { 1.1, 1.2, 1.3 };
        SkipAnalysisResult r = SkipAnalysis.Analyze(new[] { safe, edge, prone, allOver, Array.Empty<double>() });
        Assert.AreEqual(2, r.SkipProneCount);
        CollectionAssert.AreEqual(new[] { false, false, true, true, false }, r.Levels.Select(l => l.SkipProne).ToArray());
        Assert.AreEqual(0.9, r.Levels[0].AtCpd);
        Assert.AreEqual(0, r.Levels[4].Samples);
        Assert.AreEqual(2, SkipAnalysis.Analyze(new[] { safe, edge }, cpd: 0.9).SkipProneCount, "at 90 % the 9th sample (1.2) decides for both");
        Assert.AreEqual(0, SkipAnalysis.Analyze(new[] { safe, edge }, cpd: 0.7).SkipProneCount);
    }

    [TestMethod]
    public void RepeatsOfThePlanSweepAreNeverSkipProne()
    {
        FfpSweep plan = Synthetic.Linear(880, 740, 31 * 6, SweepDirection.Potentiation);
        SegmentationResult s = FfpSegmentation.Segment(plan, 32);
        SkipAnalysisResult r = SkipAnalysis.Analyze(s, new[] { plan, plan, plan });
        Assert.AreEqual(0, r.SkipProneCount);
        Assert.AreEqual(31, r.Levels.Count);
        Assert.IsTrue(r.Levels.All(l => l.Samples == 18 && Math.Abs(l.AtCpd - 5.0 / 6) < 1e-9), "visited states k/6, k = 1..6: 80 % at 5/6");
        SkipAnalysisResult f = SkipAnalysis.Analyze(s, new[] { plan }, mode: SkipSampleMode.FinalState);
        Assert.IsTrue(f.Levels.All(l => Math.Abs(l.AtCpd - 1) < 1e-9));
    }

    [TestMethod]
    public void OvershootingRepeatsAreSkipProne()
    {
        // The plan takes 2 events per level; a repeat whose steps are 1.6x larger overshoots every next level.
        SegmentationResult s = FfpSegmentation.Segment(Synthetic.Linear(880, 740, 62, SweepDirection.Potentiation), 32);
        FfpSweep fast = Synthetic.Linear(880, 880 - 1.6 * 140, 62, SweepDirection.Potentiation);
        SkipAnalysisResult r = SkipAnalysis.Analyze(s, new[] { fast }, mode: SkipSampleMode.FinalState);
        Assert.IsTrue(r.SkipProneCount >= 30, "skip-prone " + r.SkipProneCount);
    }
}

using System;
using System.Linq;
using CimController.Analysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Analysis.Tests;

[TestClass]
public sealed class SegmentationTests
{
    [TestMethod]
    [DataRow(32)]
    [DataRow(128)]
    [DataRow(512)]
    public void UniformStepsGiveNDistinctLevelsWithEqualGroups(int n)
    {
        // 3 events per level step: targets fall exactly on sweep points.
        FfpSweep sweep = Synthetic.Linear(880, 740, 3 * (n - 1), SweepDirection.Potentiation);
        SegmentationResult s = FfpSegmentation.Segment(sweep, n);
        Assert.AreEqual(n, s.DistinctLevels);
        Assert.AreEqual(0, s.Unoccupied.Count);
        Assert.AreEqual(n - 1, s.Groups.Count);
        Assert.IsTrue(s.Groups.All(g => g.Pulses == 3));
        Assert.AreEqual(880, s.Levels[0].AchievedOhms, 1e-9, "level 1 is the start (HRS) of a potentiation sweep");
        Assert.AreEqual(740, s.Levels[n - 1].AchievedOhms, 1e-9);
        Assert.IsTrue(s.Nlf < 1e-9, "a straight sweep hits every target: NLF " + s.Nlf);
    }

    [TestMethod]
    public void GroupsAreTheVoltagesOfEventsMjToNextMjMinusOne()
    {
        FfpSweep sweep = Synthetic.Linear(740, 880, 40, SweepDirection.Depression);
        SegmentationResult s = FfpSegmentation.Segment(sweep, 5); // targets 0, .25, .5, .75, 1 -> m = 0, 10, 20, 30, 40
        CollectionAssert.AreEqual(new[] { 0, 10, 20, 30, 40 }, s.Levels.Select(l => l.SweepIndex).ToArray());
        PulseGroup g = s.Groups[2];
        Assert.AreEqual(3, g.FromLevel);
        Assert.AreEqual(4, g.ToLevel);
        Assert.AreEqual(20, g.FirstEvent);
        CollectionAssert.AreEqual(Enumerable.Range(20, 10).Select(k => 1 + k / 1000.0).ToArray(), g.Volts);
        Assert.AreEqual(740, s.Levels[0].AchievedOhms, 1e-9, "level 1 of a depression sweep is LRS");
    }

    [TestMethod]
    public void BigJumpLeavesTargetsUnoccupiedAndReportsThem()
    {
        // y = 1.00 .. 0.80 in 20 steps of 0.01, one jump to 0.20, then 0.19 .. 0.00 (R = 740 + 140 y).
        var y = new System.Collections.Generic.List<double>();
        for (int k = 0; k <= 20; k++) y.Add(1.0 - 0.01 * k);
        for (int k = 0; k <= 20; k++) y.Add(0.2 - 0.01 * k);
        var sweep = new FfpSweep(y.Select(v => 740 + 140 * v).ToArray(), Synthetic.Volts(y.Count - 1), SweepDirection.Potentiation);
        SegmentationResult s = FfpSegmentation.Segment(sweep, 6); // targets 1, .8, .6, .4, .2, 0
        // .6 snaps to the jump's top (0.8, taken by level 2), .4 to its bottom (0.2), .2 to that same point.
        Assert.AreEqual(4, s.DistinctLevels);
        CollectionAssert.AreEqual(new[] { 3, 5 }, s.Unoccupied.ToArray());
        Assert.IsTrue(s.Unoccupied.All(j => s.Levels[j - 1].Reason == UnoccupiedReason.SweepPointTaken));
        Assert.AreEqual(2, s.Levels[2].SharesPointWith, "level 3 shares level 2's sweep point");
        Assert.AreEqual(4, s.Levels[4].SharesPointWith);
        PulseGroup jump = s.Groups.Single(g => g.FromLevel == 2);
        Assert.AreEqual(4, jump.ToLevel);
        Assert.AreEqual(1, jump.Pulses, "the jump is one pulse event");
        Assert.AreEqual(0.2, s.Nlf, 1e-9, "level 4 sits at 0.2 instead of 0.4");
    }

    [TestMethod]
    public void NonMonotoneSweepReportsLevelsBehindThePrevious()
    {
        var sweep = new FfpSweep(new[] { 880.0, 796.0, 826.8, 740.0 }, new[] { 1.0, 1.1, 1.2 }, SweepDirection.Potentiation);
        SegmentationResult s = FfpSegmentation.Segment(sweep, 4); // y = 1, .4, .62, 0; targets 1, .667, .333, 0
        Assert.AreEqual(UnoccupiedReason.BehindPreviousLevel, s.Levels[2].Reason);
        Assert.AreEqual(3, s.DistinctLevels);
        Assert.AreEqual(2, s.Groups.Single(g => g.FromLevel == 1).Pulses);
        Assert.AreEqual(4, s.Groups.Single(g => g.FromLevel == 2).ToLevel, "level 2 leads straight to level 4");
        Assert.AreEqual(1, s.Groups.Single(g => g.FromLevel == 2).Pulses);
    }

    [TestMethod]
    public void BadInputIsRefusedWithAMessage()
    {
        FfpSweep sweep = Synthetic.Linear(880, 740, 10, SweepDirection.Potentiation);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FfpSegmentation.Segment(sweep, 1));
        var e = Assert.ThrowsExactly<ArgumentException>(() => new FfpSweep(new[] { 1.0, 2.0, 3.0 }, new[] { 1.0 }, SweepDirection.Depression));
        StringAssert.Contains(e.Message, "2 pulse events");
        Assert.ThrowsExactly<ArgumentException>(() => new FfpSweep(new[] { 1.0, double.NaN }, new[] { 1.0 }, SweepDirection.Depression));
    }
}

using System;
using System.Linq;
using CimController.Analysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Analysis.Tests;

[TestClass]
public sealed class LinearityFitTests
{
    [TestMethod]
    [DataRow(1.9e-5, 512, SweepDirection.Potentiation)]
    [DataRow(1.93e-5, 512, SweepDirection.Depression)]
    [DataRow(3.1e-4, 128, SweepDirection.Potentiation)]
    [DataRow(4.9e-3, 32, SweepDirection.Potentiation)]
    [DataRow(4.91e-3, 32, SweepDirection.Depression)]
    [DataRow(0.05, 100, SweepDirection.Depression)]
    [DataRow(-0.01, 200, SweepDirection.Potentiation)]
    public void RecoversNuFromExactEquationData(double nu, int n, SweepDirection direction)
    {
        FfpSweep sweep = Synthetic.Eq(nu, n, direction);
        LinearityFitResult fit = LinearityFit.FitSweep(sweep);
        Assert.AreEqual(nu, fit.Nu, Math.Abs(nu) * 1e-4, "exact data: only the optimiser's tolerance is left");
        Assert.IsFalse(fit.AtBound);
    }

    [TestMethod]
    [DataRow(1.9e-5, 512, 11)]
    [DataRow(4.9e-3, 32, 12)]
    public void RecoversNuFromNoisyData(double nu, int n, int seed)
    {
        // Read noise of 0.005 ohm on a 140 ohm window (3.6e-5 normalised). The eq. 2 curvature a = nu n is estimated
        // with a standard error of about sigma / sqrt(sum (df/da)^2) ~ 3.6e-5 / (0.09 sqrt(n)): < 1e-4 relative to
        // a = 0.0097 (n = 512) and < 0.5 % for n = 32 — so 5 % is far outside chance.
        FfpSweep sweep = Synthetic.Eq(nu, n, SweepDirection.Potentiation, noiseOhms: 0.005, seed: seed);
        Assert.AreEqual(nu, LinearityFit.FitSweep(sweep).Nu, nu * 0.05);
    }

    [TestMethod]
    [DataRow(32, 4.95e-3)]
    [DataRow(128, 3.10e-4)]
    [DataRow(512, 1.91e-5)]
    public void AStraightLadderGivesThePapersNuUnderItsConvention(int n, double paper)
    {
        // Diao 2025 Fig. 4: n_j = level number 1..n, n = level count. A perfectly straight ladder already yields ~5/n^2,
        // the paper's values within 4 %.
        double nu = LinearityFit.StraightLadderNu(n, SweepDirection.Potentiation);
        Assert.AreEqual(paper, nu, paper * 0.04, "nu " + nu);
        Assert.AreEqual(nu, LinearityFit.StraightLadderNu(n, SweepDirection.Depression), nu * 1e-3, "eq. 3 mirrors eq. 2");
        SegmentationResult s = FfpSegmentation.Segment(Synthetic.Linear(880, 740, 2 * (n - 1), SweepDirection.Potentiation), n);
        Assert.AreEqual(nu, LinearityFit.FitLadder(s).Nu, nu * 1e-6);
    }

    [TestMethod]
    public void ModelHasTheRightEndsAndLimit()
    {
        Assert.AreEqual(1, LinearityFit.Model(0, 0.01, 100, SweepDirection.Potentiation), 1e-12);
        Assert.AreEqual(0, LinearityFit.Model(100, 0.01, 100, SweepDirection.Potentiation), 1e-12);
        Assert.AreEqual(0, LinearityFit.Model(0, 0.01, 100, SweepDirection.Depression), 1e-12);
        Assert.AreEqual(1, LinearityFit.Model(100, 0.01, 100, SweepDirection.Depression), 1e-12);
        Assert.AreEqual(0.25, LinearityFit.Model(25, 0, 100, SweepDirection.Depression), 1e-12);
        Assert.AreEqual(0.25, LinearityFit.Model(25, 1e-15, 100, SweepDirection.Depression), 1e-9);
    }

    [TestMethod]
    public void TooFewPointsAreRefused()
    {
        Assert.ThrowsExactly<ArgumentException>(() => LinearityFit.Fit(new[] { 0.0, 1 }, new[] { 1.0, 0 }, 1, SweepDirection.Potentiation));
    }
}

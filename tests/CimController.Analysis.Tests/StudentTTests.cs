using System;
using System.Linq;
using CimController.Analysis;
using MathNet.Numerics.Distributions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Analysis.Tests;

[TestClass]
public sealed class StudentTTests
{
    [TestMethod]
    [DataRow(0.3, 0.05, 4.0, 1)]
    [DataRow(-0.002, 0.001, 2.5, 2)]
    [DataRow(0.0, 1.0, 10.0, 3)]
    public void FitRecoversKnownParameters(double loc, double scale, double nu, int seed)
    {
        // N = 20000. Asymptotic standard errors of the t MLE (Lange et al. 1989, Fisher information):
        // SE(loc) = s sqrt((nu + 3) / (nu + 1)) / sqrt(N) <= 1.3 s / 141 < 0.01 s;
        // SE(s)/s = sqrt((nu + 3) / (2 nu)) / sqrt(N) < 0.8 %; SE(nu)/nu is about 5 % at nu = 4 and 12 % at nu = 10.
        // Tolerances are 4-5 standard errors: 0.04 s, 4 % of s, and 20 % / 45 % of nu.
        const int n = 20000;
        double[] x = new double[n];
        StudentT.Samples(new Random(seed), x, loc, scale, nu);
        StudentTParameters p = StudentTFit.Fit(x);
        Assert.AreEqual(FitMethod.MaximumLikelihood, p.Method);
        Assert.AreEqual(loc, p.Loc, 0.04 * scale, "loc");
        Assert.AreEqual(scale, p.Scale, 0.04 * scale, "scale");
        Assert.AreEqual(nu, p.Nu, (nu >= 10 ? 0.45 : 0.2) * nu, "nu");
    }

    [TestMethod]
    public void FitBeatsTheTrueParametersInLikelihood()
    {
        double[] x = new double[500];
        StudentT.Samples(new Random(7), x, 1, 2, 3);
        StudentTParameters p = StudentTFit.Fit(x);
        double trueLl = x.Sum(v => StudentTFit.LogDensity(v, 1, 2, 3));
        Assert.IsTrue(p.LogLikelihood >= trueLl - 1e-9, "the MLE's likelihood " + p.LogLikelihood + " is below the truth's " + trueLl);
        Assert.AreEqual(StudentT.PDFLn(1, 2, 3, 0.7), StudentTFit.LogDensity(0.7, 1, 2, 3), 1e-12, "eq. 5 density agrees with MathNet");
    }

    [TestMethod]
    public void NormalDataGiveLargeNu()
    {
        double[] x = new double[5000];
        Normal.Samples(new Random(5), x, 0, 1);
        Assert.IsTrue(StudentTFit.Fit(x).Nu > 30);
    }

    [TestMethod]
    public void FewOrIdenticalSamplesFallBackToMoments()
    {
        StudentTParameters p = StudentTFit.Fit(new[] { 1.0, 2.0, 3.0 });
        Assert.AreEqual(FitMethod.Moments, p.Method);
        Assert.AreEqual(2, p.Loc, 1e-12);
        Assert.AreEqual(1, p.Scale, 1e-12);
        StudentTParameters q = StudentTFit.Fit(Enumerable.Repeat(0.5, 10).ToArray());
        Assert.AreEqual(FitMethod.Moments, q.Method);
        Assert.IsTrue(q.Scale > 0);
        Assert.ThrowsExactly<ArgumentException>(() => StudentTFit.Fit(Array.Empty<double>()));
    }
}

using System;
using System.Linq;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.DiscreteBoard.Tests;

/// <summary>The discrete board's summed conversions (<c>MacSummed</c>): rows applied once per vector, each column converted N times.</summary>
[TestClass]
public sealed class DiscreteConversionsTests
{
    private static readonly byte[] Input = { 255, 0, 128, 10, 200, 90, 255, 255, 255, 0, 0, 0 };

    private static void Program(DiscreteFixture f)
    {
        double[,] g = { { 10, 70, 40, 25 }, { 60, 15, 40, 55 }, { 33, 47, 12, 68 } };
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                f.Board.SetConductanceMicrosiemens(r, c, g[r, c]);
    }

    private static int[] Sums(byte[] output, int offset, int count) =>
        Enumerable.Range(0, count).Select(i => output[offset + 2 * i] | output[offset + 2 * i + 1] << 8).ToArray();

    [TestMethod]
    [DataRow(2)]
    [DataRow(7)]
    [DataRow(128)]
    public void WithoutNoiseTheSumsAreNTimesTheCodes(int n)
    {
        var f = new DiscreteFixture();
        Program(f);
        const int vectors = 4;
        var single = new byte[vectors * 4];
        f.Driver.Mac(0, 0, 3, 0, 4, vectors, Input, 0, single, 0);
        f.Driver.ClearCounters();
        var output = new byte[2 * vectors * 4 + 3];
        f.Driver.MacSummed(0, 0, 3, 0, 4, vectors, n, Input, 0, output, 3);

        CollectionAssert.AreEqual(single.Select(c => n * c).ToArray(), Sums(output, 3, vectors * 4));
        Assert.IsTrue(single.Any(c => c > 0), "some current flows");
        Assert.AreEqual(0, output[0] + output[1] + output[2], "nothing written before the output offset");
        Assert.AreEqual((uint)(vectors * n), f.Driver.ReadTileOps(), "one tile operation per conversion");
        for (int ch = 0; ch < 3; ch++)
            Assert.AreEqual(2.5, f.Board.LineVolts(ch), 1e-9, "rows back at rest after the MAC");
    }

    [TestMethod]
    public void RepeatedConversionsAverageTheTiaNoise()
    {
        const int seed = 11, n = 16, trials = 64;
        Console.WriteLine($"seed {seed}: 20 mV TIA noise, {trials} trials of 1 and of {n} conversions");
        var f = new DiscreteFixture(seed, tiaNoiseMillivolts: 20);
        Program(f);
        byte[] input = { 200, 150, 100 };
        var one = new byte[4];
        var sums = new byte[8];
        var singles = new double[trials];
        var means = new double[trials];
        for (int t = 0; t < trials; t++)
        {
            f.Driver.Mac(0, 0, 3, 0, 4, 1, input, 0, one, 0);
            singles[t] = one[1];
            f.Driver.MacSummed(0, 0, 3, 0, 4, 1, n, input, 0, sums, 0);
            means[t] = Sums(sums, 0, 4)[1] / (double)n;
        }
        double Std(double[] x) => Math.Sqrt(x.Sum(v => (v - x.Average()) * (v - x.Average())) / (x.Length - 1));
        Console.WriteLine($"column 1: single mean {singles.Average():F2} std {Std(singles):F3}; mean of {n}: mean {means.Average():F2} std {Std(means):F3}");
        Assert.IsTrue(Std(singles) > 0.5, "the noise is visible in single conversions");
        Assert.IsTrue(Std(means) < 0.5 * Std(singles), "16 conversions divide the spread by about 4");
        Assert.AreEqual(singles.Average(), means.Average(), 4 * Std(singles) / Math.Sqrt(trials), "same mean");
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(129)]
    public void ConversionsOutside1To128AreRefused(int n)
    {
        var f = new DiscreteFixture();
        var e = Assert.ThrowsExactly<ProtocolException>(() => f.Driver.MacSummed(0, 0, 3, 0, 4, 1, n, new byte[3], 0, new byte[8], 0));
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        StringAssert.Contains(e.Message, "1..128");
        Assert.ThrowsExactly<ProtocolException>(() => f.Driver.MacSummed(0, 0, 3, 0, 4, 1, 2, new byte[3], 0, new byte[7], 0), "u16 sums need 8 bytes");
    }

    [TestMethod]
    public void SummedMacAllocatesNothingAfterWarmUp()
    {
        var f = new DiscreteFixture();
        byte[] input = new byte[3 * 8];
        byte[] output = new byte[2 * 4 * 8];
        f.Driver.MacSummed(0, 0, 3, 0, 4, 8, 4, input, 0, output, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
            f.Driver.MacSummed(0, 0, 3, 0, 4, 8, 4, input, 0, output, 0);
        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary><see cref="CimClient.Vmm"/> with a result to reuse: the same object, refilled exactly as a fresh result, when the shape matches.</summary>
[TestClass]
public sealed class VmmReuseClientTests
{
    private static byte[] Inputs(int vectors, int rows, int seed)
    {
        var x = new byte[vectors * rows];
        new Random(seed).NextBytes(x);
        for (int i = 0; i < x.Length; i++) x[i] >>= 3; // currents inside the ADC range
        return x;
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(8)]
    public void AReusedResultHoldsWhatAFreshOneHolds(int conversions)
    {
        Console.WriteLine($"emulator seed {EmulatedBoard.Seed}, input seeds 81 and 82, {conversions} conversions");
        using CimClient client = EmulatedBoard.Connect("ideal");
        const int vectors = 30, rows = 64, cols = 16;
        byte[] first = Inputs(vectors, rows, 81), second = Inputs(vectors, rows, 82);
        VmmResult a = client.Vmm(0, 0, rows, 0, cols, first, vectors, differential: true, conversions: conversions);
        ushort[]? firstSums = a.CodeSums?.ToArray();
        float[] firstCurrents = a.CurrentsMicroamps.ToArray();
        VmmResult fresh = client.Vmm(0, 0, rows, 0, cols, second, vectors, differential: true, conversions: conversions);
        VmmResult reused = client.Vmm(0, 0, rows, 0, cols, second, vectors, differential: true, conversions: conversions, reuse: a);

        Assert.AreSame(a, reused, "the shape matches: the result object is reused");
        CollectionAssert.AreEqual(fresh.Codes, reused.Codes);
        CollectionAssert.AreEqual(fresh.CodeSums, reused.CodeSums);
        CollectionAssert.AreEqual(fresh.DifferentialCodes, reused.DifferentialCodes);
        CollectionAssert.AreEqual(fresh.CurrentsMicroamps, reused.CurrentsMicroamps, "derived currents recomputed, not the first call's");
        Assert.AreEqual(fresh.TileOps, reused.TileOps, "counters start again from 0");
        Assert.AreEqual(fresh.Requests, reused.Requests);
        CollectionAssert.AreNotEqual(firstCurrents, reused.CurrentsMicroamps, "different inputs, different currents");
        if (firstSums != null) CollectionAssert.AreNotEqual(firstSums, reused.CodeSums);
    }

    [TestMethod]
    public void AResultOfAnotherShapeIsNotReused()
    {
        using CimClient client = EmulatedBoard.Connect("ideal");
        byte[] x = Inputs(10, 64, 83);
        VmmResult a = client.Vmm(0, 0, 64, 0, 16, x, 10, differential: true, conversions: 4);
        Assert.AreNotSame(a, client.Vmm(0, 0, 64, 0, 16, x, 10, differential: true, conversions: 2, reuse: a), "other conversions");
        Assert.AreNotSame(a, client.Vmm(0, 0, 64, 0, 8, x, 10, differential: true, conversions: 4, reuse: a), "other columns");
        Assert.AreNotSame(a, client.Vmm(0, 0, 64, 0, 16, x.AsSpan(0, 5 * 64).ToArray(), 5, differential: true, conversions: 4, reuse: a), "other vectors");
        Assert.AreNotSame(a, client.Vmm(0, 0, 64, 0, 16, x, 10, differential: false, conversions: 4, reuse: a), "no differential codes");
    }
}

using System;
using System.Linq;
using CimController.Learning.Mapping;
using CimController.Learning.Models;
using CimController.Learning.Tensors;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

[TestClass]
public sealed class CrossbarMappingTests
{
    [TestMethod]
    public void WuTrainingRangeIsEightPointTwoToThirtyTwoPointNineMicrosiemens()
    {
        ConductanceRange r = ConductanceRange.WuTraining2Bit;
        Assert.AreEqual(8.2e-6, r.MinSiemens, 1e-12);
        Assert.AreEqual(32.9e-6, r.MaxSiemens, 1e-12);
        Assert.AreEqual(4, r.Levels);
        Assert.AreEqual((32.9e-6 - 8.2e-6) / 3, r.LevelStep, 1e-12);
        Assert.AreEqual(r.MinSiemens, r.Quantize(0));
        Assert.AreEqual(r.MaxSiemens, r.Quantize(1));
        Assert.AreEqual(1, r.LevelOf(8.2e-6 + (0.6 * r.LevelStep)));
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(16)]
    [DataRow(128)]
    public void WeightsToPairsToWeightsWithinHalfALevel(int levels)
    {
        const int seed = 41;
        Console.WriteLine($"seed {seed}, {levels} levels");
        var rng = new Random(seed);
        var range = new ConductanceRange(8.2e-6, 32.9e-6, levels);
        float[] w = TestData.Uniform(rng, 200 * 16, -0.7f, 0.7f);
        MappedLayer mapped = CrossbarMapping.Map(w, 200, 16, TileGeometry.Wu64x64, range);
        float[] back = CrossbarMapping.ToWeights(mapped);
        foreach (CrossbarTile tile in mapped.Tiles)
        {
            double half = CrossbarMapping.HalfLevel(tile.Scale, range);
            TileSlot s = tile.Slot;
            for (int r = 0; r < s.RowCount; r++)
            {
                for (int j = 0; j < s.OutputCount; j++)
                {
                    int idx = ((s.RowStart + r) * 16) + s.OutputStart + j;
                    Assert.IsTrue(Math.Abs(back[idx] - w[idx]) <= (half * (1 + 1e-6)) + 1e-7, $"weight {idx}: {w[idx]} -> {back[idx]}, half level {half}");
                    // one device of each pair sits at Gmin; every conductance is on a level inside the window
                    Assert.IsTrue(tile.Plus(r, j) == range.MinSiemens || tile.Minus(r, j) == range.MinSiemens);
                    Assert.AreEqual(tile.Plus(r, j), range.Quantize(tile.Plus(r, j)), 1e-15);
                }
            }
        }
    }

    [TestMethod]
    public void ContinuousRangeRoundTripIsExact()
    {
        var rng = new Random(42);
        float[] w = TestData.Uniform(rng, 30 * 10);
        float[] back = CrossbarMapping.ToWeights(CrossbarMapping.Map(w, 30, 10, TileGeometry.Wu64x64, new ConductanceRange(1e-6, 7e-6, 0)));
        for (int i = 0; i < w.Length; i++)
        {
            Assert.AreEqual(w[i], back[i], 1e-6);
        }
    }

    [TestMethod]
    [DataRow(200, 16, 64, 4)]   // 4 row blocks x 1 output block
    [DataRow(200, 16, 256, 1)]
    [DataRow(400, 120, 64, 28)] // 7 row blocks x 4 output blocks (32 pairs per array)
    [DataRow(400, 120, 256, 8)] // 2 x 4
    public void TiledProductReproducesTheMatrixProduct(int fanIn, int outputs, int rows, int expectedTiles)
    {
        const int seed = 43;
        Console.WriteLine($"seed {seed}: {fanIn}x{outputs} on {rows}x64");
        var rng = new Random(seed);
        var geometry = new TileGeometry(rows, 64);
        float[] w = TestData.Uniform(rng, fanIn * outputs);
        MappedLayer mapped = CrossbarMapping.Map(w, fanIn, outputs, geometry, new ConductanceRange(8.2e-6, 32.9e-6, 0));
        Assert.AreEqual(expectedTiles, mapped.Tiles.Count);
        Assert.AreEqual(expectedTiles, CrossbarMapping.TileCount(fanIn, outputs, geometry));
        Assert.IsTrue(mapped.Tiles.All(t => t.Slot.RowCount <= rows && t.Slot.PhysicalColumns <= 64));
        Assert.AreEqual(fanIn * outputs, mapped.Tiles.Sum(t => t.Slot.RowCount * t.Slot.OutputCount), "every weight on exactly one array");

        const int count = 5;
        float[] x = TestData.Uniform(rng, fanIn * count, 0, 1);
        var z = new float[outputs * count];
        CrossbarMapping.Multiply(mapped, x, count, z);
        var expected = new float[outputs * count];
        Gemm.Multiply(w, true, x, false, expected, outputs, count, fanIn);
        for (int i = 0; i < z.Length; i++)
        {
            Assert.AreEqual(expected[i], z[i], 1e-3, $"output {i}");
        }
    }

    [TestMethod]
    public void WuLeNetNeedsSixSixtyFourBySixtyFourArraysAsInWu2023Table2()
    {
        Network net = WuLeNet.Create(1);
        int[] tiles = net.CrossbarLayers.Select(l => CrossbarMapping.TileCount(l.FanIn, l.Outputs, TileGeometry.Wu64x64)).ToArray();
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, tiles);
        // Table 2: 641 ops = 24x24 + 8x8 + 1 and 707 tile ops = 576x1 + 64x2 + 1x3.
        int[] positions = { 24 * 24, 8 * 8, 1 };
        Assert.AreEqual(641, positions.Sum());
        Assert.AreEqual(707, positions.Zip(tiles, (p, t) => p * t).Sum());
        Assert.AreEqual(25, net.CrossbarLayers[0].FanIn);
        Assert.AreEqual(8, 2 * net.CrossbarLayers[0].Outputs, "conv1 is 25x8 in devices");
    }

    [TestMethod]
    public void InvalidGeometryAndRangeAreRejected()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CrossbarMapping.Plan(10, 10, new TileGeometry(64, 63)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CrossbarMapping.ScaleFactor(1, new ConductanceRange(5e-6, 1e-6, 4)));
        Assert.ThrowsExactly<ArgumentException>(() => CrossbarMapping.Map(new float[5], 2, 3, TileGeometry.Wu64x64, ConductanceRange.WuTraining2Bit));
    }
}

using System;
using System.Linq;
using CimController.Learning.Cost;
using CimController.Learning.Mapping;
using CimController.Learning.Models;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

[TestClass]
public sealed class InferenceCostTests
{
    [TestMethod]
    public void WuLeNetReproducesTheLeNetRowOfWu2023Table2()
    {
        InferenceCost cost = InferenceCost.Estimate(WuLeNet.Create(1), TileGeometry.Wu64x64, extraArrays: 3);
        Console.WriteLine(string.Join("; ", cost.Layers));
        Assert.AreEqual(6, cost.Crossbars);
        Assert.AreEqual(9, cost.CrossbarsWithCopies);
        Assert.AreEqual(641, cost.Ops);
        Assert.AreEqual(707, cost.TileOps);
        // Table 2: latency 0.46 ms, pipelined 0.42 ms, with copies 0.05 ms, 0.0019 mJ per image.
        Assert.AreEqual(0.46, cost.LatencyMs, 0.005);
        Assert.AreEqual(0.42, cost.PipelinedLatencyMs, 0.01);
        Assert.AreEqual(0.05, cost.WithCopiesLatencyMs, 0.005);
        Assert.AreEqual(0.0019, cost.EnergyMillijoules, 0.00005);
        LayerCost conv1 = cost.Layers[0];
        Assert.AreEqual((576, 1, 2, 3, 8), (conv1.Positions, conv1.Arrays, conv1.CopiesPerArray, conv1.ExtraArrays, conv1.Copies));
    }

    [TestMethod]
    public void CopiesGoToTheSlowestLayerAndNeverSlowItDown()
    {
        Network net = WuLeNet.Create(1);
        double previous = double.MaxValue;
        for (int extra = 0; extra <= 12; extra++)
        {
            InferenceCost c = InferenceCost.Estimate(net, TileGeometry.Wu64x64, extra);
            Assert.IsTrue(c.WithCopiesLatencyMs <= previous + 1e-12, $"{extra} extra arrays");
            Assert.IsTrue(c.CrossbarsWithCopies <= 6 + extra);
            Assert.AreEqual(c.TileOps * 2.66e-6, c.EnergyMillijoules, 1e-12, "copies do not change the energy per image");
            previous = c.WithCopiesLatencyMs;
        }
    }

    [TestMethod]
    public void LargerArraysCostMoreEnergyPerTileOpAndFewerArrays()
    {
        Assert.AreEqual(2.66, InferenceCost.EnergyPerTileOp(64), 1e-12);
        Assert.AreEqual(2.93, InferenceCost.EnergyPerTileOp(256), 1e-12);
        InferenceCost small = InferenceCost.Estimate(WuLeNet.Create(1), TileGeometry.Wu64x64);
        InferenceCost big = InferenceCost.Estimate(WuLeNet.Create(1), TileGeometry.Wu256x64);
        Assert.IsTrue(big.Crossbars < small.Crossbars);
        Assert.AreEqual(576 + 64 + 1, big.TileOps, "every layer fits one 256-row array");
    }
}

using System;
using System.Linq;
using CimController.Learning.Layers;
using CimController.Crossbar;
using CimController.Learning.Mapping;
using CimController.Learning.ModelFiles;
using CimController.Learning.Models;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Inference.Tests;

/// <summary>Training and deployment meet the same chip map: one packer, one window, one target rounding.</summary>
[TestClass]
public sealed class ChipMapTests
{
    [TestMethod]
    [DataRow("lenet")]
    [DataRow("lenet5")]
    [DataRow("mlp")]
    public void DeploymentPlacesEveryBlockWhereTrainingDoes(string arch)
    {
        Network net = ModelArchitectures.Create(arch);
        var board = new BoardShape(DeviceLayout.ArraysNeeded(net, 64, 64), 64, 64, 0.1, 70e-6 / 255);
        ChipPlan plan = ChipPlan.Map(net, board, ChipWindow.ForProfile("brram").Range);
        DeviceLayout layout = DeviceLayout.Plan(net, board.Rows, board.Columns, board.Tiles);
        CollectionAssert.AreEqual(layout.Slots.Select(s => (s.Layer, s.Slot.Index, s.Tile, s.Column)).ToArray(),
            plan.Blocks.Select(b => (b.Layer, b.Slot.Index, b.BoardTile, b.Column)).ToArray());
        Assert.AreEqual(layout.TilesUsed, plan.ArraysUsed);
    }

    [TestMethod]
    public void PairTargetsRoundHalfUpAsTheFirmwareAccumulatorDoes()
    {
        ChipWindow window = ChipWindow.Wu2023();
        // (uint)(g + 0.5f) in UpdateAccumulator: 8200.5 nS -> 8201 (banker's rounding would give 8200)
        Assert.AreEqual((8201u, 8200u), PairTargets.Of(0.5, window));
        Assert.AreEqual((8200u, 8203u), PairTargets.Of(-2.5, window));
        Assert.AreEqual((32900u, 8200u), PairTargets.Of(1e9, window), "clamped to Gmax - Gmin");
        Assert.AreEqual(8201u, PairTargets.FromSiemens(8.2005e-6));
        Assert.AreEqual(0u, PairTargets.Nanosiemens(-3));
    }

    [TestMethod]
    public void AProfileWindowMapsInSiemensAsItsMicrosiemensSay()
    {
        ConductanceRange r = ChipWindow.ForProfile("brram-table1").Range;
        Assert.AreEqual(10e-6, r.MinSiemens, 1e-18);
        Assert.AreEqual(70e-6, r.MaxSiemens, 1e-18);
        Assert.AreEqual(16, r.Levels);
        Assert.AreEqual(8.2e-6, ChipWindow.ForProfile("BRRAM").Range.MinSiemens, 1e-18, "any case");
    }

    [TestMethod]
    public void CalibratedCodeMaxKeepsEveryCalibrationVectorAtTheCurrentTargetAndRaisesTheWorstCaseCode()
    {
        const int seed = 13, count = 24;
        Console.WriteLine($"seed {seed}");
        Network net = ModelArchitectures.Create("lenet", seed);
        var random = new Random(seed);
        var images = new float[count * net.InputHeight * net.InputWidth];
        for (int i = 0; i < images.Length; i++) images[i] = random.NextDouble() < 0.5 ? 0f : (float)random.NextDouble();
        BoardShape board = BoardShape.Wu2023;
        ChipPlan plan = ChipPlan.Map(net, board, ChipWindow.ForProfile("brram").Range);
        plan.Calibrate(images, count, 0.85);
        double target = 0.85 * board.AdcLsbAmperes * board.AdcMaxCode;
        int raised = 0;
        for (int b = 0; b < plan.Blocks.Count; b++)
        {
            PlacedBlock p = plan.Blocks[b];
            CrossbarLayer layer = net.CrossbarLayers[p.Layer];
            float[] x = layer.LastInputs.ToArray();
            int v = layer.LastVectorCount, cols = p.Slot.PhysicalColumns;
            double[] g = p.Tile.Conductances;
            double worstColumn = Enumerable.Range(0, cols).Max(c => Enumerable.Range(0, p.Slot.RowCount).Sum(r => g[(r * cols) + c]));
            if (plan.CodeMax[b] > Math.Floor(target * 256 / (board.ReadVolts * worstColumn))) raised++;
            for (int vec = 0; vec < v; vec++)
            {
                double xMax = Enumerable.Range(0, p.Slot.RowCount).Max(r => Math.Max(0, x[((p.Slot.RowStart + r) * v) + vec]));
                if (xMax <= 0) continue;
                for (int c = 0; c < cols; c++)
                {
                    double sum = 0;
                    for (int r = 0; r < p.Slot.RowCount; r++) sum += g[(r * cols) + c] * Math.Max(0, x[((p.Slot.RowStart + r) * v) + vec]);
                    double amperes = board.ReadVolts / 256 * plan.CodeMax[b] * sum / xMax;
                    Assert.IsTrue(amperes <= target * (1 + 1e-9), $"block {b} vector {vec} column {c}: {amperes * 1e6:0.###} uA > {target * 1e6:0.###} uA");
                }
            }
        }

        Assert.IsTrue(raised > 0, "the calibrated codes beat the all-inputs-at-maximum bound on some block");
    }
}

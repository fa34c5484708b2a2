using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Crossbar;
using CimController.Host;
using CimController.Learning.Mapping;
using CimController.Learning.ModelFiles;
using CimController.Learning.Models;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Inference.Tests;

/// <summary>The one chip programmer: region layout of a block's pairs, and every block write-verified where it is placed.</summary>
[TestClass]
public sealed class ChipProgrammerTests
{
    [TestMethod]
    public void RegionTargetsPutEachPairOnItsRowWithGPlusLeftOfGMinus()
    {
        var slot = new PlacedSlot(0, new TileSlot(0, 0, 0, 0, 2, 0, 3), Tile: 1, Column: 4, Copies: 2);
        uint[] t = ChipProgrammer.RegionTargets(slot, (row, j) => ((uint)(1000 * row + 10 * j), (uint)(1000 * row + 10 * j + 1)));
        Assert.AreEqual(4 * 6, t.Length, "2 copies x 2 rows, 3 pairs x 2 columns");
        CollectionAssert.AreEqual(new uint[] { 3000, 3001, 3010, 3011, 3020, 3021 }, t[18..]);
        Assert.AreEqual(1011u, t[(1 * 6) + 3], "row 1, pair 1, G-");
    }

    [TestMethod]
    public void DeploymentTargetsRepeatTheBlockOnEveryCopy()
    {
        Network net = ModelArchitectures.Create("lenet", 3);
        ChipPlan plan = ChipPlan.Map(net, BoardShape.Wu2023, ChipWindow.ForProfile("brram").Range);
        plan.SetCopies(new[] { 2 });
        uint[] t = plan.TargetsNanosiemens(0);
        CrossbarTile tile = plan.Blocks[0].Tile;
        int cols = tile.Slot.PhysicalColumns, rows = tile.Slot.RowCount;
        Assert.AreEqual(2, plan.SlotOf(0).Copies);
        Assert.AreEqual(2 * rows * cols, t.Length);
        for (int r = 0; r < 2 * rows; r++)
        {
            for (int j = 0; j < tile.Slot.OutputCount; j++)
            {
                Assert.AreEqual(PairTargets.FromSiemens(tile.Plus(r % rows, j)), t[(r * cols) + (2 * j)]);
                Assert.AreEqual(PairTargets.FromSiemens(tile.Minus(r % rows, j)), t[(r * cols) + (2 * j) + 1]);
            }
        }
    }

    [TestMethod]
    public void ProgramAllWritesEveryBlockInOrderOnItsTileAndColumns()
    {
        const int seed = 21;
        Console.WriteLine($"seed {seed}");
        (var fw, CimClient client) = InferenceTests.Board("brram", seed);
        using (fw)
        using (client)
        {
            var slots = new List<PlacedSlot>
            {
                new(0, new TileSlot(0, 0, 0, 0, 3, 0, 2), Tile: 0, Column: 0),
                new(0, new TileSlot(1, 0, 1, 0, 3, 2, 2), Tile: 2, Column: 6, Copies: 2),
            };
            (uint, uint) Target(PlacedSlot p, int row, int j) => ((uint)(12000 + (1000 * p.Tile) + (500 * j)), (uint)(9000 + (300 * row)));
            var progress = new List<CimProgress>();
            List<WriteVerifyCellResult> cells = new ChipProgrammer(client).ProgramAll(slots, Target, new WriteVerifyOptions(), new ListProgress(progress));

            Assert.AreEqual((3 * 4) + (6 * 4), cells.Count);
            CollectionAssert.AreEqual(new long[] { 12, 36 }, progress.Select(p => p.Done).ToArray());
            Assert.IsTrue(progress.All(p => p.Total == 36 && p.Stage == "program"));
            uint[] expected = slots.SelectMany(p => ChipProgrammer.RegionTargets(p, (r, j) => Target(p, r, j))).ToArray();
            CollectionAssert.AreEqual(expected, cells.Select(c => c.TargetNanosiemens).ToArray(), "targets in block order, region layout");
            Assert.AreEqual(6, cells[12].Col, "second block starts at its column");
            Assert.AreEqual(5, cells[^1].Row, "second block spans both copies' rows");
            Assert.IsTrue(cells.Count(c => c.Success) >= cells.Count - 2, $"{cells.Count(c => !c.Success)} cells out of band");
            float[] g = client.ReadConductance(2, 0, 6, 6, 4, 4);
            for (int i = 0; i < g.Length; i++)
            {
                if (cells[12 + i].Success) Assert.AreEqual(expected[12 + i] / 1000.0, g[i], 1.5, $"cell {i} of tile 2");
            }
        }
    }

    [TestMethod]
    public void ProgramPairsWritesEachTilesPairsInOneRequestInFirstSeenTileOrder()
    {
        const int seed = 22;
        Console.WriteLine($"seed {seed}");
        (var fw, CimClient client) = InferenceTests.Board("brram", seed);
        using (fw)
        using (client)
        {
            var pairs = new List<ChipProgrammer.PairTarget>
            {
                new(Tile: 1, Row: 3, Column: 4, PlusNanosiemens: 20000, MinusNanosiemens: 10000),
                new(Tile: 0, Row: 2, Column: 0, PlusNanosiemens: 15000, MinusNanosiemens: 12000),
                new(Tile: 1, Row: 0, Column: 8, PlusNanosiemens: 11000, MinusNanosiemens: 25000),
            };
            List<WriteVerifyCellResult> cells = new ChipProgrammer(client).ProgramPairs(pairs, new WriteVerifyOptions());

            Assert.AreEqual(6, cells.Count);
            CollectionAssert.AreEqual(new[] { (3, 4), (3, 5), (0, 8), (0, 9), (2, 0), (2, 1) }, cells.Select(c => (c.Row, c.Col)).ToArray(),
                "tile 1's pairs first (it occurs first), in the given order, G+ then G- one column right");
            CollectionAssert.AreEqual(new uint[] { 20000, 10000, 11000, 25000, 15000, 12000 }, cells.Select(c => c.TargetNanosiemens).ToArray());
            (int Tile, int Cell)[] placed = { (1, 0), (1, 1), (1, 2), (1, 3), (0, 4), (0, 5) };
            foreach ((int tile, int k) in placed)
            {
                if (!cells[k].Success) continue;
                float g = client.ReadConductance(tile, cells[k].Row, 1, cells[k].Col, 1, 4)[0];
                Assert.AreEqual(cells[k].TargetNanosiemens / 1000.0, g, 1.5, $"cell {k} on tile {tile}");
            }

            Assert.IsTrue(cells.Count(c => c.Success) >= cells.Count - 1, $"{cells.Count(c => !c.Success)} cells out of band");
        }
    }

    private sealed class ListProgress(List<CimProgress> into) : IProgress<CimProgress>
    {
        public void Report(CimProgress value) => into.Add(value);
    }
}

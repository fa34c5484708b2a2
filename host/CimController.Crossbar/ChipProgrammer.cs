using System;
using System.Collections.Generic;
using CimController.Host;

namespace CimController.Crossbar;

/// <summary>
/// Programs placed blocks onto the board with the firmware's write-verify, for training and deployment alike. A block's
/// devices form one region of its tile: rows 0 .. <see cref="PlacedSlot.PhysicalRows"/> - 1 (copy after copy), columns
/// <see cref="PlacedSlot.Column"/> .. + <c>PhysicalColumns</c> - 1, with pair j of a row on columns 2j (G+) and 2j + 1 (G-).
/// Each block is one <see cref="CimClient.WriteVerifyRegion"/> call, blocks in the order given.
/// </summary>
public sealed class ChipProgrammer(CimClient client)
{
    private readonly CimClient _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>
    /// The region targets (nS, nanosiemens) of block <paramref name="p"/>, [physical rows, physical columns] row-major, from
    /// <paramref name="pairTargetsNanosiemens"/>(physical row, pair) = (G+, G-) in nS.
    /// </summary>
    public static uint[] RegionTargets(PlacedSlot p, Func<int, int, (uint PlusNanosiemens, uint MinusNanosiemens)> pairTargetsNanosiemens)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(pairTargetsNanosiemens);
        int cols = p.Slot.PhysicalColumns;
        var targets = new uint[p.PhysicalRows * cols];
        for (int r = 0; r < p.PhysicalRows; r++)
        {
            for (int j = 0; j < p.Slot.OutputCount; j++)
            {
                (uint plus, uint minus) = pairTargetsNanosiemens(r, j);
                targets[(r * cols) + (2 * j)] = plus;
                targets[(r * cols) + (2 * j) + 1] = minus;
            }
        }

        return targets;
    }

    /// <summary>Write-verifies block <paramref name="p"/> to <paramref name="regionTargetsNanosiemens"/> (nS, the layout of <see cref="RegionTargets"/>).</summary>
    public WriteVerifyResult Program(PlacedSlot p, uint[] regionTargetsNanosiemens, WriteVerifyOptions options, IProgress<CimProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(regionTargetsNanosiemens);
        int cols = p.Slot.PhysicalColumns;
        if (regionTargetsNanosiemens.Length != p.PhysicalRows * cols)
        {
            throw new ArgumentException($"block on tile {p.Tile} column {p.Column} has {p.PhysicalRows}x{cols} devices; got {regionTargetsNanosiemens.Length} targets", nameof(regionTargetsNanosiemens));
        }

        return _client.WriteVerifyRegion(p.Tile, 0, p.PhysicalRows, p.Column, cols, regionTargetsNanosiemens, options, progress);
    }

    /// <summary>
    /// Write-verifies every block of <paramref name="slots"/> in order to <paramref name="pairTargetsNanosiemens"/>(block, physical
    /// row, pair) = (G+, G-) in nS and returns every cell's result, block after block. <paramref name="progress"/> gets stage "program" with
    /// the devices done after each block, out of all devices of the blocks.
    /// </summary>
    public List<WriteVerifyCellResult> ProgramAll(IReadOnlyList<PlacedSlot> slots, Func<PlacedSlot, int, int, (uint PlusNanosiemens, uint MinusNanosiemens)> pairTargetsNanosiemens,
        WriteVerifyOptions options, IProgress<CimProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(pairTargetsNanosiemens);
        long total = 0;
        foreach (PlacedSlot p in slots)
        {
            total += (long)p.PhysicalRows * p.Slot.PhysicalColumns;
        }

        var all = new List<WriteVerifyCellResult>();
        long done = 0;
        foreach (PlacedSlot p in slots)
        {
            uint[] targets = RegionTargets(p, (r, j) => pairTargetsNanosiemens(p, r, j));
            all.AddRange(Program(p, targets, options).Cells);
            done += targets.Length;
            progress?.Report(new CimProgress("program", done, total));
        }

        return all;
    }

    /// <summary>A device pair to program: G+ at (<paramref name="Row"/>, <paramref name="Column"/>), G- one column right, of <paramref name="Tile"/>.</summary>
    public readonly record struct PairTarget(int Tile, int Row, int Column, uint PlusNanosiemens, uint MinusNanosiemens);

    /// <summary>
    /// Write-verifies single pairs wherever they sit: one <see cref="CimClient.WriteVerify"/> call per tile, tiles in the
    /// order they first occur in <paramref name="pairs"/>, each carrying that tile's pairs in the given order as G+ then G-.
    /// Returns every cell's result, tile after tile.
    /// </summary>
    public List<WriteVerifyCellResult> ProgramPairs(IEnumerable<PairTarget> pairs, WriteVerifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var tiles = new List<int>();
        var cellsOfTile = new Dictionary<int, List<CellTarget>>();
        foreach (PairTarget pair in pairs)
        {
            if (!cellsOfTile.TryGetValue(pair.Tile, out List<CellTarget>? cells))
            {
                cells = new List<CellTarget>();
                cellsOfTile.Add(pair.Tile, cells);
                tiles.Add(pair.Tile);
            }

            cells.Add(new CellTarget(pair.Row, pair.Column, pair.PlusNanosiemens));
            cells.Add(new CellTarget(pair.Row, pair.Column + 1, pair.MinusNanosiemens));
        }

        var all = new List<WriteVerifyCellResult>();
        foreach (int tile in tiles)
        {
            all.AddRange(_client.WriteVerify(tile, cellsOfTile[tile], options).Cells);
        }

        return all;
    }
}

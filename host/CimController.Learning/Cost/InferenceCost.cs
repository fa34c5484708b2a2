using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Learning.Layers;
using CimController.Learning.Mapping;
using CimController.Learning.Models;
using CimController.Learning.Tensors;

namespace CimController.Learning.Cost;

/// <summary>One crossbar layer's share of an inference on the chip.</summary>
/// <param name="Name">Layer name.</param>
/// <param name="Positions">Input vectors per image (conv: output positions; FC: 1): the layer's sequential "ops".</param>
/// <param name="Arrays">Arrays the layer's weight matrix needs (<see cref="CrossbarMapping.TileCount"/>).</param>
/// <param name="CopiesPerArray">Copies of the kernel one array can hold block-diagonally (layers that fit one array), else 1.</param>
/// <param name="ExtraArrays">Arrays given to weight copies of this layer.</param>
/// <param name="Copies">Copies of the layer working in parallel, ((1 + ExtraArrays / Arrays) x CopiesPerArray).</param>
public sealed record LayerCost(string Name, int Positions, int Arrays, int CopiesPerArray, int ExtraArrays, int Copies)
{
    /// <summary>Tile operations per image: positions x arrays (every array of the layer sees every input vector).</summary>
    public long TileOps => (long)Positions * Arrays;

    /// <summary>Sequential operations of this layer with its copies: ceil(positions / copies).</summary>
    public int OpsWithCopies => (Positions + Copies - 1) / Copies;
}

/// <summary>
/// Estimated latency and energy of one inference on the CIM chip by the method of Wu 2023 Table 2: every input
/// vector through every array a layer occupies is one tile operation (energy per tile op: 2.66 nJ for 64x64 arrays,
/// 2.93 nJ for 256x64); arrays of one layer work in parallel, so a layer takes one "op" per input vector, each op
/// costing 72 cycles at 100 MHz (an 8-bit conversion takes 9 cycles and each ADC serves 8 columns; boards/SPI-REGISTER-MAP.md).
/// Latency: layers one after another (sum of ops); pipelined: layers overlap, the slowest layer sets the pace (max
/// ops); with copies: extra arrays hold copies of the slowest layers' kernels (block-diagonally where a kernel fits an
/// array several times) so their ops are shared. For LeNet on 64x64 arrays this gives Table 2's row: 6 crossbars,
/// 641 ops, 707 tile ops, 0.46 / 0.42 / 0.05 ms with 9 crossbars, 0.0019 mJ per image.
/// </summary>
public sealed class InferenceCost
{
    private InferenceCost(IReadOnlyList<LayerCost> layers, TileGeometry geometry, double cyclesPerOp, double clockHz, double energyPerTileOpNanojoules)
    {
        Layers = layers;
        Geometry = geometry;
        CyclesPerOp = cyclesPerOp;
        ClockHz = clockHz;
        EnergyPerTileOpNanojoules = energyPerTileOpNanojoules;
    }

    /// <summary>Per crossbar layer.</summary>
    public IReadOnlyList<LayerCost> Layers { get; }

    /// <summary>Array geometry.</summary>
    public TileGeometry Geometry { get; }

    /// <summary>Chip cycles per op (72).</summary>
    public double CyclesPerOp { get; }

    /// <summary>Chip clock (100 MHz).</summary>
    public double ClockHz { get; }

    /// <summary>Energy per tile operation, nJ.</summary>
    public double EnergyPerTileOpNanojoules { get; }

    /// <summary>Arrays without copies.</summary>
    public int Crossbars => Layers.Sum(l => l.Arrays);

    /// <summary>Arrays with copies.</summary>
    public int CrossbarsWithCopies => Layers.Sum(l => l.Arrays + l.ExtraArrays);

    /// <summary>Sequential ops per image (Table 2 "# of Ops").</summary>
    public long Ops => Layers.Sum(l => (long)l.Positions);

    /// <summary>Tile operations per image.</summary>
    public long TileOps => Layers.Sum(l => l.TileOps);

    /// <summary>Latency with layers one after another, ms.</summary>
    public double LatencyMs => Ops * CyclesPerOp / ClockHz * 1e3;

    /// <summary>Latency with inter-layer pipelining (the slowest layer), ms.</summary>
    public double PipelinedLatencyMs => Layers.Max(l => l.Positions) * CyclesPerOp / ClockHz * 1e3;

    /// <summary>Pipelined latency with the weight copies, ms.</summary>
    public double WithCopiesLatencyMs => Layers.Max(l => l.OpsWithCopies) * CyclesPerOp / ClockHz * 1e3;

    /// <summary>Energy per image, mJ: tile ops x energy per tile op.</summary>
    public double EnergyMillijoules => TileOps * EnergyPerTileOpNanojoules * 1e-6;

    /// <summary>Energy per tile operation by array rows: 2.66 nJ at 64, 2.93 nJ at 256 (Wu 2023 Table 2), linear between.</summary>
    public static double EnergyPerTileOp(int rows) => 2.66 + (rows - 64) * (2.93 - 2.66) / (256 - 64);

    /// <summary>
    /// Estimates <paramref name="network"/> on <paramref name="geometry"/> arrays with <paramref name="extraArrays"/>
    /// arrays for weight copies, given greedily to the layer that sets the pipelined pace.
    /// </summary>
    public static InferenceCost Estimate(Network network, TileGeometry geometry, int extraArrays = 0, double clockHz = 100e6, double cyclesPerOp = 72)
    {
        ArgumentNullException.ThrowIfNull(network);
        geometry.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(extraArrays);
        int[] positions = PositionsPerImage(network);
        var layers = new List<LayerCost>();
        for (int i = 0; i < network.CrossbarLayers.Count; i++)
        {
            CrossbarLayer l = network.CrossbarLayers[i];
            int arrays = CrossbarMapping.TileCount(l.FanIn, l.Outputs, geometry);
            int perArray = arrays == 1 ? Math.Max(1, Math.Min(geometry.Rows / l.FanIn, geometry.PairsPerTile / l.Outputs)) : 1;
            layers.Add(new LayerCost(l.Name, positions[i], arrays, perArray, 0, perArray));
        }
        int left = extraArrays;
        while (left > 0)
        {
            int slowest = 0;
            for (int i = 1; i < layers.Count; i++)
                if (layers[i].OpsWithCopies > layers[slowest].OpsWithCopies) slowest = i;
            LayerCost s = layers[slowest];
            if (s.Arrays > left || s.OpsWithCopies <= 1) break;
            int extra = s.ExtraArrays + s.Arrays;
            layers[slowest] = s with { ExtraArrays = extra, Copies = (1 + extra / s.Arrays) * s.CopiesPerArray };
            left -= s.Arrays;
        }
        return new InferenceCost(layers, geometry, cyclesPerOp, clockHz, EnergyPerTileOp(geometry.Rows));
    }

    /// <summary>Input vectors per image of each crossbar layer, from one forward pass of a blank image.</summary>
    private static int[] PositionsPerImage(Network network)
    {
        var blank = new float[network.InputChannels * network.InputHeight * network.InputWidth];
        Activations input = network.InputFrom(blank, 1);
        network.Forward(input);
        return network.CrossbarLayers.Select(l => l is Conv2d c ? c.LastPositionsPerImage : 1).ToArray();
    }
}

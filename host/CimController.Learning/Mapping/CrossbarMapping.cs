using System;
using System.Collections.Generic;

namespace CimController.Learning.Mapping;

/// <summary>
/// Pure mapping math between a layer's weight matrix W [K = fan-in, N = outputs] (crossbar form, see
/// <see cref="Layers.CrossbarLayer"/>) and device conductances. No chip I/O. The scheme is Wu 2023's:
/// <list type="number">
/// <item><b>Tiling</b>: rows are split into blocks of R (the array's rows), outputs into blocks of C/2 (each output is a
/// pair of physical columns), giving ceil(K/R) x ceil(N/(C/2)) arrays. An output's partial sums from the row blocks are
/// added digitally: z_n = sum over row blocks t of z_n^(t).</item>
/// <item><b>Differential pairs</b> on adjacent columns: w = s (G+ - G-), with the per-array scaling factor
/// s = max |w| over the array / (Gmax - Gmin) (weight units per siemens), so the array's largest weight spans the
/// whole window. A weight is written one-sided: G+ = Gmin + max(w, 0) / s, G- = Gmin + max(-w, 0) / s (Wu 2023
/// simulator level 2: "takes the absolute value and adds the minimum"), each then rounded to the nearest of the n levels
/// G_l = Gmin + l (Gmax - Gmin)/(n - 1). Reading back, w' = s (G+ - G-) differs from w by at most half a level,
/// s (Gmax - Gmin) / (2 (n - 1)).</item>
/// <item><b>VMM</b> (analog): column current I_j = V sum_i x_i G_ij (Ohm and Kirchhoff), and per output
/// z_n = s (I_2n - I_2n+1) / V.</item>
/// <item><b>On the chip</b> the inputs go through 8-bit DACs and the bit-serial drive (code c drives c / 256 of V, Wu 2023
/// eq. 1) and each column current through an ADC; that periphery (DAC codes, input scales, dequantisation) is
/// CimController.Crossbar's ChipForward, run against a board.</item>
/// </list>
/// </summary>
public static class CrossbarMapping
{
    /// <summary>The arrays a [fanIn, outputs] matrix needs on <paramref name="geometry"/> arrays, row blocks outer.</summary>
    public static IReadOnlyList<TileSlot> Plan(int fanIn, int outputs, TileGeometry geometry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        geometry.Validate();
        int pairs = geometry.PairsPerTile;
        int rowBlocks = (fanIn + geometry.Rows - 1) / geometry.Rows;
        int outBlocks = (outputs + pairs - 1) / pairs;
        var slots = new List<TileSlot>(rowBlocks * outBlocks);
        for (int rb = 0; rb < rowBlocks; rb++)
        {
            for (int ob = 0; ob < outBlocks; ob++)
            {
                int r0 = rb * geometry.Rows, o0 = ob * pairs;
                slots.Add(new TileSlot(slots.Count, rb, ob, r0, Math.Min(geometry.Rows, fanIn - r0), o0, Math.Min(pairs, outputs - o0)));
            }
        }

        return slots;
    }

    /// <summary>Number of arrays: ceil(fanIn / R) x ceil(outputs / (C/2)).</summary>
    public static int TileCount(int fanIn, int outputs, TileGeometry geometry) => Plan(fanIn, outputs, geometry).Count;

    /// <summary>Scaling factor s = maxAbsWeight / (Gmax - Gmin); 1 / (Gmax - Gmin) for an all-zero array.</summary>
    public static double ScaleFactor(double maxAbsWeight, ConductanceRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        range.Validate();
        return (maxAbsWeight > 0 ? maxAbsWeight : 1.0) / range.Width;
    }

    /// <summary>The pair for weight <paramref name="weight"/>: G+ = Q(Gmin + max(w,0)/s), G- = Q(Gmin + max(-w,0)/s).</summary>
    public static (double Plus, double Minus) WeightToPair(double weight, double scale, ConductanceRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        double plus = range.MinSiemens + (Math.Max(weight, 0) / scale);
        double minus = range.MinSiemens + (Math.Max(-weight, 0) / scale);
        return (range.Quantize(plus), range.Quantize(minus));
    }

    /// <summary>The weight a pair holds: w = s (G+ - G-).</summary>
    public static double PairToWeight(double plus, double minus, double scale) => scale * (plus - minus);

    /// <summary>Half a level in weight units for scale s: s (Gmax - Gmin) / (2 (n - 1)); 0 when continuous.</summary>
    public static double HalfLevel(double scale, ConductanceRange range) => scale * range.LevelStep / 2;

    /// <summary>Maps W [fanIn, outputs] (row-major) onto arrays of <paramref name="geometry"/> in <paramref name="range"/>.</summary>
    public static MappedLayer Map(ReadOnlySpan<float> weights, int fanIn, int outputs, TileGeometry geometry, ConductanceRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        range.Validate();
        if (weights.Length != fanIn * outputs)
        {
            throw new ArgumentException($"{weights.Length} weights do not form a {fanIn}x{outputs} matrix");
        }

        IReadOnlyList<TileSlot> slots = Plan(fanIn, outputs, geometry);
        var tiles = new CrossbarTile[slots.Count];
        foreach (TileSlot slot in slots)
        {
            double maxAbs = 0;
            for (int r = 0; r < slot.RowCount; r++)
            {
                for (int j = 0; j < slot.OutputCount; j++)
                {
                    maxAbs = Math.Max(maxAbs, Math.Abs(weights[((slot.RowStart + r) * outputs) + slot.OutputStart + j]));
                }
            }

            double scale = ScaleFactor(maxAbs, range);
            var g = new double[slot.RowCount * slot.PhysicalColumns];
            for (int r = 0; r < slot.RowCount; r++)
            {
                for (int j = 0; j < slot.OutputCount; j++)
                {
                    (double plus, double minus) = WeightToPair(weights[((slot.RowStart + r) * outputs) + slot.OutputStart + j], scale, range);
                    g[(r * slot.PhysicalColumns) + (2 * j)] = plus;
                    g[(r * slot.PhysicalColumns) + (2 * j) + 1] = minus;
                }
            }

            tiles[slot.Index] = new CrossbarTile(slot, scale, g);
        }

        return new MappedLayer(fanIn, outputs, geometry, range, tiles);
    }

    /// <summary>Reads the weight matrix back: W[r, n] = s_t (G+ - G-) from the array t holding (r, n).</summary>
    public static float[] ToWeights(MappedLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var w = new float[layer.FanIn * layer.Outputs];
        foreach (CrossbarTile tile in layer.Tiles)
        {
            TileSlot s = tile.Slot;
            for (int r = 0; r < s.RowCount; r++)
            {
                for (int j = 0; j < s.OutputCount; j++)
                {
                    w[((s.RowStart + r) * layer.Outputs) + s.OutputStart + j] = (float)PairToWeight(tile.Plus(r, j), tile.Minus(r, j), tile.Scale);
                }
            }
        }

        return w;
    }

    /// <summary>
    /// Column currents of one array for one input vector: I_j = V sum_i v_i G_ij, where v_i (the fraction of the read
    /// voltage on row i) is <paramref name="rowDrive"/>[RowStart + i]. Writes 2 OutputCount currents.
    /// </summary>
    public static void ColumnCurrents(CrossbarTile tile, ReadOnlySpan<double> rowDrive, double readVolts, Span<double> currents)
    {
        ArgumentNullException.ThrowIfNull(tile);
        TileSlot s = tile.Slot;
        int cols = s.PhysicalColumns;
        currents[..cols].Clear();
        double[] g = tile.Conductances;
        for (int r = 0; r < s.RowCount; r++)
        {
            double v = rowDrive[s.RowStart + r] * readVolts;
            if (v == 0)
            {
                continue;
            }

            int o = r * cols;
            for (int c = 0; c < cols; c++)
            {
                currents[c] += v * g[o + c];
            }
        }
    }

    /// <summary>
    /// Ideal analog product of the mapped layer: Z [Outputs, count] = sum over arrays t of s_t (G+ - G-)^T X, computed as
    /// currents per array (x_i as the drive fraction, read voltage 1 V) and partial sums added digitally. With a
    /// continuous range this reproduces W^T X to rounding.
    /// </summary>
    public static void Multiply(MappedLayer layer, ReadOnlySpan<float> inputs, int count, Span<float> outputs)
    {
        ArgumentNullException.ThrowIfNull(layer);
        CheckShapes(layer, inputs, count, outputs);
        var drive = new double[layer.FanIn];
        var currents = new double[layer.Geometry.Columns];
        var z = new double[layer.Outputs];
        for (int v = 0; v < count; v++)
        {
            for (int r = 0; r < layer.FanIn; r++)
            {
                drive[r] = inputs[(r * count) + v];
            }

            Array.Clear(z);
            foreach (CrossbarTile tile in layer.Tiles)
            {
                ColumnCurrents(tile, drive, 1.0, currents);
                for (int j = 0; j < tile.Slot.OutputCount; j++)
                {
                    z[tile.Slot.OutputStart + j] += tile.Scale * (currents[2 * j] - currents[(2 * j) + 1]);
                }
            }

            for (int n = 0; n < layer.Outputs; n++)
            {
                outputs[(n * count) + v] = (float)z[n];
            }
        }
    }

    private static void CheckShapes(MappedLayer layer, ReadOnlySpan<float> inputs, int count, Span<float> outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (inputs.Length < layer.FanIn * count || outputs.Length < layer.Outputs * count)
        {
            throw new ArgumentException($"need inputs [{layer.FanIn}, {count}] and outputs [{layer.Outputs}, {count}]");
        }
    }
}

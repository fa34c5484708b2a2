using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics.Tensors;
using CimController.Host;
using CimController.Learning.Layers;
using CimController.Learning.Models;

namespace CimController.Training;

/// <summary>
/// A network mapped onto a board (Wu 2023 Sec. 2.5): the <see cref="DeviceLayout"/>, one scaling factor per array
/// (weight units per nS of G+ - G-), the device targets last programmed, and the chip forward pass
/// (<see cref="IActivationSource"/>) that runs every crossbar layer as batched differential Vmm calls and dequantises the
/// ADC codes to the layer's output units. Weights live as w = s (G+ - G-); a weight is written one-sided,
/// G+ = Gmin + max(w/s, 0), G- = Gmin + max(-w/s, 0).
/// </summary>
public sealed class ChipSession : IActivationSource
{
    private readonly CimClient _client;
    private readonly Network _network;
    private readonly double _lsbNanoamps;
    private readonly double _readVolts;
    private readonly Dictionary<int, byte[]> _buffers = new();

    /// <summary>Vectors per Vmm call (the protocol's u16 vector count; the client splits further to fit frames).</summary>
    public const int MaxVectorsPerCall = 65535;

    /// <summary>Creates a session; <paramref name="scales"/> per slot of <paramref name="layout"/>, weight per nS.</summary>
    public ChipSession(CimClient client, Network network, DeviceLayout layout, double[] scales, ChipWindow window)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _network = network ?? throw new ArgumentNullException(nameof(network));
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        Scales = scales ?? throw new ArgumentNullException(nameof(scales));
        Window = window ?? throw new ArgumentNullException(nameof(window));
        _lsbNanoamps = client.Info.AdcFullScaleNanoamps / (double)((1 << client.Info.AdcBits) - 1);
        _readVolts = client.Info.ReadMillivolts / 1000.0;
        if (_readVolts <= 0)
        {
            throw new InvalidOperationException("the board reports a read voltage of 0 mV");
        }

        TargetPlusNs = new uint[layout.Weights];
        TargetMinusNs = new uint[layout.Weights];
    }

    /// <summary>The device map.</summary>
    public DeviceLayout Layout { get; }

    /// <summary>Scaling factor of each slot, weight units per nS.</summary>
    public double[] Scales { get; }

    /// <summary>The programming window.</summary>
    public ChipWindow Window { get; }

    /// <summary>G+ target last programmed per weight, nS (the device map of checkpoints).</summary>
    public uint[] TargetPlusNs { get; }

    /// <summary>G- target last programmed per weight, nS.</summary>
    public uint[] TargetMinusNs { get; }

    /// <summary>Wall time spent in chip forward passes.</summary>
    public TimeSpan ChipTime { get; private set; }

    /// <summary>Vmm requests sent.</summary>
    public long VmmRequests { get; private set; }

    /// <summary>Input vectors sent through tiles.</summary>
    public long Vectors { get; private set; }

    /// <summary>Scale of weight <paramref name="index"/>, weight per nS.</summary>
    public double ScaleOf(int index) => Scales[Layout.SlotOf(index)];

    /// <summary>
    /// Per-array scaling factors for the network's current weights: s = max |w| over the array / (Ginit_max - Gmin), so the
    /// initial conductances fall in [Gmin, Ginit_max] (Wu 2023: 8.2-20 uS of the 8.2-32.9 uS window) and weights can grow.
    /// </summary>
    public static double[] InitialScales(Network network, DeviceLayout layout, ChipWindow window)
    {
        var scales = new double[layout.Slots.Count];
        double span = window.InitialMaxNs - window.MinNs;
        for (int s = 0; s < scales.Length; s++)
        {
            PlacedSlot p = layout.Slots[s];
            float[] w = network.CrossbarLayers[p.Layer].Weights.Value;
            int n = layout.LayerOutputs[p.Layer];
            double max = 0;
            for (int r = 0; r < p.Slot.RowCount; r++)
            {
                for (int j = 0; j < p.Slot.OutputCount; j++)
                {
                    max = Math.Max(max, Math.Abs(w[((p.Slot.RowStart + r) * n) + p.Slot.OutputStart + j]));
                }
            }

            scales[s] = (max > 0 ? max : 1.0) / span;
        }

        return scales;
    }

    /// <summary>The pair targets (nS) of a value w_G = G+ - G- (nS), clamped to the window.</summary>
    public (uint Plus, uint Minus) PairTargets(double wG)
    {
        double range = Window.MaxNs - Window.MinNs;
        wG = Math.Clamp(wG, -range, range);
        return ((uint)Math.Round(Window.MinNs + Math.Max(wG, 0)), (uint)Math.Round(Window.MinNs + Math.Max(-wG, 0)));
    }

    /// <summary>
    /// Write-verifies every device pair to the targets given per weight (<paramref name="plusNs"/>, <paramref name="minusNs"/>),
    /// one region per placed slot, and records them as the device map. Returns the per-cell results (targets and finals).
    /// </summary>
    public List<WriteVerifyCellResult> ProgramAll(uint[] plusNs, uint[] minusNs, WriteVerifyOptions options, IProgress<CimProgress>? progress = null)
    {
        var all = new List<WriteVerifyCellResult>();
        long done = 0;
        foreach (PlacedSlot p in Layout.Slots)
        {
            int cols = p.Slot.PhysicalColumns;
            var targets = new uint[p.Slot.RowCount * cols];
            ForEachWeight(p, (r, j, index) =>
            {
                targets[(r * cols) + (2 * j)] = plusNs[index];
                targets[(r * cols) + (2 * j) + 1] = minusNs[index];
                TargetPlusNs[index] = plusNs[index];
                TargetMinusNs[index] = minusNs[index];
            });
            WriteVerifyResult result = _client.WriteVerifyRegion(p.Tile, 0, p.Slot.RowCount, p.Column, cols, targets, options);
            all.AddRange(result.Cells);
            done += targets.Length;
            progress?.Report(new CimProgress("program", done, 2L * Layout.Weights));
        }

        return all;
    }

    /// <summary>Reads every pair back (averaged <paramref name="averages"/> times): G+ and G- per weight, nS.</summary>
    public (float[] Plus, float[] Minus) ReadAll(int averages)
    {
        var plus = new float[Layout.Weights];
        var minus = new float[Layout.Weights];
        foreach (PlacedSlot p in Layout.Slots)
        {
            int cols = p.Slot.PhysicalColumns;
            float[] g = _client.ReadConductance(p.Tile, 0, p.Slot.RowCount, p.Column, cols, averages);
            ForEachWeight(p, (r, j, index) =>
            {
                plus[index] = g[(r * cols) + (2 * j)] * 1000f;
                minus[index] = g[(r * cols) + (2 * j) + 1] * 1000f;
            });
        }

        return (plus, minus);
    }

    private void ForEachWeight(PlacedSlot p, Action<int, int, int> action)
    {
        int n = Layout.LayerOutputs[p.Layer];
        int start = Layout.LayerStart[p.Layer];
        for (int r = 0; r < p.Slot.RowCount; r++)
        {
            for (int j = 0; j < p.Slot.OutputCount; j++)
            {
                action(r, j, start + ((p.Slot.RowStart + r) * n) + p.Slot.OutputStart + j);
            }
        }
    }

    /// <summary>
    /// The chip's VMM for one crossbar layer: inputs quantised to 8-bit DAC codes with a per-call scale q = max(x) / 255
    /// (inputs are pixels or post-ReLU activations, so non-negative), one batched differential Vmm per placed array with all
    /// of the call's vectors, and z_n = sum over the layer's arrays of 256 q s (code+ - code-) LSB / V_read (Wu 2023 eq. 1:
    /// code c drives c/256 of the read voltage); partial sums of row blocks are added digitally.
    /// </summary>
    public bool TryGetOutput(CrossbarLayerCall call, Span<float> output)
    {
        var clock = Stopwatch.StartNew();
        CrossbarLayer layer = call.Layer;
        int l = layer.CrossbarIndex;
        int v = call.VectorCount;
        int k = layer.FanIn;
        ReadOnlySpan<float> x = call.Inputs.Span;
        float max = TensorPrimitives.Max(x[..(k * v)]);
        float q = max > 0 ? max / 255f : 1f;
        float inv = 1f / q;
        output[..(layer.Outputs * v)].Clear();
        for (int s = 0; s < Layout.Slots.Count; s++)
        {
            PlacedSlot p = Layout.Slots[s];
            if (p.Layer != l)
            {
                continue;
            }

            int rows = p.Slot.RowCount;
            int pairs = p.Slot.OutputCount;
            float kk = (float)(256.0 * q * Scales[s] * _lsbNanoamps / _readVolts);
            for (int v0 = 0; v0 < v; v0 += MaxVectorsPerCall)
            {
                int nv = Math.Min(MaxVectorsPerCall, v - v0);
                if (!_buffers.TryGetValue(rows * nv, out byte[]? inputs))
                {
                    inputs = new byte[rows * nv];
                    _buffers[rows * nv] = inputs;
                }

                // vector-major codes for this array's rows: codes[vec * rows + r]
                for (int r = 0; r < rows; r++)
                {
                    ReadOnlySpan<float> row = x.Slice(((p.Slot.RowStart + r) * v) + v0, nv);
                    for (int vec = 0; vec < nv; vec++)
                    {
                        float c = (row[vec] * inv) + 0.5f;
                        inputs[(vec * rows) + r] = c <= 0f ? (byte)0 : c >= 255f ? (byte)255 : (byte)c;
                    }
                }

                VmmResult result = _client.Vmm(p.Tile, 0, rows, p.Column, p.Slot.PhysicalColumns, inputs, nv, differential: true);
                VmmRequests += result.Requests;
                Vectors += nv;
                short[] d = result.DifferentialCodes!;
                for (int j = 0; j < pairs; j++)
                {
                    Span<float> z = output.Slice(((p.Slot.OutputStart + j) * v) + v0, nv);
                    for (int vec = 0; vec < nv; vec++)
                    {
                        z[vec] += kk * d[(vec * pairs) + j];
                    }
                }
            }
        }

        ChipTime += clock.Elapsed;
        return true;
    }
}

/// <summary>
/// The programming window of a training run, nS: devices between <see cref="MinNs"/> and <see cref="MaxNs"/>, initial
/// conductances up to <see cref="InitialMaxNs"/>, update threshold (programming granularity) <see cref="ThresholdNs"/>,
/// write-verify tolerance <see cref="ToleranceNs"/>. Default: Wu 2023 on-chip training, 2-bit granularity with 4x on/off
/// over 0.82-3.29 uA at 0.1 V (8.2-32.9 uS), initial 0.82-2 uA (8.2-20 uS), threshold = range / 3.
/// </summary>
public sealed record ChipWindow(double MinNs, double MaxNs, double InitialMaxNs, double ThresholdNs, double ToleranceNs)
{
    /// <summary>Wu 2023 Sec. 2.5 with a granularity of <paramref name="bits"/> bits (threshold = range / (2^bits - 1)).</summary>
    public static ChipWindow Wu2023(int bits = 2, double toleranceNs = 500) =>
        new(8200, 32900, 20000, (32900 - 8200) / (double)((1 << bits) - 1), toleranceNs);
}

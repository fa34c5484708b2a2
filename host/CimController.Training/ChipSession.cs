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

    /// <summary>
    /// When set (one entry per crossbar layer), every forward pass also records the ADC code statistics and compares the
    /// chip's output with the software product W_FP^T x of the same inputs (diagnostics; costs one host GEMM per layer).
    /// </summary>
    public ChipLayerStats[]? Stats { get; set; }

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
            var targets = new uint[p.PhysicalRows * cols];
            ForEachWeight(p, (r, j, index) =>
            {
                targets[(r * cols) + (2 * j)] = plusNs[index];
                targets[(r * cols) + (2 * j) + 1] = minusNs[index];
                TargetPlusNs[index] = plusNs[index];
                TargetMinusNs[index] = minusNs[index];
            });
            WriteVerifyResult result = _client.WriteVerifyRegion(p.Tile, 0, p.PhysicalRows, p.Column, cols, targets, options);
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
            float[] g = _client.ReadConductance(p.Tile, 0, p.PhysicalRows, p.Column, cols, averages);
            ForEachWeight(p, (r, j, index) =>
            {
                plus[index] = g[(r * cols) + (2 * j)] * 1000f;
                minus[index] = g[(r * cols) + (2 * j) + 1] * 1000f;
            });
        }

        return (plus, minus);
    }

    /// <summary>Calls <paramref name="action"/>(array row, pair, device pair index) for every pair of every copy of slot <paramref name="p"/>.</summary>
    private void ForEachWeight(PlacedSlot p, Action<int, int, int> action)
    {
        int n = Layout.LayerOutputs[p.Layer];
        int copySize = Layout.LayerFanIn[p.Layer] * n;
        for (int c = 0; c < p.Copies; c++)
        {
            int start = Layout.LayerStart[p.Layer] + (c * copySize);
            for (int r = 0; r < p.Slot.RowCount; r++)
            {
                for (int j = 0; j < p.Slot.OutputCount; j++)
                {
                    action((c * p.Slot.RowCount) + r, j, start + ((p.Slot.RowStart + r) * n) + p.Slot.OutputStart + j);
                }
            }
        }
    }

    /// <summary>
    /// Largest column current the per-array input scale aims for, as a fraction of the ADC full scale (0 = the old rule,
    /// q = max(x) / 255 per call, which leaves most columns far below full scale). Default 0.85: 59.5 uA of 70 uA, a margin
    /// of ~19 ADC-noise sigmas (0.55 uA) for the program error of the devices and the read noise.
    /// </summary>
    public double CurrentTarget { get; set; } = DefaultCurrentTarget;

    /// <summary>
    /// Conversions averaged per input vector, per crossbar layer (missing entries: 1). Each is one more tile operation with an
    /// independent ADC-noise draw, so the output noise falls as 1/sqrt(conversions). A 1.4 firmware has the chip convert and
    /// sum (Vmm conversions, register CONVERSIONS): the input codes travel once; older firmware gets each vector repeated.
    /// </summary>
    public int[] Repeats { get; set; } = Array.Empty<int>();

    /// <summary>
    /// Let the chip do the repeated conversions when the firmware can (default); false sends each vector
    /// <see cref="Repeats"/> times instead, as for a firmware older than 1.4 (the same conversions, more traffic).
    /// </summary>
    public bool ConversionsOnChip { get; set; } = true;

    /// <summary>Most conversions per vector the chip sums (protocol 1.4, register CONVERSIONS: 1..128).</summary>
    public const int MaxConversionsOnChip = 128;

    /// <summary>Default of <see cref="CurrentTarget"/>.</summary>
    public const double DefaultCurrentTarget = 0.85;

    /// <summary>
    /// The chip's VMM for one crossbar layer: one batched differential Vmm per placed array with all of the call's vectors,
    /// the inputs quantised to 8-bit DAC codes with a per-array input scale q_a (activation units per code), and
    /// z_n = sum over the layer's arrays of 256 q_a s_a (code+ - code-) LSB / V_read (Wu 2023 eq. 1: code c drives c/256 of
    /// the read voltage); partial sums of row blocks are added digitally.
    /// <para>
    /// Input scale (Wu 2023: per-array scaling factors, bit-serial input at a fixed read voltage). The signal is the
    /// difference of two column currents that each carry the common mode G_min sum(c)/256 V, and every conversion carries
    /// the same ADC noise (b-RRAM: 0.55 uA), so the output's signal-to-noise ratio grows with the input codes. q_a is the
    /// smallest scale at which (1) no input code clips (q_a >= max x / 255 over the array's rows) ... unless that leaves
    /// the currents small: (2) the largest column current the array would draw for this call's vectors, predicted from the
    /// programmed targets, I_max = V/256 max_{v,c} sum_r G_rc x_rv / q_a, is <see cref="CurrentTarget"/> of the ADC full
    /// scale. q_a = max(I-rule, max x / (255 k)) with k = 8: inputs up to 8x the code range the current rule allows are
    /// clipped at code 255 (rare outliers; their current is bounded by (2) anyway). With <see cref="CurrentTarget"/> 0 the
    /// old rule applies: one q = max x / 255 per call.
    /// </para>
    /// </summary>
    public bool TryGetOutput(CrossbarLayerCall call, Span<float> output)
    {
        var clock = Stopwatch.StartNew();
        CrossbarLayer layer = call.Layer;
        int l = layer.CrossbarIndex;
        int v = call.VectorCount;
        int k = layer.FanIn;
        ReadOnlySpan<float> x = call.Inputs.Span;
        float callMax = TensorPrimitives.Max(x[..(k * v)]);
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
            int copies = p.Copies;
            float[] q = InputScales(s, call.Inputs.Slice(p.Slot.RowStart * v, rows * v), v, callMax);
            float kk = (float)(256.0 * Scales[s] * _lsbNanoamps / _readVolts);
            int conversions = l < Repeats.Length ? Math.Max(1, Repeats[l]) : 1;
            // Protocol 1.4: the chip converts each vector `conversions` times and sums the codes (the input travels once);
            // an older firmware gets each vector sent `conversions` times instead (the same conversions, more traffic).
            bool onChip = ConversionsOnChip && conversions > 1 && conversions <= MaxConversionsOnChip && _client.SupportsConversions;
            int repeats = onChip ? 1 : conversions;
            float kr = kk / (conversions * copies);
            int chunk = MaxVectorsPerCall / repeats;
            for (int v0 = 0; v0 < v; v0 += chunk)
            {
                int nv = Math.Min(chunk, v - v0);
                int sent = nv * repeats;
                int bytes = rows * copies * sent;
                if (!_buffers.TryGetValue(bytes, out byte[]? inputs))
                {
                    inputs = new byte[bytes];
                    _buffers[bytes] = inputs;
                }

                // vector-major codes for this array's rows, each vector's codes once per copy (the copies' rows follow one
                // another) and the whole once per repeat: codes[((vec * repeats + rep) * copies + copy) * rows + r]
                DacCodes.Quantise(x, v, p.Slot.RowStart, rows, v0, nv, q.AsSpan(v0, nv), repeats * copies, inputs);

                VmmResult result = _client.Vmm(p.Tile, 0, rows * copies, p.Column, p.Slot.PhysicalColumns, inputs, sent, differential: true,
                    conversions: onChip ? conversions : 1);
                VmmRequests += result.Requests;
                Vectors += sent;
                short[] d = result.DifferentialCodes!;
                if (Stats is not null)
                {
                    Stats[l].CountCodes(result.Codes, sent * p.Slot.PhysicalColumns);
                }

                for (int j = 0; j < pairs; j++)
                {
                    Span<float> z = output.Slice(((p.Slot.OutputStart + j) * v) + v0, nv);
                    for (int vec = 0; vec < nv; vec++)
                    {
                        int sum = 0;
                        for (int rep = 0; rep < repeats; rep++)
                        {
                            sum += d[(((vec * repeats) + rep) * pairs) + j];
                        }

                        z[vec] += kr * q[v0 + vec] * sum;
                    }
                }
            }
        }

        ChipTime += clock.Elapsed;
        if (Stats is not null)
        {
            var reference = new float[layer.Outputs * v];
            Learning.Tensors.Gemm.Multiply(layer.Weights.Value, true, call.Inputs, false, reference, layer.Outputs, v, k);
            Stats[l].Compare(output[..(layer.Outputs * v)], reference);
        }

        return true;
    }

    private float[] _conductances = Array.Empty<float>();
    private float[] _currents = Array.Empty<float>();

    /// <summary>
    /// The input scale q (activation units per DAC code) of slot <paramref name="s"/> for the inputs <paramref name="x"/>
    /// ([rows, v] of this array's rows).
    /// </summary>
    private float[] InputScales(int s, ReadOnlyMemory<float> x, int v, float callMax)
    {
        if (_q.Length < v)
        {
            _q = new float[v];
        }

        float[] q = _q;
        float fallback = callMax > 0 ? callMax / 255f : 1f;
        if (CurrentTarget <= 0)
        {
            Array.Fill(q, fallback, 0, v);
            return q;
        }

        PlacedSlot p = Layout.Slots[s];
        int rows = p.Slot.RowCount, cols = p.Slot.PhysicalColumns;
        ReadOnlySpan<float> xs = x.Span;
        float xMax = TensorPrimitives.Max(xs);
        if (!(xMax > 0))
        {
            Array.Fill(q, fallback, 0, v);
            return q;
        }

        // G [cols, rows] from W_FP (= the programmed targets: G+ = Gmin + max(w/s, 0), G- = Gmin + max(-w/s, 0)), nS;
        // A = G x [cols, v]: the column currents of each vector in nS x input units.
        if (_conductances.Length < rows * cols)
        {
            _conductances = new float[rows * cols];
        }

        float[] w = _network.CrossbarLayers[p.Layer].Weights.Value;
        int n = Layout.LayerOutputs[p.Layer];
        float gmin = (float)Window.MinNs, invScale = (float)(1.0 / Scales[s]);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < p.Slot.OutputCount; j++)
            {
                float g = w[((p.Slot.RowStart + r) * n) + p.Slot.OutputStart + j] * invScale;
                _conductances[((2 * j) * rows) + r] = gmin + Math.Max(g, 0f);
                _conductances[((2 * j + 1) * rows) + r] = gmin + Math.Max(-g, 0f);
            }
        }

        if (_currents.Length < cols * v)
        {
            _currents = new float[cols * v];
        }

        Learning.Tensors.Gemm.Multiply(_conductances.AsMemory(0, rows * cols), false, x, false, _currents.AsMemory(0, cols * v), cols, v, rows);
        double fullScaleNa = _lsbNanoamps * 255.0;
        // I (nA) = copies * V * sum_r G (nS) * (x / q) / 256  ->  q = copies * V * A / (256 * I_target)
        float perCurrent = (float)(p.Copies * _readVolts / (256.0 * CurrentTarget * fullScaleNa));
        float clip = ClipQuantile >= 1 ? xMax : Quantile(xs, xMax, ClipQuantile);
        if (!PerVectorScale)
        {
            float aMax = TensorPrimitives.Max(_currents.AsSpan(0, cols * v));
            Array.Fill(q, Math.Max(perCurrent * aMax, clip / 255f), 0, v);
            return q;
        }

        // per vector: the largest input and the largest column current
        Span<float> xv = q.AsSpan(0, v);
        xs[..v].CopyTo(xv);
        for (int r = 1; r < rows; r++)
        {
            TensorPrimitives.Max(xv, xs.Slice(r * v, v), xv);
        }

        if (_vectorCurrent.Length < v)
        {
            _vectorCurrent = new float[v];
        }

        Span<float> av = _vectorCurrent.AsSpan(0, v);
        _currents.AsSpan(0, v).CopyTo(av);
        for (int c = 1; c < cols; c++)
        {
            TensorPrimitives.Max(av, _currents.AsSpan(c * v, v), av);
        }

        for (int vec = 0; vec < v; vec++)
        {
            float qv = Math.Max(perCurrent * av[vec], Math.Min(xv[vec], clip) / 255f);
            xv[vec] = qv > 0 ? qv : fallback;
        }

        return q;
    }

    /// <summary>
    /// One input scale per input vector (true, default) instead of one per array and call: each vector's codes are scaled up
    /// until its own largest column current reaches <see cref="CurrentTarget"/> (or its largest input code 255), and its
    /// output is dequantised with the same factor. Digital pre- and post-scaling, nothing changes on the chip.
    /// </summary>
    public bool PerVectorScale { get; set; } = true;

    private float[] _q = Array.Empty<float>();
    private float[] _vectorCurrent = Array.Empty<float>();

    /// <summary>
    /// Quantile of the inputs that maps to DAC code 255 (larger inputs clip): 1 = never clip (q >= max x / 255).
    /// </summary>
    public double ClipQuantile { get; set; } = DefaultClipQuantile;

    /// <summary>Default of <see cref="ClipQuantile"/>.</summary>
    public const double DefaultClipQuantile = 1.0;

    private int[] _histogram = new int[2048];

    /// <summary>The <paramref name="quantile"/> of <paramref name="xs"/> (values in [0, max]) from a 2048-bin histogram, rounded up to a bin edge.</summary>
    private float Quantile(ReadOnlySpan<float> xs, float max, double quantile)
    {
        int bins = _histogram.Length;
        Array.Clear(_histogram);
        float scale = (bins - 1) / max;
        foreach (float value in xs)
        {
            if (value > 0)
            {
                _histogram[(int)(value * scale)]++;
            }
        }

        long above = (long)Math.Ceiling((1 - quantile) * xs.Length);
        long seen = 0;
        for (int b = bins - 1; b > 0; b--)
        {
            seen += _histogram[b];
            if (seen > above)
            {
                return (b + 1) / scale;
            }
        }

        return max / (bins - 1);
    }
}

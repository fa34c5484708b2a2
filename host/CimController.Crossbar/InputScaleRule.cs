using System;
using System.Numerics.Tensors;
using CimController.Learning.Tensors;

namespace CimController.Crossbar;

/// <summary>
/// The input scale q (activation units per DAC code) of a block for one call's vectors (Wu 2023: per-array scaling
/// factors, bit-serial input at a fixed read voltage). The signal is the difference of two column currents that each carry
/// the common mode G_min sum(c)/256 V, and every conversion carries the same ADC noise (b-RRAM: 0.55 uA), so the output's
/// signal-to-noise ratio grows with the input codes. q is the smallest scale at which (1) no input code clips
/// (q &gt;= max x / 255, or the <see cref="ClipQuantile"/> of the inputs / 255), unless (2) the largest column current the
/// block would draw for the vectors, predicted from the programmed targets, I_max = copies V/256 max_c sum_r G_rc x_r / q,
/// passes <see cref="CurrentTarget"/> of the ADC full scale: q = max(I-rule, x-rule). With <see cref="PerVectorScale"/> each
/// vector gets its own q from its own largest input and column current. With <see cref="CurrentTarget"/> 0 one
/// q = max x / 255 over the whole layer call applies.
/// </summary>
public sealed class InputScaleRule
{
    private float[] _q = Array.Empty<float>();
    private float[] _conductances = Array.Empty<float>();
    private float[] _currents = Array.Empty<float>();
    private float[] _vectorCurrent = Array.Empty<float>();
    private readonly int[] _histogram = new int[2048];

    /// <summary>Default of <see cref="CurrentTarget"/>.</summary>
    public const double DefaultCurrentTarget = 0.85;

    /// <summary>Default of <see cref="ClipQuantile"/>.</summary>
    public const double DefaultClipQuantile = 1.0;

    /// <summary>
    /// Largest column current the input scale aims for, as a fraction of the ADC full scale (0: q = max(x) / 255 per call,
    /// which leaves most columns far below full scale). Default 0.85: 59.5 uA of 70 uA, a margin of ~19 ADC-noise sigmas
    /// (0.55 uA) for the program error of the devices and the read noise.
    /// </summary>
    public double CurrentTarget { get; set; } = DefaultCurrentTarget;

    /// <summary>
    /// One input scale per input vector (true, default) instead of one per block and call: each vector's codes are scaled up
    /// until its own largest column current reaches <see cref="CurrentTarget"/> (or its largest input code 255), and its
    /// output is dequantised with the same factor. Digital pre- and post-scaling, nothing changes on the chip.
    /// </summary>
    public bool PerVectorScale { get; set; } = true;

    /// <summary>Quantile of the inputs that maps to DAC code 255 (larger inputs clip): 1 = never clip (q &gt;= max x / 255).</summary>
    public double ClipQuantile { get; set; } = DefaultClipQuantile;

    /// <summary>
    /// The scales of block <paramref name="p"/> for the inputs <paramref name="x"/> ([rows, v] of the block's rows), whose
    /// conductances follow from the layer's weights <paramref name="weights"/> ([fan-in, <paramref name="outputs"/>]) at
    /// <paramref name="scaleWeightPerNs"/> above <paramref name="gminNs"/> (G+ = Gmin + max(w/s, 0), G- = Gmin + max(-w/s, 0),
    /// the targets the pairs are programmed to); <paramref name="callMax"/> is the largest input of the whole layer call.
    /// The returned array is reused by the next call.
    /// </summary>
    public float[] Scales(ChipForward chip, PlacedSlot p, float[] weights, int outputs, double scaleWeightPerNs, double gminNs,
        ReadOnlyMemory<float> x, int v, float callMax)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentNullException.ThrowIfNull(p);
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

        int rows = p.Slot.RowCount, cols = p.Slot.PhysicalColumns;
        ReadOnlySpan<float> xs = x.Span;
        float xMax = TensorPrimitives.Max(xs);
        if (!(xMax > 0))
        {
            Array.Fill(q, fallback, 0, v);
            return q;
        }

        // G [cols, rows] from W_FP (= the programmed targets), nS; A = G x [cols, v]: the column currents of each vector
        // in nS x input units.
        if (_conductances.Length < rows * cols)
        {
            _conductances = new float[rows * cols];
        }

        float gmin = (float)gminNs, invScale = (float)(1.0 / scaleWeightPerNs);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < p.Slot.OutputCount; j++)
            {
                float g = weights[((p.Slot.RowStart + r) * outputs) + p.Slot.OutputStart + j] * invScale;
                _conductances[((2 * j) * rows) + r] = gmin + Math.Max(g, 0f);
                _conductances[((2 * j + 1) * rows) + r] = gmin + Math.Max(-g, 0f);
            }
        }

        if (_currents.Length < cols * v)
        {
            _currents = new float[cols * v];
        }

        Gemm.Multiply(_conductances.AsMemory(0, rows * cols), false, x, false, _currents.AsMemory(0, cols * v), cols, v, rows);
        double fullScaleNa = chip.LsbNanoamps * 255.0;
        // I (nA) = copies * V * sum_r G (nS) * (x / q) / 256  ->  q = copies * V * A / (256 * I_target)
        float perCurrent = (float)(p.Copies * chip.ReadVolts / (256.0 * CurrentTarget * fullScaleNa));
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

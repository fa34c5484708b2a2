using System;
using System.Numerics.Tensors;
using CimController.Protocol;

namespace CimController.Crossbar;

/// <summary>
/// The input scale q (activation units per DAC code) of a block for one call's vectors (Wu 2023: per-array scaling
/// factors, bit-serial input at a fixed read voltage). The signal is the difference of two column currents that each carry
/// the common mode G_min sum(c)/256 V, and every conversion carries the same ADC noise (b-RRAM: 0.55 uA), so the output's
/// signal-to-noise ratio grows with the input codes. q is the smallest scale at which (1) no input code clips
/// (q &gt;= max x / 255, or the <see cref="ClipQuantile"/> of the inputs / 255), unless (2) the largest column current the
/// block would draw for the vectors, predicted from the programmed targets, I_max = copies V/256 max_c sum_r G_rc x_r / q,
/// passes <see cref="CurrentTarget"/> of the ADC full scale: q = max(I-rule, x-rule). With <see cref="PerVectorScale"/> the
/// firmware's Forward rule applies (<see cref="InputCodes"/>): the block gets one code max, the largest code at which no
/// vector of the call passes the current target (<see cref="BlockCodeMax"/>, which deployment's calibration uses too), and
/// each vector's q puts its own largest input at that code. With <see cref="CurrentTarget"/> 0 one q = max x / 255 over
/// the whole layer call applies.
/// </summary>
public sealed class InputScaleRule
{
    private float[] _q = Array.Empty<float>();
    private float[] _conductances = Array.Empty<float>();
    private float[] _vectorCurrent = Array.Empty<float>();
    private readonly int[] _histogram = new int[2048];

    /// <summary>The block code max the last per-vector <see cref="Scales"/> call chose.</summary>
    public int LastCodeMax { get; private set; }

    /// <summary>Default of <see cref="CurrentTarget"/>.</summary>
    public const double DefaultCurrentTarget = 0.85;

    /// <summary>Default of <see cref="AboveTarget"/>.</summary>
    /// <remarks>
    /// 0: no vector passes the target. Measured with `cimctl demo`, seeds 1-3: on-chip / deployed accuracy 80.2/80.1,
    /// 78.0/77.5, 79.5/80.1 % at 0 and 80.9/80.5, 78.6/78.2, 77.5/78.4 % at 0.01 (the same within the seeds' spread);
    /// 0.05 lost 2-3 points on seed 1.
    /// </remarks>
    public const double DefaultAboveTarget = 0;

    /// <summary>Default of <see cref="ClipQuantile"/>.</summary>
    public const double DefaultClipQuantile = 1.0;

    /// <summary>
    /// Largest column current the input scale aims for, as a fraction of the ADC full scale (0: q = max(x) / 255 per call,
    /// which leaves most columns far below full scale). Default 0.85: 59.5 uA of 70 uA, a margin of ~19 ADC-noise sigmas
    /// (0.55 uA) for the program error of the devices and the read noise.
    /// </summary>
    public double CurrentTarget { get; set; } = DefaultCurrentTarget;

    /// <summary>
    /// One input scale per input vector (true, default) instead of one per block and call: each vector's largest input is
    /// put at the block's code max (<see cref="BlockCodeMax"/>) and its output is dequantised with the same factor, the rule
    /// the firmware's Forward applies with the code max deployment calibrates. Digital pre- and post-scaling, nothing changes
    /// on the chip.
    /// </summary>
    public bool PerVectorScale { get; set; } = true;

    /// <summary>Fraction of a call's vectors the block's code max may drive past <see cref="CurrentTarget"/> (<see cref="BlockCodeMax"/>).</summary>
    public double AboveTarget { get; set; } = DefaultAboveTarget;

    /// <summary>
    /// Quantile of the inputs that maps to DAC code 255 (larger inputs clip) when one scale serves the whole call
    /// (<see cref="PerVectorScale"/> false): 1 = never clip (q &gt;= max x / 255).
    /// </summary>
    public double ClipQuantile { get; set; } = DefaultClipQuantile;

    /// <summary>
    /// The scales of block <paramref name="p"/> for the inputs <paramref name="x"/> ([rows, v] of the block's rows), whose
    /// conductances follow from the layer's weights <paramref name="weights"/> ([fan-in, <paramref name="outputs"/>]) at
    /// <paramref name="scaleWeightPerNs"/> above <paramref name="gminNs"/> (G+ = Gmin + max(w/s, 0), G- = Gmin + max(-w/s, 0),
    /// the targets the pairs are programmed to); <paramref name="callMax"/> is the largest input of the whole layer call, or
    /// NaN when the block holds every row of the call (the block's own largest input, taken from its per-vector maxima, is
    /// then the call's: no separate pass over the inputs). The returned array is reused by the next call.
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
        ReadOnlySpan<float> xs = x.Span;
        if (CurrentTarget <= 0)
        {
            Array.Fill(q, FixedScale(float.IsNaN(callMax) ? TensorPrimitives.Max(xs) : callMax), 0, v);
            return q;
        }

        int rows = p.Slot.RowCount, cols = p.Slot.PhysicalColumns;

        // G [cols, rows] from W_FP (= the programmed targets), nS, padded to whole column groups by repeating the last
        // column (VectorMaxima); per vector the largest input and the largest column current in nS x input units.
        int padded = VectorMaxima.PaddedColumns(cols);
        if (_conductances.Length < rows * padded)
        {
            _conductances = new float[rows * padded];
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

        for (int c = cols; c < padded; c++)
        {
            _conductances.AsSpan((cols - 1) * rows, rows).CopyTo(_conductances.AsSpan(c * rows, rows));
        }

        if (_vectorCurrent.Length < v)
        {
            _vectorCurrent = new float[v];
        }

        Span<float> xv = q.AsSpan(0, v);
        Span<float> av = _vectorCurrent.AsSpan(0, v);
        VectorMaxima.Compute(_conductances.AsSpan(0, rows * padded), rows, cols, xs, v, xv, av);
        float xMax = v > 0 ? TensorPrimitives.Max(xv) : 0f;
        float fallback = FixedScale(float.IsNaN(callMax) ? xMax : callMax);
        if (!(xMax > 0))
        {
            Array.Fill(q, fallback, 0, v);
            return q;
        }

        double fullScaleNa = chip.LsbNanoamps * 255.0;
        // I (nA) = copies * V * sum_r G (nS) * (x / q) / 256  ->  q = copies * V * A / (256 * I_target)
        float perCurrent = (float)(p.Copies * chip.ReadVolts / (256.0 * CurrentTarget * fullScaleNa));
        float clip = ClipQuantile >= 1 ? xMax : Quantile(xs, xMax, ClipQuantile);
        if (!PerVectorScale)
        {
            float aMax = TensorPrimitives.Max(av);
            Array.Fill(q, Math.Max(perCurrent * aMax, clip / 255f), 0, v);
            return q;
        }

        int codeMax = BlockCodeMax(xv, av, perCurrent, AboveTarget);
        LastCodeMax = codeMax;
        for (int vec = 0; vec < v; vec++)
        {
            xv[vec] = InputCodes.VectorScale(xv[vec], codeMax, fallback);
        }

        return q;
    }

    /// <summary>The one scale of a call whose largest input is <paramref name="largest"/>: that input at code 255 (1 when no input is positive).</summary>
    private static float FixedScale(float largest) => largest > 0 ? largest / 255f : 1f;

    /// <summary>
    /// The block's code max for vectors with largest inputs <paramref name="vectorMax"/> and largest predicted column
    /// currents <paramref name="vectorCurrent"/> (any consistent unit). Each vector's own code is the largest at which its
    /// largest column current stays at the target, floor(vectorMax_v / (<paramref name="scalePerCurrent"/> x vectorCurrent_v))
    /// (255 when it draws no current); the block's code max is the largest code that at most <paramref name="aboveTarget"/>
    /// of the vectors (a fraction, 0 = none) would drive past the target, within 1..255. <paramref name="scalePerCurrent"/>
    /// is the input scale that puts a current of 1 at the target (copies V / (256 target full scale)).
    /// </summary>
    public static int BlockCodeMax(ReadOnlySpan<float> vectorMax, ReadOnlySpan<float> vectorCurrent, double scalePerCurrent, double aboveTarget = 0)
    {
        if (Math.Clamp(aboveTarget, 0, 1) * vectorMax.Length < 1)
        {
            // no vector may pass the target: the code max is the smallest own code, floor(min_v own_v) (floor is monotone)
            double least = VectorCodeBounds.SmallestRatio(vectorMax, vectorCurrent, scalePerCurrent);
            return least >= InputCodes.MaxCode ? InputCodes.MaxCode : Math.Max(1, (int)Math.Floor(least));
        }

        Span<int> vectorsAtCode = stackalloc int[InputCodes.MaxCode + 1];
        int counted = 0;
        for (int vec = 0; vec < vectorMax.Length; vec++)
        {
            if (VectorCodeBounds.TryRatio(vectorMax[vec], vectorCurrent[vec], scalePerCurrent, out double ratio))
            {
                double own = Math.Floor(ratio);
                vectorsAtCode[own >= InputCodes.MaxCode ? InputCodes.MaxCode : (int)own]++;
                counted++;
            }
        }

        // the largest code c with at most `allowed` vectors whose own code is below c
        long allowed = (long)Math.Floor(Math.Clamp(aboveTarget, 0, 1) * counted);
        long below = 0;
        int code = 0;
        while (code < InputCodes.MaxCode && below + vectorsAtCode[code] <= allowed)
        {
            below += vectorsAtCode[code];
            code++;
        }

        return Math.Max(1, code);
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

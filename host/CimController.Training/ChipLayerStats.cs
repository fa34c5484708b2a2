using System;

namespace CimController.Training;

/// <summary>
/// Chip-vs-software agreement of one crossbar layer, accumulated over forward passes (<see cref="ChipSession.Stats"/>):
/// the fraction of column ADC codes at full scale (255: the column current reached the ADC range, the output is clipped)
/// and at 0, and the chip output z_chip against z_ref = W_FP^T x of the same (unquantised) inputs: relative rms error
/// rms(z_chip - z_ref) / rms(z_ref) and the correlation.
/// </summary>
public sealed class ChipLayerStats
{
    private double _e2, _r2, _c2, _cr, _c, _r;

    /// <summary>Column conversions counted.</summary>
    public long Conversions { get; private set; }

    /// <summary>Conversions at the top code (clipped).</summary>
    public long High { get; private set; }

    /// <summary>Conversions at code 0.</summary>
    public long Low { get; private set; }

    /// <summary>Outputs compared.</summary>
    public long Outputs { get; private set; }

    /// <summary>Fraction of conversions at the top code.</summary>
    public double HighFraction => Conversions > 0 ? High / (double)Conversions : 0;

    /// <summary>Fraction of conversions at code 0.</summary>
    public double LowFraction => Conversions > 0 ? Low / (double)Conversions : 0;

    /// <summary>rms(z_chip - z_ref) / rms(z_ref).</summary>
    public double RelativeRmsError => _r2 > 0 ? Math.Sqrt(_e2 / _r2) : double.NaN;

    /// <summary>Pearson correlation of z_chip and z_ref.</summary>
    public double Correlation
    {
        get
        {
            double n = Outputs;
            if (n < 2)
            {
                return double.NaN;
            }

            double cov = (_cr / n) - ((_c / n) * (_r / n));
            double vc = (_c2 / n) - ((_c / n) * (_c / n));
            double vr = (_r2 / n) - ((_r / n) * (_r / n));
            return cov / Math.Sqrt(Math.Max(vc * vr, 1e-30));
        }
    }

    /// <summary>Counts the codes of one Vmm reply.</summary>
    public void CountCodes(ReadOnlySpan<byte> codes, int count)
    {
        int high = 0, low = 0;
        foreach (byte c in codes[..count])
        {
            if (c == 255)
            {
                high++;
            }
            else if (c == 0)
            {
                low++;
            }
        }

        High += high;
        Low += low;
        Conversions += count;
    }

    /// <summary>Accumulates one layer output against its software reference.</summary>
    public void Compare(ReadOnlySpan<float> chip, ReadOnlySpan<float> reference)
    {
        for (int i = 0; i < chip.Length; i++)
        {
            double c = chip[i], r = reference[i];
            _e2 += (c - r) * (c - r);
            _r2 += r * r;
            _c2 += c * c;
            _cr += c * r;
            _c += c;
            _r += r;
        }

        Outputs += chip.Length;
    }

    /// <summary>One line: clipped %, zero %, relative rms error, correlation.</summary>
    public override string ToString() =>
        $"adc@255 {HighFraction:P2}, adc@0 {LowFraction:P2}, rel.rms err {RelativeRmsError:0.000}, corr {Correlation:0.0000}";
}

using System;

namespace CimController.Learning.Mapping;

/// <summary>
/// The programmable conductance window of one device, [<see cref="MinSiemens"/>, <see cref="MaxSiemens"/>], and its
/// number of levels. With n &gt;= 2 levels, level l (0..n-1) is G_l = Gmin + l (Gmax - Gmin) / (n - 1); n = 0 means
/// continuous (no quantisation). Conductance from a read current: G = I / V_read.
/// </summary>
/// <param name="MinSiemens">Gmin in siemens.</param>
/// <param name="MaxSiemens">Gmax in siemens.</param>
/// <param name="Levels">Number of levels n (0 = continuous).</param>
public sealed record ConductanceRange(double MinSiemens, double MaxSiemens, int Levels)
{
    /// <summary>
    /// Wu 2023 on-chip training: 2-bit granularity (4 levels), 4x on/off, 0.82-3.29 uA at the 0.1 V read voltage,
    /// i.e. 8.2-32.9 uS.
    /// </summary>
    public static ConductanceRange WuTraining2Bit => FromCurrents(0.82e-6, 3.29e-6, 0.1, 4);

    /// <summary>Wu 2023 16-level demo (Fig. 2g): 2.3-9.4 uA at 0.3 V, i.e. 7.6-31.3 uS.</summary>
    public static ConductanceRange WuLevels16 => new(7.6e-6, 31.3e-6, 16);

    /// <summary>The range whose ends read <paramref name="minAmperes"/> and <paramref name="maxAmperes"/> at <paramref name="readVolts"/>: G = I / V.</summary>
    public static ConductanceRange FromCurrents(double minAmperes, double maxAmperes, double readVolts, int levels) =>
        new(minAmperes / readVolts, maxAmperes / readVolts, levels);

    /// <summary>Gmax - Gmin.</summary>
    public double Width => MaxSiemens - MinSiemens;

    /// <summary>Separation of adjacent levels, (Gmax - Gmin) / (n - 1); 0 when continuous.</summary>
    public double LevelStep => Levels >= 2 ? Width / (Levels - 1) : 0;

    /// <summary>Throws unless 0 &lt;= Gmin &lt; Gmax and n is 0 or &gt;= 2.</summary>
    public void Validate()
    {
        if (!(MinSiemens >= 0) || !(MaxSiemens > MinSiemens) || Levels == 1 || Levels < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Levels), $"invalid range {this}");
        }
    }

    /// <summary>Clamps <paramref name="siemens"/> to the window and, with levels, rounds to the nearest level.</summary>
    public double Quantize(double siemens)
    {
        double g = Math.Clamp(siemens, MinSiemens, MaxSiemens);
        if (Levels < 2)
        {
            return g;
        }

        return MinSiemens + (LevelOf(g) * LevelStep);
    }

    /// <summary>Nearest level index l = round((G - Gmin) / step), clamped to 0..n-1.</summary>
    public int LevelOf(double siemens)
    {
        if (Levels < 2)
        {
            throw new InvalidOperationException("a continuous range has no levels");
        }

        return (int)Math.Clamp(Math.Round((siemens - MinSiemens) / LevelStep, MidpointRounding.AwayFromZero), 0, Levels - 1);
    }

    /// <summary>Conductance of level <paramref name="level"/>.</summary>
    public double LevelConductance(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, Math.Max(Levels, 1));
        return MinSiemens + (level * LevelStep);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{MinSiemens * 1e6:0.###}-{MaxSiemens * 1e6:0.###} uS, {(Levels == 0 ? "continuous" : Levels + " levels")}";
}

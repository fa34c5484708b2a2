using System;

namespace CimController.Learning.Mapping;

/// <summary>
/// A column ADC: a bit-line current I in [0, FullScale] becomes the code d = clamp(round(I / LSB), 0, 2^bits - 1) with
/// LSB = FullScale / (2^bits - 1), and reads back as d x LSB. Wu 2023 Table 1: 8 bits over 0-70 uA, so
/// LSB = 70 uA / 255 = 0.2745 uA.
/// </summary>
/// <param name="FullScaleAmperes">Current of the top code.</param>
/// <param name="Bits">Resolution.</param>
public sealed record AdcConverter(double FullScaleAmperes, int Bits = 8)
{
    /// <summary>Wu 2023 Table 1's ADC: 8 bits, 0-70 uA.</summary>
    public static AdcConverter WuSimulation => new(70e-6, 8);

    /// <summary>Largest code, 2^bits - 1.</summary>
    public int MaxCode => (1 << Bits) - 1;

    /// <summary>Current of one code step: FullScale / (2^bits - 1).</summary>
    public double Lsb => FullScaleAmperes / MaxCode;

    /// <summary>Code of a current (clipped to the range).</summary>
    public int Encode(double amperes)
    {
        double c = Math.Round(amperes / Lsb, MidpointRounding.AwayFromZero);
        return c <= 0 || double.IsNaN(c) ? 0 : c >= MaxCode ? MaxCode : (int)c;
    }

    /// <summary>Current of a code: code x LSB.</summary>
    public double Decode(int code) => code * Lsb;
}

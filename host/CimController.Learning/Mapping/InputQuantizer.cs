using System;

namespace CimController.Learning.Mapping;

/// <summary>
/// The row DACs' input quantisation (Wu 2023: 8-bit DACs, inputs applied bit-serially as eight 1-bit pulses of the
/// read voltage). A value x becomes the code c = clamp(round(x / Scale), 0, 2^bits - 1); a code reads back as
/// x' = c Scale. For 0 &lt;= x &lt;= (2^bits - 1) Scale the error |x - x'| is at most Scale / 2; larger values clip to the
/// top code and negative values to 0 (bit-serial pulses carry no sign; inputs are pixels or post-ReLU activations).
/// </summary>
/// <param name="Scale">Value of one code step (LSB).</param>
/// <param name="Bits">DAC resolution (8 on the Wu 2023 SoC).</param>
public sealed record InputQuantizer(float Scale, int Bits = 8)
{
    /// <summary>Largest code, 2^bits - 1 (255 for 8 bits).</summary>
    public int MaxCode => (1 << Bits) - 1;

    /// <summary>A quantiser whose top code is <paramref name="maxValue"/>: Scale = maxValue / (2^bits - 1).</summary>
    public static InputQuantizer ForRange(float maxValue, int bits = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 16);
        return new InputQuantizer(maxValue > 0 ? maxValue / ((1 << bits) - 1) : 1f, bits);
    }

    /// <summary>A quantiser scaled to the largest value in <paramref name="values"/>.</summary>
    public static InputQuantizer ForData(ReadOnlySpan<float> values, int bits = 8) =>
        ForRange(values.IsEmpty ? 0f : System.Numerics.Tensors.TensorPrimitives.Max(values), bits);

    /// <summary>DAC code of <paramref name="value"/>.</summary>
    public int Encode(float value)
    {
        float c = MathF.Round(value / Scale, MidpointRounding.AwayFromZero);
        return c <= 0f || float.IsNaN(c) ? 0 : c >= MaxCode ? MaxCode : (int)c;
    }

    /// <summary>Value of <paramref name="code"/>: code x Scale.</summary>
    public float Decode(int code) => code * Scale;

    /// <summary>Encodes every value of <paramref name="values"/> into <paramref name="codes"/>.</summary>
    public void Encode(ReadOnlySpan<float> values, Span<int> codes)
    {
        for (int i = 0; i < values.Length; i++)
        {
            codes[i] = Encode(values[i]);
        }
    }

    /// <summary>
    /// Effective analog input of a code under Wu 2023's bit-serial scheme, as a fraction of the read voltage:
    /// eq. (1) weights the pulse of bit n (n = 1 LSB .. 8 MSB) by 2^(n-9), so code c acts as c / 2^bits.
    /// </summary>
    public double BitSerialFraction(int code) => code / (double)(1 << Bits);
}

using System;
using System.Numerics;

namespace CimController.Emulator
{
    /// <summary>
    /// The per-column TIA + binary-weighted multi-cycle sampling ADC of a tile (Wu 2023 Sec. 2.3 and
    /// "Bit-serial DAC and ADC"; Table 1: 8 bits over 0-70 uA, LSB = 70 uA / 255 = 0.2745 uA).
    /// code = clamp(floor((I + n) / LSB + 0.5), 0, 2^bits - 1), with n the Gaussian noise of one conversion:
    /// variance sigma_adc^2 + sigma_read^2 * sum_r (x_r / 256)^2 (SPI-REGISTER-MAP.md, "The MAC").
    /// </summary>
    internal sealed class ColumnAdc
    {
        public ColumnAdc(DeviceProfile profile, bool noise)
        {
            Bits = profile.AdcBits;
            MaxCode = (1 << Bits) - 1;
            LsbMicroamps = profile.AdcLsbMicroamps;
            AdcNoiseMicroamps = noise ? profile.AdcNoiseMicroamps : 0;
            ReadNoiseMicroamps = noise ? profile.ReadNoiseMicroamps : 0;
        }

        public int Bits { get; }
        public int MaxCode { get; }
        public double LsbMicroamps { get; }
        /// <summary>sigma_adc in uA, 0 with noise off (Table 1: 0.549 uA).</summary>
        public double AdcNoiseMicroamps { get; }
        /// <summary>sigma_read at full input in uA, 0 with noise off (Table 1: 0.12 uA).</summary>
        public double ReadNoiseMicroamps { get; }
        public bool IsNoisy => AdcNoiseMicroamps > 0 || ReadNoiseMicroamps > 0;

        /// <summary>Cycles of one tile operation: each ADC converts its columns one after another,
        /// 9 cycles per conversion (Wu 2023), so 9 x min(colCount, columnsPerAdc).</summary>
        public static int CyclesPerTileOp(int colCount, int columnsPerAdc) =>
            BoardConstants.CyclesPerConversion * Math.Min(colCount, columnsPerAdc);

        /// <summary>LSB codes per unit of sum_r G[r][c] (uS) * x_r: V_read / (256 * LSB).</summary>
        public float CodeScale(double readVolts) => (float)(readVolts / (256.0 * LsbMicroamps));

        /// <summary>Noise standard deviation of one MAC conversion in LSB, given sum_r x_r^2 of the input vector.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public float NoiseLsb(long sumOfSquaredInputs)
        {
            double variance = AdcNoiseMicroamps * AdcNoiseMicroamps
                + ReadNoiseMicroamps * ReadNoiseMicroamps * (sumOfSquaredInputs / 65536.0);
            return (float)(Math.Sqrt(variance) / LsbMicroamps);
        }

        /// <summary>Code of one conversion of a current given in uA (noise already included).</summary>
        public int Convert(double microamps)
        {
            double code = Math.Floor(microamps / LsbMicroamps + 0.5);
            return (int)Math.Clamp(code, 0, MaxCode);
        }

        /// <summary>
        /// Converts column sums whose noise (in LSB, already times sigma) is given per value:
        /// code_i = clamp(floor(acc_i * scale + 0.5 + noise_i)), i.e. floor(acc_i * scale + 0.5 + normal_i * sigma) with the
        /// normal already scaled by the vector's sigma (<see cref="NormalStream.Fill(Span{float}, float)"/>). Works on any
        /// number of values, so that a MAC converts many vectors of a narrow window in one SIMD pass.
        /// <paramref name="noiseLsb"/> may be empty (no noise).
        /// </summary>
        public void Convert(ReadOnlySpan<float> sums, ReadOnlySpan<float> noiseLsb, float scale, Span<byte> codes)
        {
            int n = sums.Length;
            int w = Vector<float>.Count;
            bool noisy = !noiseLsb.IsEmpty;
            var vScale = new Vector<float>(scale);
            var vMax = new Vector<float>(MaxCode);
            int c = 0;
            for (; c + 4 * w <= n; c += 4 * w)
            {
                Vector<uint> u0 = Quantise(sums, noiseLsb, noisy, c, vScale, vMax);
                Vector<uint> u1 = Quantise(sums, noiseLsb, noisy, c + w, vScale, vMax);
                Vector<uint> u2 = Quantise(sums, noiseLsb, noisy, c + 2 * w, vScale, vMax);
                Vector<uint> u3 = Quantise(sums, noiseLsb, noisy, c + 3 * w, vScale, vMax);
                Vector<byte> bytes = Vector.Narrow(Vector.Narrow(u0, u1), Vector.Narrow(u2, u3));
                bytes.CopyTo(codes.Slice(c));
            }
            for (; c < n; c++)
            {
                float z = sums[c] * scale + 0.5f;
                if (noisy) z += noiseLsb[c];
                codes[c] = (byte)Math.Clamp(MathF.Floor(z), 0f, MaxCode);
            }
        }

        private static Vector<uint> Quantise(ReadOnlySpan<float> sums, ReadOnlySpan<float> noise, bool noisy, int c,
            Vector<float> scale, Vector<float> max)
        {
            Vector<float> z = new Vector<float>(sums.Slice(c)) * scale + new Vector<float>(0.5f);
            if (noisy) z += new Vector<float>(noise.Slice(c));
            z = Vector.Min(Vector.Max(z, Vector<float>.Zero), max);
            return Vector.ConvertToUInt32(z); // truncation of a non-negative value = floor
        }
    }
}

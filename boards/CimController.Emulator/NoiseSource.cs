using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CimController.Emulator
{
    /// <summary>
    /// Seeded Gaussian noise for the MAC and cell reads (SPI-REGISTER-MAP.md, "The MAC, as the chip computes it").
    /// <para>
    /// Method: a table of 65536 standard normal values at the stratified quantiles
    /// z_i = Phi^-1((i + 0.5) / 65536) (computed once by integrating the normal density), rescaled to unit
    /// variance, and indexed by 16-bit slices of a seeded SplitMix64 stream (four draws per 64-bit word).
    /// Why this is adequate here: every draw has mean exactly 0 (the table is symmetric) and variance exactly 1;
    /// the distribution equals the normal one up to a quantile step of 1/65536 = 1.5e-5 in probability (kurtosis
    /// 2.999), and is only truncated beyond |z| = 4.33 (probability 1.5e-5), far in the tails of a noise that is
    /// 2 ADC LSB wide and is rounded to whole codes anyway (tests/CimController.Emulator.Tests NoiseTests check
    /// the moments, quantiles, correlations and the MAC noise against the map's formula). Draws are independent as far as SplitMix64's output is. A table
    /// lookup costs about one nanosecond, which the 64 draws per tile operation of a 2-million-ops/s MAC need
    /// (a Box-Muller or ziggurat sampler costs several times more).
    /// </para>
    /// <para>
    /// Reproducibility: the board's generator hands each command a 64-bit key in order; a MAC derives the
    /// stream of input vector v from (key, v), so results do not depend on how vectors are spread over threads.
    /// </para>
    /// </summary>
    internal sealed class NoiseSource
    {
        /// <summary>Table size: 2^16 entries (256 KB of floats, resident in L2; a lookup costs about 1 ns).</summary>
        private const int TableBits = 16;
        private static readonly Lazy<float[]> LazyTable = new Lazy<float[]>(BuildTable);

        private SplitMix64 keys;

        public NoiseSource(int seed)
        {
            keys = new SplitMix64(SplitMix64.Mix(0x4E6F697365UL ^ (ulong)(uint)seed));
        }

        /// <summary>The standard-normal table shared by all streams.</summary>
        internal static float[] Table => LazyTable.Value;

        /// <summary>The position of the command-key generator (saved and restored by the board's state file).</summary>
        public ulong KeyState
        {
            get => keys.State;
            set => keys = new SplitMix64(value);
        }

        /// <summary>Key of the next noisy command; advances the board's noise state.</summary>
        public ulong NextCommandKey() => keys.Next();

        /// <summary>Independent stream number <paramref name="index"/> under a command key.</summary>
        public static NormalStream Stream(ulong commandKey, long index) =>
            new NormalStream(SplitMix64.Mix(commandKey ^ SplitMix64.Mix((ulong)index + 0x632BE59BD9B4E019UL)));

        /// <summary>Stratified normal quantiles, symmetric, rescaled to unit variance.</summary>
        private static float[] BuildTable()
        {
            int n = 1 << TableBits;
            int half = n / 2;
            var z = new double[n];
            // Cumulative normal distribution on a grid from -9 to 0 by Simpson's rule per step; targets
            // p_i = (i + 0.5) / n for the lower half are found by linear interpolation within a step.
            const double h = 1.0 / 4096;
            double norm = 1.0 / Math.Sqrt(2 * Math.PI);
            double x = -9.0, cdf = 0.0;
            int i = 0;
            while (i < half && x < 0)
            {
                double x1 = x + h;
                double step = h / 6 * norm * (Math.Exp(-0.5 * x * x) + 4 * Math.Exp(-0.5 * (x + h / 2) * (x + h / 2)) + Math.Exp(-0.5 * x1 * x1));
                double cdf1 = cdf + step;
                while (i < half && (i + 0.5) / n <= cdf1)
                {
                    double p = (i + 0.5) / n;
                    z[i] = x + h * (p - cdf) / step;
                    i++;
                }
                x = x1;
                cdf = cdf1;
            }
            for (; i < half; i++) z[i] = 0; // not reached: the CDF reaches 0.5 at x = 0
            double sumSquares = 0;
            for (int k = 0; k < half; k++)
            {
                z[n - 1 - k] = -z[k];
                sumSquares += 2 * z[k] * z[k];
            }
            double scale = 1.0 / Math.Sqrt(sumSquares / n);
            var table = new float[n];
            for (int k = 0; k < n; k++) table[k] = (float)(z[k] * scale);
            return table;
        }
    }

    /// <summary>A stream of standard normal draws (see <see cref="NoiseSource"/>).</summary>
    internal struct NormalStream
    {
        private SplitMix64 bits;

        public NormalStream(ulong seed) { bits = new SplitMix64(seed); }

        /// <summary>The stream's position: <c>new NormalStream(State)</c> continues with the same draws.</summary>
        public ulong State => bits.State;

        /// <summary>One standard normal draw.</summary>
        public float Next() => NoiseSource.Table[(int)(bits.Next() >> 48)];

        /// <summary>A uniform 16-bit index (0..65535), the position of one draw in the table.</summary>
        public int NextIndex16() => (int)(bits.Next() >> 48);

        /// <summary>Fills <paramref name="destination"/> with standard normal draws times <paramref name="sigma"/>
        /// (each draw multiplied once, in float), four draws per 64 random bits: the same draws as <see cref="Fill(Span{float})"/>.</summary>
        public void Fill(Span<float> destination, float sigma)
        {
            // Indices are 16-bit slices, always inside the 65536-entry table.
            ref float table = ref MemoryMarshal.GetArrayDataReference(NoiseSource.Table);
            ref float d = ref MemoryMarshal.GetReference(destination);
            int n = destination.Length;
            int i = 0;
            for (; i + 4 <= n; i += 4)
            {
                ulong r = bits.Next();
                Unsafe.Add(ref d, i) = Unsafe.Add(ref table, (int)(r & 0xFFFF)) * sigma;
                Unsafe.Add(ref d, i + 1) = Unsafe.Add(ref table, (int)((r >> 16) & 0xFFFF)) * sigma;
                Unsafe.Add(ref d, i + 2) = Unsafe.Add(ref table, (int)((r >> 32) & 0xFFFF)) * sigma;
                Unsafe.Add(ref d, i + 3) = Unsafe.Add(ref table, (int)(r >> 48)) * sigma;
            }
            if (i < n)
            {
                ulong r = bits.Next();
                for (; i < n; i++, r >>= 16)
                    Unsafe.Add(ref d, i) = Unsafe.Add(ref table, (int)(r & 0xFFFF)) * sigma;
            }
        }

        /// <summary>Fills <paramref name="destination"/> with standard normal draws, four per 64 random bits.</summary>
        public void Fill(Span<float> destination)
        {
            float[] table = NoiseSource.Table;
            int i = 0;
            for (; i + 4 <= destination.Length; i += 4)
            {
                ulong r = bits.Next();
                destination[i] = table[(int)(r & 0xFFFF)];
                destination[i + 1] = table[(int)((r >> 16) & 0xFFFF)];
                destination[i + 2] = table[(int)((r >> 32) & 0xFFFF)];
                destination[i + 3] = table[(int)(r >> 48)];
            }
            if (i < destination.Length)
            {
                ulong r = bits.Next();
                for (; i < destination.Length; i++, r >>= 16)
                    destination[i] = table[(int)(r & 0xFFFF)];
            }
        }
    }
}

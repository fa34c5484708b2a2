using System;

namespace CimController.Host
{
    /// <summary>
    /// How far a chip VMM is from the exact matrix product of the same inputs with the cells' conductances
    /// as read back: expected code = V_read * sum_r G[r][c] x_r / 256 / LSB (boards/SPI-REGISTER-MAP.md,
    /// "The MAC, as the chip computes it"). Clipped outputs (expected above full scale) are counted apart.
    /// </summary>
    public sealed class VmmAccuracy
    {
        private VmmAccuracy(int compared, int clipped, double meanError, double rmsError, double maxAbsError)
        {
            Compared = compared;
            Clipped = clipped;
            MeanErrorLsb = meanError;
            RmsErrorLsb = rmsError;
            MaxAbsErrorLsb = maxAbsError;
        }

        /// <summary>Outputs compared (not clipped).</summary>
        public int Compared { get; }

        /// <summary>Outputs whose exact value lies above the ADC's full scale.</summary>
        public int Clipped { get; }

        /// <summary>Mean of measured - expected, in LSB.</summary>
        public double MeanErrorLsb { get; }

        /// <summary>Root mean square of measured - expected, in LSB.</summary>
        public double RmsErrorLsb { get; }

        /// <summary>Largest |measured - expected|, in LSB.</summary>
        public double MaxAbsErrorLsb { get; }

        /// <summary>Exact (unquantised) output codes for <paramref name="inputs"/> (vector-major, rows codes each) through
        /// <paramref name="conductancesMicrosiemens"/> (row-major rows x cols).</summary>
        public static double[] ExpectedCodes(byte[] inputs, int vectors, int rows, float[] conductancesMicrosiemens, int cols, double readVolts, double lsbMicroamps)
        {
            if (inputs.Length < vectors * rows || conductancesMicrosiemens.Length < rows * cols)
            {
                throw new ArgumentException("inputs need vectors*rows codes and conductances rows*cols values");
            }
            var expected = new double[vectors * cols];
            for (int v = 0; v < vectors; v++)
            {
                for (int r = 0; r < rows; r++)
                {
                    double x = inputs[v * rows + r] / 256.0;
                    if (x == 0) continue;
                    for (int c = 0; c < cols; c++)
                    {
                        expected[v * cols + c] += conductancesMicrosiemens[r * cols + c] * readVolts * x;
                    }
                }
            }
            for (int i = 0; i < expected.Length; i++) expected[i] /= lsbMicroamps;
            return expected;
        }

        /// <summary>Compares measured codes with the exact product.</summary>
        public static VmmAccuracy Compare(byte[] codes, double[] expectedCodes, int fullScaleCode)
        {
            return Compare(i => codes[i], expectedCodes, fullScaleCode);
        }

        /// <summary>Compares a result with the exact product: its codes, or with several conversions the mean code (sum / conversions, unrounded).</summary>
        public static VmmAccuracy Compare(VmmResult result, double[] expectedCodes, int fullScaleCode)
        {
            ArgumentNullException.ThrowIfNull(result);
            if (result.CodeSums is ushort[] sums)
            {
                double n = result.Conversions;
                return Compare(i => sums[i] / n, expectedCodes, fullScaleCode);
            }
            byte[] codes = result.Codes;
            return Compare(i => codes[i], expectedCodes, fullScaleCode);
        }

        private static VmmAccuracy Compare(Func<int, double> measured, double[] expectedCodes, int fullScaleCode)
        {
            int n = 0, clipped = 0;
            double sum = 0, sumSq = 0, max = 0;
            for (int i = 0; i < expectedCodes.Length; i++)
            {
                if (expectedCodes[i] > fullScaleCode - 0.5)
                {
                    clipped++;
                    continue;
                }
                double e = measured(i) - expectedCodes[i];
                n++;
                sum += e;
                sumSq += e * e;
                max = Math.Max(max, Math.Abs(e));
            }
            return n == 0
                ? new VmmAccuracy(0, clipped, 0, 0, 0)
                : new VmmAccuracy(n, clipped, sum / n, Math.Sqrt(sumSq / n), max);
        }
    }
}

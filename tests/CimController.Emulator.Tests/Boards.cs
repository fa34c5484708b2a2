using System;
using CimController.Emulator;

namespace CimController.Emulator.Tests
{
    /// <summary>Board factories shared by the tests.</summary>
    internal static class Boards
    {
        public static BoardEmulator Ideal(int rows = 64, int cols = 64, int seed = 7, int tiles = 4) =>
            new BoardEmulator(new EmulatorOptions { Rows = rows, Columns = cols, Tiles = tiles, ProfileName = "ideal", Seed = seed, Noise = false });

        /// <summary>The Wu 2023 Table 1 settings (profile brram-table1, no drift), whose figures the MAC and noise tests check.</summary>
        public static BoardEmulator Brram(int seed, int rows = 64, int cols = 64, bool noise = true) =>
            new BoardEmulator(new EmulatorOptions { Rows = rows, Columns = cols, ProfileName = "brram-table1", Seed = seed, Noise = noise });

        /// <summary>Seeded random row DAC codes.</summary>
        public static byte[] RandomInputs(int length, int seed)
        {
            var random = new Random(seed);
            var data = new byte[length];
            random.NextBytes(data);
            return data;
        }

        /// <summary>Seeded random conductances within [lo, hi] uS.</summary>
        public static float[] RandomTile(int rows, int cols, int seed, double lo = 10, double hi = 70)
        {
            var random = new Random(seed);
            var g = new float[rows * cols];
            for (int i = 0; i < g.Length; i++) g[i] = (float)(lo + (hi - lo) * random.NextDouble());
            return g;
        }

        /// <summary>Exact I_c / LSB = V_read * sum_r G[r][c] x_r / 256 / LSB in double precision.</summary>
        public static double IdealCode(float[] tile, int tileCols, int rowStart, int colIndex, byte[] inputs, int inputOffset, int rowCount,
            double readVolts, double lsbMicroamps)
        {
            double sum = 0;
            for (int r = 0; r < rowCount; r++)
                sum += (double)tile[(rowStart + r) * tileCols + colIndex] * inputs[inputOffset + r];
            return readVolts * sum / 256.0 / lsbMicroamps;
        }
    }
}

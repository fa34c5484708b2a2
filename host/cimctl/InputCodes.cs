using System;
using System.Globalization;

namespace CimController.Cli
{
    /// <summary>Input vectors for <c>vmm</c>: explicit 8-bit codes (<c>--input 0,12,255,...</c>) or seeded random ones (<c>--random N</c>).</summary>
    public static class InputCodes
    {
        /// <summary>Parses comma-separated codes 0..255; their count must be a multiple of <paramref name="rows"/> (one vector per <paramref name="rows"/> codes).</summary>
        public static byte[] Parse(string text, int rows)
        {
            string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
            var codes = new byte[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out codes[i]))
                {
                    throw new UsageException("--input code #" + (i + 1) + " '" + parts[i] + "' is not an integer 0..255; --input takes comma-separated row DAC codes 0..255, rows codes per vector");
                }
            }
            if (codes.Length % rows != 0)
            {
                throw new UsageException("--input has " + codes.Length + " codes, which is not a multiple of the " + rows + " rows in --rows; give " + rows + " codes per vector");
            }
            return codes;
        }

        /// <summary><paramref name="vectors"/> vectors of uniform random codes 0..<paramref name="maxCode"/> from <paramref name="seed"/>.</summary>
        public static byte[] Random(int vectors, int rows, int seed, int maxCode = 255)
        {
            var codes = new byte[(long)vectors * rows];
            var rng = new Random(seed);
            for (int i = 0; i < codes.Length; i++)
            {
                codes[i] = (byte)rng.Next(0, maxCode + 1);
            }
            return codes;
        }
    }
}

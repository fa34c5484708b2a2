using System;
using System.Collections.Generic;
using System.Globalization;

namespace CimController.Analysis
{
    /// <summary>
    /// Tick marks for <see cref="FigureAxis"/>: whole numbers only (epochs, bits, pulses), decades of a log axis, and named
    /// categories. A tick with an empty label is a minor tick.
    /// </summary>
    public static class AxisTicks
    {
        /// <summary>
        /// Whole-number ticks from <paramref name="min"/> to <paramref name="max"/> at a step of 1, 2, 5, 10, 20, 50, ...,
        /// the smallest that gives at most <paramref name="maxTicks"/> ticks.
        /// </summary>
        public static IReadOnlyList<Tick> Integers(double min, double max, int maxTicks = 15)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maxTicks, 2);
            long lo = (long)Math.Ceiling(Math.Min(min, max) - 1e-9), hi = (long)Math.Floor(Math.Max(min, max) + 1e-9);
            if (hi < lo)
            {
                hi = lo;
            }

            long step = 1;
            for (int k = 0; (hi - lo) / step + 1 > maxTicks; k++)
            {
                step = (k % 3) switch { 0 => 2, 1 => 5, _ => 10 } * (long)Math.Pow(10, k / 3);
            }

            var ticks = new List<Tick>();
            long first = (long)Math.Ceiling(lo / (double)step) * step;
            for (long v = first; v <= hi; v += step)
            {
                ticks.Add(new Tick(v, v.ToString(CultureInfo.InvariantCulture)));
            }

            return ticks;
        }

        /// <summary>
        /// Ticks of a log axis covering <paramref name="minValue"/>..<paramref name="maxValue"/> (both &gt; 0), in data units:
        /// labelled at 1, 2 and 5 x 10^k when the range spans at most three decades, else at the decades only; the other
        /// integer multiples of 10^k are minor ticks.
        /// </summary>
        public static IReadOnlyList<Tick> Log(double minValue, double maxValue)
        {
            if (!(minValue > 0) || !(maxValue > 0) || !double.IsFinite(minValue) || !double.IsFinite(maxValue))
            {
                throw new ArgumentOutOfRangeException(nameof(minValue), "a log axis needs finite values > 0, got " + minValue + ".." + maxValue);
            }

            double lo = Math.Min(minValue, maxValue), hi = Math.Max(minValue, maxValue);
            int k0 = (int)Math.Floor(Math.Log10(lo)), k1 = (int)Math.Ceiling(Math.Log10(hi));
            if (k1 == k0)
            {
                k1++;
            }

            bool fine = k1 - k0 <= 3;
            var ticks = new List<Tick>();
            for (int k = k0; k <= k1; k++)
            {
                for (int m = 1; m <= 9; m++)
                {
                    double v = m * Math.Pow(10, k);
                    if (v < Math.Pow(10, k0) * 0.999 || v > Math.Pow(10, k1) * 1.001)
                    {
                        continue;
                    }

                    bool major = m == 1 || (fine && (m == 2 || m == 5));
                    ticks.Add(new Tick(v, major ? LogLabel(m, k) : ""));
                }
            }

            return ticks;
        }

        /// <summary>Ticks at <paramref name="first"/>, <paramref name="first"/> + 1, ... labelled with the category names.</summary>
        public static IReadOnlyList<Tick> Categories(IReadOnlyList<string> names, int first = 0)
        {
            var ticks = new Tick[names.Count];
            for (int i = 0; i < names.Count; i++)
            {
                ticks[i] = new Tick(first + i, names[i]);
            }

            return ticks;
        }

        /// <summary>m x 10^k as plain digits from 0.001 to 9999, else as m×10ⁿ (superscript exponent).</summary>
        public static string LogLabel(int m, int k)
        {
            if (k >= -3 && k <= 3)
            {
                return (m * Math.Pow(10, k)).ToString("0.###", CultureInfo.InvariantCulture);
            }

            string power = "10" + Superscript(k);
            return m == 1 ? power : m.ToString(CultureInfo.InvariantCulture) + "×" + power;
        }

        private static string Superscript(int k)
        {
            const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
            string text = Math.Abs(k).ToString(CultureInfo.InvariantCulture);
            var chars = new char[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                chars[i] = digits[text[i] - '0'];
            }

            return (k < 0 ? "⁻" : "") + new string(chars);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;

namespace CimController.Cli.Commands
{
    /// <summary>The <c>--seeds</c> list of <c>cimctl sweep</c>: "1-5", "1,3,7" or a mix ("1-3,10").</summary>
    public static class SweepSeeds
    {
        /// <summary>Most seeds one sweep runs.</summary>
        public const int MaxSeeds = 1000;

        /// <summary>The seeds in the order given; throws <see cref="UsageException"/> naming the bad part and the accepted forms.</summary>
        public static IReadOnlyList<int> Parse(string? text)
        {
            const string Accepted = "give seeds as FIRST-LAST and/or a comma-separated list of whole numbers >= 0, e.g. 1-5 or 1,3,7 or 1-3,10";
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UsageException("--seeds is empty; " + Accepted);
            }

            var seeds = new List<int>();
            var seen = new HashSet<int>();
            foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
            {
                string[] ends = part.Split('-', StringSplitOptions.TrimEntries);
                if (ends.Length > 2 || !TryInt(ends[0], out int first) || !TryInt(ends[^1], out int last) || last < first)
                {
                    throw new UsageException("--seeds '" + part + "' is not valid; " + Accepted);
                }

                if ((long)seeds.Count + last - first + 1 > MaxSeeds)
                {
                    throw new UsageException("--seeds " + text + " gives more than " + MaxSeeds + " seeds; give fewer");
                }

                for (int s = first; s <= last && s >= first; s++)
                {
                    if (!seen.Add(s))
                    {
                        throw new UsageException("--seeds " + text + " names seed " + s + " twice; give each seed once");
                    }

                    seeds.Add(s);
                    if (s == int.MaxValue)
                    {
                        break;
                    }
                }
            }

            return seeds;
        }

        /// <summary>The seeds as compact text ("1-3,7").</summary>
        public static string Format(IReadOnlyList<int> seeds)
        {
            var parts = new List<string>();
            for (int i = 0; i < seeds.Count;)
            {
                int j = i;
                while (j + 1 < seeds.Count && seeds[j + 1] == seeds[j] + 1)
                {
                    j++;
                }

                parts.Add(j > i ? seeds[i].ToString(CultureInfo.InvariantCulture) + "-" + seeds[j].ToString(CultureInfo.InvariantCulture) : seeds[i].ToString(CultureInfo.InvariantCulture));
                i = j + 1;
            }

            return string.Join(",", parts);
        }

        private static bool TryInt(string s, out int value) =>
            int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}

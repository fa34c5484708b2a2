using System;
using System.Collections.Generic;
using System.Text;

namespace CimController.Analysis
{
    /// <summary>
    /// Title lines that fit the figure: each part starts a new line and is wrapped at word boundaries to at most
    /// <see cref="MaxLineChars"/> characters (about 600 px in the 16 px bold title font; the title is centred over the data
    /// area, which is narrower than the figure); a word longer than that (a path) is cut.
    /// </summary>
    public static class FigureTitle
    {
        /// <summary>Longest title line, characters.</summary>
        public const int MaxLineChars = 64;

        /// <summary>The title lines of <paramref name="parts"/> (empty parts are left out).</summary>
        public static IReadOnlyList<string> Lines(params string?[] parts)
        {
            var lines = new List<string>();
            foreach (string? part in parts)
            {
                if (string.IsNullOrWhiteSpace(part))
                {
                    continue;
                }

                var line = new StringBuilder();
                foreach (string word in part.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    string rest = word;
                    while (rest.Length > 0)
                    {
                        int room = MaxLineChars - line.Length - (line.Length > 0 ? 1 : 0);
                        if (rest.Length <= room)
                        {
                            line.Append(line.Length > 0 ? " " : "").Append(rest);
                            rest = "";
                        }
                        else if (line.Length > 0)
                        {
                            lines.Add(line.ToString());
                            line.Clear();
                        }
                        else
                        {
                            lines.Add(rest[..MaxLineChars]);
                            rest = rest[MaxLineChars..];
                        }
                    }
                }

                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                }
            }

            return lines;
        }
    }
}

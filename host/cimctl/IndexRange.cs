using System.Globalization;
using CimController.Experiments.WriteVerify;

namespace CimController.Cli
{
    /// <summary>A row or column range on the command line: <c>FIRST:END</c> with END exclusive (<c>0:64</c> is 64 lines), or a single index.</summary>
    public readonly record struct IndexRange(int First, int Count)
    {
        /// <summary>One past the last index.</summary>
        public int End => First + Count;

        /// <summary>Parses <paramref name="text"/> for option <paramref name="option"/>; throws <see cref="UsageException"/> naming the accepted form.</summary>
        public static IndexRange Parse(string option, string? text)
        {
            string accepted = option + " takes FIRST:END with END exclusive (e.g. 0:64) or a single index (e.g. 5)";
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UsageException(option + " is missing; " + accepted);
            }
            string[] parts = text.Split(':');
            if (parts.Length > 2 || !TryIndex(parts[0], out int first))
            {
                throw new UsageException(option + " '" + text + "' is not a range; " + accepted);
            }
            if (parts.Length == 1)
            {
                return new IndexRange(first, 1);
            }
            if (!TryIndex(parts[1], out int end))
            {
                throw new UsageException(option + " '" + text + "' is not a range; " + accepted);
            }
            if (end <= first)
            {
                throw new UsageException(option + " '" + text + "' is empty: END must be greater than FIRST; " + accepted);
            }
            return new IndexRange(first, end - first);
        }

        /// <inheritdoc />
        public override string ToString()
        {
            return CellRegion.RangeText(First, Count);
        }

        private static bool TryIndex(string s, out int value)
        {
            return int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= 0xFFFF;
        }
    }
}

using System.Globalization;

namespace CimController.Experiments
{
    /// <summary>Numbers as invariant text in results, labels and messages.</summary>
    public static class NumberText
    {
        /// <summary><paramref name="v"/> in <paramref name="format"/> (default up to three decimals), invariant culture.</summary>
        public static string N(double v, string format = "0.###") => v.ToString(format, CultureInfo.InvariantCulture);
    }
}

namespace CimController.Analysis
{
    /// <summary>The figures' colours as #RRGGBB: the Category10 palette (matplotlib's default), grey and black.</summary>
    public static class FigureColours
    {
        /// <summary>Category10: blue, orange, green, red, purple, brown, pink, grey, olive, cyan.</summary>
        public static readonly string[] Category10 =
        {
            "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        };

        /// <summary>Grey, for references (software baselines).</summary>
        public const string Grey = "#7f7f7f";

        /// <summary>Black.</summary>
        public const string Black = "#000000";

        /// <summary>Red, for fits.</summary>
        public const string Red = "#d62728";

        /// <summary>Colour i of Category10 (wrapping round).</summary>
        public static string At(int i) => Category10[((i % Category10.Length) + Category10.Length) % Category10.Length];
    }
}

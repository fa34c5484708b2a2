using System;
using System.Collections.Generic;

namespace CimController.Analysis
{
    /// <summary>A tick mark at <see cref="Position"/> (in the axis' data units, also on a log axis) with its label.</summary>
    public sealed record Tick(double Position, string Label);

    /// <summary>
    /// One axis of a <see cref="Figure"/>: its label, its ticks (null: the renderer chooses), its limits (null: fit the data)
    /// and whether it is logarithmic. A log axis holds its data in data units; the renderer draws log10 of them.
    /// </summary>
    public sealed record FigureAxis(string Label)
    {
        /// <summary>Tick marks; null lets the renderer choose.</summary>
        public IReadOnlyList<Tick>? Ticks { get; init; }

        /// <summary>Lower limit in data units; null fits the data.</summary>
        public double? Min { get; init; }

        /// <summary>Upper limit in data units; null fits the data.</summary>
        public double? Max { get; init; }

        /// <summary>Logarithmic scale (every value must be &gt; 0).</summary>
        public bool Log { get; init; }

        /// <summary>Tick labels turned by this many degrees (positive: clockwise), for long category names.</summary>
        public float TickLabelDegrees { get; init; }

        /// <summary>
        /// An axis of whole numbers <paramref name="lo"/>..<paramref name="hi"/> (epochs, bits, pulses): whole-number ticks
        /// only, and a little more than half a unit of room either side.
        /// </summary>
        public static FigureAxis WholeNumbers(string label, double lo, double hi) =>
            new(label) { Ticks = AxisTicks.Integers(lo, hi), Min = lo - 0.6, Max = hi + 0.6 };

        /// <summary>
        /// A count axis from 0 (counts are never negative) to a little above <paramref name="maxCount"/>, with
        /// whole-number ticks.
        /// </summary>
        public static FigureAxis Counts(string label, double maxCount, double headroom = 1.05)
        {
            double top = Math.Max(1, maxCount) * headroom;
            return new FigureAxis(label) { Min = 0, Max = top, Ticks = AxisTicks.Integers(0, top, 12) };
        }
    }

    /// <summary>Where the legend goes: nowhere, in a corner of the data area, or outside it (off the curves).</summary>
    public enum LegendPlace
    {
        /// <summary>No legend.</summary>
        None,
        /// <summary>Upper left corner of the data area.</summary>
        UpperLeft,
        /// <summary>Upper right corner of the data area.</summary>
        UpperRight,
        /// <summary>Lower left corner of the data area.</summary>
        LowerLeft,
        /// <summary>Lower right corner of the data area.</summary>
        LowerRight,
        /// <summary>Right of the data area.</summary>
        OutsideRight,
        /// <summary>Below the data area.</summary>
        OutsideBelow,
    }

    /// <summary>Something drawn in a figure; a null or empty label keeps it out of the legend.</summary>
    public abstract record FigureElement(string? Label)
    {
        /// <summary>Colour as #RRGGBB; null takes the next colour of the palette.</summary>
        public string? Colour { get; init; }
    }

    /// <summary>
    /// A line through (X, Y), optionally with markers, dashed, or with a vertical range bar at each point from
    /// <see cref="YLow"/> to <see cref="YHigh"/> (e.g. min and max of repeated samples).
    /// </summary>
    public sealed record LineElement(string? Label, double[] X, double[] Y) : FigureElement(Label)
    {
        /// <summary>Draw a marker at each point.</summary>
        public bool Markers { get; init; }

        /// <summary>Dashed line.</summary>
        public bool Dashed { get; init; }

        /// <summary>Lower end of each point's range bar; null: no bars.</summary>
        public double[]? YLow { get; init; }

        /// <summary>Upper end of each point's range bar; null: no bars.</summary>
        public double[]? YHigh { get; init; }
    }

    /// <summary>Histogram bars: bin i spans Edges[i]..Edges[i + 1] and holds Counts[i].</summary>
    public sealed record BarsElement(string? Label, double[] Edges, double[] Counts) : FigureElement(Label)
    {
        /// <summary>Print each bar's count above it.</summary>
        public bool ValueLabels { get; init; }
    }

    /// <summary>
    /// A box at x = <see cref="Position"/>: whiskers from min to max, the box from the first to the third quartile, a line
    /// at the median, and the samples as points beside it.
    /// </summary>
    public sealed record BoxElement(string? Label, double Position, double Min, double Q1, double Median, double Q3, double Max, double[] Samples) : FigureElement(Label);

    /// <summary>A matrix drawn as coloured cells, row 0 at the top; cell (r, c) is centred on (x = c, y = rows - 1 - r).</summary>
    public sealed record HeatmapElement(double[,] Values) : FigureElement((string?)null)
    {
        /// <summary>Write each cell's value in it.</summary>
        public bool CellValues { get; init; }

        /// <summary>Label of the colour bar; null draws none.</summary>
        public string? ColourBarLabel { get; init; }
    }

    /// <summary>A horizontal line across the figure at <see cref="Y"/>.</summary>
    public sealed record HorizontalLineElement(string? Label, double Y) : FigureElement(Label)
    {
        /// <summary>Dashed line (default) or solid.</summary>
        public bool Dashed { get; init; } = true;
    }

    /// <summary>A text at (X, Y) in data units, centred there.</summary>
    public sealed record TextElement(string Text, double X, double Y) : FigureElement((string?)null);

    /// <summary>
    /// What a PNG figure shows, before it is drawn: title lines, both axes with their ticks and scale, the elements and
    /// where the legend goes. <see cref="FigureRenderer"/> draws it; tests read it.
    /// </summary>
    public sealed record Figure(IReadOnlyList<string> TitleLines, FigureAxis X, FigureAxis Y, IReadOnlyList<FigureElement> Elements)
    {
        /// <summary>Default width, px.</summary>
        public const int DefaultWidth = 900;

        /// <summary>Default height, px.</summary>
        public const int DefaultHeight = 600;

        /// <summary>Where the legend goes.</summary>
        public LegendPlace Legend { get; init; } = LegendPlace.None;

        /// <summary>Width, px.</summary>
        public int Width { get; init; } = DefaultWidth;

        /// <summary>Height, px.</summary>
        public int Height { get; init; } = DefaultHeight;

        /// <summary>The title as one string, lines joined by '\n'.</summary>
        public string Title => string.Join("\n", TitleLines);

        /// <summary>The elements of type <typeparamref name="T"/>.</summary>
        public IEnumerable<T> Of<T>() where T : FigureElement
        {
            foreach (FigureElement e in Elements)
            {
                if (e is T t)
                {
                    yield return t;
                }
            }
        }

        /// <summary>Legend place when there is more than one labelled element, else none.</summary>
        public static LegendPlace LegendIfSeveral(IReadOnlyList<FigureElement> elements, LegendPlace where)
        {
            int labelled = 0;
            foreach (FigureElement e in elements)
            {
                if (!string.IsNullOrEmpty(e.Label))
                {
                    labelled++;
                }
            }

            return labelled > 1 ? where : LegendPlace.None;
        }
    }
}

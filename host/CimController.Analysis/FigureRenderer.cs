using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;

namespace CimController.Analysis
{
    /// <summary>
    /// Draws a <see cref="Figure"/> with ScottPlot 5 (DejaVu Sans) and writes it as a PNG. Log axes are drawn as log10 of
    /// the data with the figure's ticks placed at their log10; histogram bars start at 0; tick labels turned by the axis'
    /// angle get the room they need.
    /// </summary>
    public static class FigureRenderer
    {
        /// <summary>Title font size, px.</summary>
        public const float TitleFontSize = 16;

        /// <summary>Axis label font size, px.</summary>
        public const float AxisLabelFontSize = 14;

        static FigureRenderer()
        {
            // fonts-dejavu-core is installed on the build machines (and by the CI script); ScottPlot's default font lookup
            // fails headless without it.
            Fonts.Default = "DejaVu Sans";
        }

        /// <summary>Draws <paramref name="figure"/> into a PNG at <paramref name="path"/> (its folder is created) and returns the path.</summary>
        public static string Save(Figure figure, string path)
        {
            ArgumentNullException.ThrowIfNull(figure);
            Plot plot = Draw(figure);
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir != null)
            {
                Directory.CreateDirectory(dir);
            }

            plot.SavePng(path, figure.Width, figure.Height);
            return path;
        }

        /// <summary>Width in px of one title line in the title font (bold, <see cref="TitleFontSize"/>).</summary>
        public static float TitleWidthPx(string line)
        {
            var style = new LabelStyle { FontName = Fonts.Default, FontSize = TitleFontSize, Bold = true };
            using Paint paint = Paint.NewDisposablePaint();
            return style.Measure(line, paint).Width;
        }

        /// <summary>
        /// Where each title line falls when <paramref name="figure"/> is laid out: its left and right edge in px from the
        /// figure's left edge (the title is centred over the data area, which an outside legend narrows).
        /// </summary>
        public static IReadOnlyList<(float Left, float Right)> TitleExtents(Figure figure)
        {
            ArgumentNullException.ThrowIfNull(figure);
            Plot plot = Draw(figure);
            plot.GetImage(figure.Width, figure.Height).Dispose();
            PixelRect data = plot.RenderManager.LastRender.DataRect;
            float centre = (data.Left + data.Right) / 2;
            return figure.TitleLines.Select(line =>
            {
                float half = TitleWidthPx(line) / 2;
                return (centre - half, centre + half);
            }).ToArray();
        }

        /// <summary>The axis limits <paramref name="figure"/> is drawn with, in data units (a log axis' limits are turned back from log10).</summary>
        public static (double Left, double Right, double Bottom, double Top) DrawnLimits(Figure figure)
        {
            ArgumentNullException.ThrowIfNull(figure);
            AxisLimits l = Draw(figure).Axes.GetLimits();
            double X(double v) => figure.X.Log ? Math.Pow(10, v) : v;
            double Y(double v) => figure.Y.Log ? Math.Pow(10, v) : v;
            return (X(l.Left), X(l.Right), Y(l.Bottom), Y(l.Top));
        }

        private static Plot Draw(Figure f)
        {
            var plot = new Plot();
            plot.Title(f.Title, TitleFontSize);
            plot.XLabel(f.X.Label, AxisLabelFontSize);
            plot.YLabel(f.Y.Label, AxisLabelFontSize);
            int paletteSize = f.Elements.Count(e => e.Colour is null && e is not TextElement && e is not HeatmapElement);
            int next = 0;
            Color NextColour(FigureElement e) => e.Colour is null ? ColourAt(next++, paletteSize) : Color.FromHex(e.Colour);
            foreach (FigureElement e in f.Elements)
            {
                switch (e)
                {
                    case LineElement l:
                        AddLine(plot, f, l, NextColour(l));
                        break;
                    case BarsElement b:
                        AddBars(plot, f, b, NextColour(b));
                        break;
                    case BoxElement b:
                        AddBox(plot, f, b, NextColour(b));
                        break;
                    case HeatmapElement h:
                        AddHeatmap(plot, h);
                        break;
                    case HorizontalLineElement h:
                        var line = plot.Add.HorizontalLine(Map(f.Y, h.Y), 1.5f, NextColour(h), h.Dashed ? LinePattern.Dashed : LinePattern.Solid);
                        line.LegendText = h.Label ?? "";
                        break;
                    case TextElement t:
                        var text = plot.Add.Text(t.Text, Map(f.X, t.X), Map(f.Y, t.Y));
                        text.LabelFontSize = 12;
                        text.LabelAlignment = Alignment.MiddleCenter;
                        text.LabelFontColor = t.Colour is null ? Colors.Black : Color.FromHex(t.Colour);
                        break;
                    default:
                        throw new ArgumentException("cannot draw a " + e.GetType().Name);
                }
            }

            plot.Axes.AutoScale();
            AxisLimits fitted = plot.Axes.GetLimits();
            ApplyAxis(plot, plot.Axes.Bottom, f.X, fitted, horizontal: true);
            ApplyAxis(plot, plot.Axes.Left, f.Y, fitted, horizontal: false);
            ShowLegend(plot, f.Legend);
            return plot;
        }

        private static void AddLine(Plot plot, Figure f, LineElement l, Color colour)
        {
            double[] x = l.X.Select(v => Map(f.X, v)).ToArray(), y = l.Y.Select(v => Map(f.Y, v)).ToArray();
            var s = plot.Add.Scatter(x, y, colour);
            s.MarkerSize = l.Markers ? 7 : 0;
            s.LineWidth = 1.5f;
            s.LinePattern = l.Dashed ? LinePattern.Dashed : LinePattern.Solid;
            s.LegendText = l.Label ?? "";
            if (l.YLow != null && l.YHigh != null)
            {
                double[] below = y.Select((v, i) => v - Map(f.Y, l.YLow[i])).ToArray(), above = y.Select((v, i) => Map(f.Y, l.YHigh[i]) - v).ToArray();
                var zeros = new double[x.Length];
                var bars = new ScottPlot.Plottables.ErrorBar(x, y, zeros, zeros, above, below) { Color = colour, CapSize = 6, LineWidth = 1.2f };
                plot.Add.Plottable(bars);
            }
        }

        private static void AddBars(Plot plot, Figure f, BarsElement b, Color colour)
        {
            if (f.X.Log || f.Y.Log)
            {
                throw new ArgumentException("histogram bars are drawn on linear axes only");
            }

            var bars = new List<Bar>();
            for (int i = 0; i < b.Counts.Length; i++)
            {
                var bar = new Bar
                {
                    Position = (b.Edges[i] + b.Edges[i + 1]) / 2,
                    Value = b.Counts[i],
                    ValueBase = 0,
                    Size = (b.Edges[i + 1] - b.Edges[i]) * 0.92,
                    FillColor = colour.WithAlpha(0.7),
                    LineWidth = 0,
                };
                if (b.ValueLabels)
                {
                    bar.Label = b.Counts[i].ToString("0", CultureInfo.InvariantCulture);
                }

                bars.Add(bar);
            }

            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = b.Label ?? "";
            plottable.ValueLabelStyle.FontSize = 12;
        }

        private static void AddBox(Plot plot, Figure f, BoxElement b, Color colour)
        {
            var box = new Box
            {
                Position = b.Position,
                BoxMin = Map(f.Y, b.Q1),
                BoxMax = Map(f.Y, b.Q3),
                BoxMiddle = Map(f.Y, b.Median),
                WhiskerMin = Map(f.Y, b.Min),
                WhiskerMax = Map(f.Y, b.Max),
                Width = 0.45,
                FillColor = colour.WithAlpha(0.35),
                LineColor = colour,
                LineWidth = 1.5f,
            };
            var boxes = plot.Add.Box(box);
            boxes.LegendText = b.Label ?? "";

            // The samples beside the box, spread sideways by the golden-ratio sequence (fixed, no random numbers) so that
            // equal accuracies stay visible as separate points.
            double[] x = b.Samples.Select((_, i) => b.Position + 0.34 + (0.12 * (((i * 0.6180339887) % 1.0) - 0.5))).ToArray();
            var points = plot.Add.ScatterPoints(x, b.Samples.Select(v => Map(f.Y, v)).ToArray(), colour.WithAlpha(0.7));
            points.MarkerSize = 5;
        }

        private static void AddHeatmap(Plot plot, HeatmapElement h)
        {
            var hm = plot.Add.Heatmap(h.Values);
            hm.Colormap = new ScottPlot.Colormaps.Viridis();
            int rows = h.Values.GetLength(0), cols = h.Values.GetLength(1);
            double max = 0;
            foreach (double v in h.Values)
            {
                max = Math.Max(max, v);
            }

            if (h.CellValues)
            {
                for (int r = 0; r < rows; r++)
                {
                    for (int c = 0; c < cols; c++)
                    {
                        double v = h.Values[r, c];
                        var txt = plot.Add.Text(v.ToString("0.##", CultureInfo.InvariantCulture), c, rows - 1 - r);

                        // Viridis runs from dark blue to yellow: white on the dark cells, black on the bright ones.
                        txt.LabelFontColor = max > 0 && v > 0.6 * max ? Colors.Black : Colors.White;
                        txt.LabelFontSize = 11;
                        txt.LabelAlignment = Alignment.MiddleCenter;
                    }
                }
            }

            if (h.ColourBarLabel != null)
            {
                var bar = plot.Add.ColorBar(hm);
                bar.Label = h.ColourBarLabel;
            }
        }

        /// <summary>Sets an axis' ticks, tick label angle and limits; a limit the figure leaves open keeps its <paramref name="fitted"/> value.</summary>
        private static void ApplyAxis(Plot plot, IAxis axis, FigureAxis spec, AxisLimits fitted, bool horizontal)
        {
            if (spec.Ticks != null)
            {
                var ticks = new ScottPlot.TickGenerators.NumericManual();
                foreach (Tick t in spec.Ticks)
                {
                    if (t.Label.Length > 0)
                    {
                        ticks.AddMajor(Map(spec, t.Position), t.Label);
                    }
                    else
                    {
                        ticks.AddMinor(Map(spec, t.Position));
                    }
                }

                axis.TickGenerator = ticks;
            }

            if (spec.Min.HasValue || spec.Max.HasValue)
            {
                double lo = spec.Min.HasValue ? Map(spec, spec.Min.Value) : (horizontal ? fitted.Left : fitted.Bottom);
                double hi = spec.Max.HasValue ? Map(spec, spec.Max.Value) : (horizontal ? fitted.Right : fitted.Top);
                if (horizontal)
                {
                    plot.Axes.SetLimitsX(lo, hi);
                }
                else
                {
                    plot.Axes.SetLimitsY(lo, hi);
                }
            }

            if (spec.TickLabelDegrees != 0)
            {
                axis.TickLabelStyle.Rotation = spec.TickLabelDegrees;
                // Below a horizontal axis the label ends at its tick and runs down to the left (anticlockwise angle) or
                // starts there and runs down to the right (clockwise).
                axis.TickLabelStyle.Alignment = horizontal && spec.TickLabelDegrees > 0 ? Alignment.MiddleLeft : Alignment.MiddleRight;
                using Paint paint = Paint.NewDisposablePaint();
                float widest = spec.Ticks?.Count > 0 ? spec.Ticks.Max(t => axis.TickLabelStyle.Measure(t.Label, paint).Width) : 0;
                axis.MinimumSize = 40 + (widest * (float)Math.Abs(Math.Sin(spec.TickLabelDegrees * Math.PI / 180)));
            }
        }

        private static void ShowLegend(Plot plot, LegendPlace where)
        {
            switch (where)
            {
                case LegendPlace.None:
                    // ScottPlot shows a legend for labelled plottables unless told not to.
                    plot.HideLegend();
                    return;
                case LegendPlace.OutsideRight:
                    plot.ShowLegend(Edge.Right);
                    break;
                case LegendPlace.OutsideBelow:
                    plot.ShowLegend(Edge.Bottom);
                    break;
                default:
                    plot.ShowLegend(where switch
                    {
                        LegendPlace.UpperLeft => Alignment.UpperLeft,
                        LegendPlace.LowerLeft => Alignment.LowerLeft,
                        LegendPlace.LowerRight => Alignment.LowerRight,
                        _ => Alignment.UpperRight,
                    });
                    break;
            }

            plot.Legend.FontSize = 11;
        }

        /// <summary>Where a data value is drawn on an axis: log10 of it on a log axis.</summary>
        private static double Map(FigureAxis axis, double v)
        {
            if (!axis.Log)
            {
                return v;
            }

            if (!(v > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(v), "the log axis '" + axis.Label + "' got " + v.ToString(CultureInfo.InvariantCulture) + "; it needs values > 0");
            }

            return Math.Log10(v);
        }

        /// <summary>Colour i of n: Category10 for up to 10 series, else evenly along Turbo.</summary>
        internal static Color ColourAt(int i, int n)
        {
            if (n <= 10)
            {
                return Color.FromHex(FigureColours.At(i));
            }

            return new ScottPlot.Colormaps.Turbo().GetColor(n <= 1 ? 0.5 : 0.05 + (0.9 * i / (n - 1.0)));
        }
    }
}

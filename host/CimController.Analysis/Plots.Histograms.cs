using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CimController.Analysis
{
    /// <summary>Histograms: counts start at 0, whole-number data gets whole-number bins and ticks.</summary>
    public static partial class Plots
    {
        /// <summary>Histogram of programming errors with the fitted Student-t density scaled to the counts (Diao 2025 eq. 5).</summary>
        public static string ErrorHistogram(string path, string title, string xLabel, double[] errors, StudentTParameters? fit, int bins = 60) =>
            FigureRenderer.Save(ErrorHistogramFigure(title, xLabel, errors, fit, bins), path);

        /// <summary>The figure of <see cref="ErrorHistogram"/>.</summary>
        public static Figure ErrorHistogramFigure(string title, string xLabel, double[] errors, StudentTParameters? fit, int bins = 60)
        {
            ArgumentNullException.ThrowIfNull(errors);
            var elements = new List<FigureElement>();
            if (errors.Length > 0)
            {
                HistogramBins h = HistogramBins.EqualWidth(errors, bins);
                elements.Add(new BarsElement(errors.Length + " errors", h.Edges, h.Counts) { Colour = FigureColours.At(0) });
                if (fit != null)
                {
                    double lo = h.Edges[0] - h.Width, hi = h.Edges[^1] + h.Width;
                    double[] x = Enumerable.Range(0, 301).Select(k => lo + ((hi - lo) * k / 300)).ToArray();
                    double[] y = x.Select(v => errors.Length * h.Width * Math.Exp(StudentTFit.LogDensity(v, fit.Loc, fit.Scale, fit.Nu))).ToArray();
                    elements.Add(new LineElement("Student-t fit: loc " + fit.Loc.ToString("0.###E+0", CultureInfo.InvariantCulture) + ", s "
                        + fit.Scale.ToString("0.###E+0", CultureInfo.InvariantCulture) + ", ν " + fit.Nu.ToString("0.##", CultureInfo.InvariantCulture), x, y) { Colour = FigureColours.Red });
                }
            }

            double top = elements.OfType<BarsElement>().SelectMany(b => b.Counts).DefaultIfEmpty(1).Max();
            return new Figure(FigureTitle.Lines(title), new FigureAxis(xLabel), FigureAxis.Counts("count", top), elements)
            {
                Legend = Figure.LegendIfSeveral(elements, LegendPlace.UpperRight),
            };
        }

        /// <summary>
        /// Histogram of whole-number values (e.g. write-verify pulses per cell) in whole-number bins, with whole-number
        /// ticks; <paramref name="countLabel"/> names what is counted.
        /// </summary>
        public static string CountHistogram(string path, string title, string xLabel, IReadOnlyList<int> values, string countLabel = "cells", int maxBins = 60) =>
            FigureRenderer.Save(CountHistogramFigure(title, xLabel, values, countLabel, maxBins), path);

        /// <summary>The figure of <see cref="CountHistogram"/>.</summary>
        public static Figure CountHistogramFigure(string title, string xLabel, IReadOnlyList<int> values, string countLabel = "cells", int maxBins = 60)
        {
            ArgumentNullException.ThrowIfNull(values);
            HistogramBins h = HistogramBins.Integers(values, maxBins);
            var elements = new List<FigureElement>();
            if (values.Count > 0)
            {
                elements.Add(new BarsElement(values.Count + " " + countLabel, h.Edges, h.Counts) { Colour = FigureColours.At(0) });
            }

            return new Figure(FigureTitle.Lines(title), FigureAxis.WholeNumbers(xLabel, h.Edges[0] + 0.5, h.Edges[^1] - 0.5), FigureAxis.Counts(countLabel, h.Counts.Max()), elements);
        }

        /// <summary>A bar chart of counts per whole-number category (e.g. write-verify trials per cell), each bar labelled with its count.</summary>
        public static string CountBars(string path, string title, string xLabel, IReadOnlyList<(int Category, long Count)> counts) =>
            FigureRenderer.Save(CountBarsFigure(title, xLabel, counts), path);

        /// <summary>The figure of <see cref="CountBars"/>.</summary>
        public static Figure CountBarsFigure(string title, string xLabel, IReadOnlyList<(int Category, long Count)> counts)
        {
            ArgumentNullException.ThrowIfNull(counts);
            var elements = new List<FigureElement>();
            int lo = counts.Count > 0 ? counts.Min(c => c.Category) : 0, hi = counts.Count > 0 ? counts.Max(c => c.Category) : 0;
            if (counts.Count > 0)
            {
                // One bin per category from the smallest to the largest, empty ones included, so the axis is not gapped.
                double[] edges = Enumerable.Range(0, hi - lo + 2).Select(i => lo + i - 0.5).ToArray();
                double[] n = new double[hi - lo + 1];
                foreach ((int category, long count) in counts)
                {
                    n[category - lo] += count;
                }

                elements.Add(new BarsElement(null, edges, n) { Colour = FigureColours.At(0), ValueLabels = true });
            }

            double top = counts.Count > 0 ? counts.Max(c => (double)c.Count) : 1;
            return new Figure(FigureTitle.Lines(title), FigureAxis.WholeNumbers(xLabel, lo, hi), FigureAxis.Counts("cells", top, headroom: 1.15), elements);
        }
    }
}

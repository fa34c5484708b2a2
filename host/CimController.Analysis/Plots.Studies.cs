using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CimController.Analysis
{
    /// <summary>One model of a weight-transfer study: its name on the x axis and its test accuracy (0..1) on each fresh chip.</summary>
    public sealed record TransferCategory(string Name, double[] Accuracies);

    /// <summary>One point of a levels study: a model's accuracies (0..1) after transfer at a number of bits, and its software accuracy.</summary>
    public sealed record LevelsStudyPoint(string Model, int Bits, double Mean, double Min, double Max, double Software);

    /// <summary>The study figures: weight transfer to fresh chips (Wu 2023 Fig. 7) and accuracy versus program levels (Diao 2025 Fig. 6d).</summary>
    public static partial class Plots
    {
        /// <summary>Box plots of the accuracy after transfer, one per model (Wu 2023 Fig. 7).</summary>
        public static string TransferStudy(string path, string title, IReadOnlyList<TransferCategory> models) =>
            FigureRenderer.Save(TransferStudyFigure(title, models), path);

        /// <summary>
        /// The figure of <see cref="TransferStudy"/>: the models as categories on the x axis (1, 2, ...), a box per model
        /// (whiskers min..max, box q1..q3, line at the median) with its chips as points beside it, accuracies in percent
        /// and each median printed above its box as the console prints it.
        /// </summary>
        public static Figure TransferStudyFigure(string title, IReadOnlyList<TransferCategory> models)
        {
            ArgumentNullException.ThrowIfNull(models);
            var elements = new List<FigureElement>();
            double top = models.SelectMany(m => m.Accuracies).DefaultIfEmpty(1).Max() * 100;
            double bottom = models.SelectMany(m => m.Accuracies).DefaultIfEmpty(0).Min() * 100;
            double pad = Math.Max(0.5, 0.08 * (top - bottom));
            for (int i = 0; i < models.Count; i++)
            {
                double[] pct = models[i].Accuracies.Select(a => 100 * a).ToArray();
                if (pct.Length == 0)
                {
                    continue;
                }

                double median = Stats.EmpiricalQuantile(pct, 0.5);
                elements.Add(new BoxElement(models[i].Name, i + 1, pct.Min(), Stats.EmpiricalQuantile(pct, 0.25), median, Stats.EmpiricalQuantile(pct, 0.75), pct.Max(), pct)
                    { Colour = FigureColours.At(i) });
                elements.Add(new TextElement("median " + Percent(median), i + 1, pct.Max() + (pad / 2)));
            }

            var x = new FigureAxis("model") { Ticks = AxisTicks.Categories(models.Select(m => m.Name).ToArray(), 1), Min = 0.4, Max = models.Count + 0.6 };
            var y = new FigureAxis("test accuracy after transfer (%)") { Min = Math.Max(0, bottom - pad), Max = Math.Min(100, top + pad) + (pad / 2) };
            return new Figure(FigureTitle.Lines(title), x, y, elements);
        }

        /// <summary>Accuracy versus program levels (Diao 2025 Fig. 6d).</summary>
        public static string LevelsStudy(string path, string errorSource, IReadOnlyList<LevelsStudyPoint> points) =>
            FigureRenderer.Save(LevelsStudyFigure(errorSource, points), path);

        /// <summary>
        /// The figure of <see cref="LevelsStudy"/>: per model the mean accuracy after transfer over whole-bit ticks with a
        /// bar from the min to the max of the samples, and the software accuracy dashed in the same colour; accuracies in
        /// percent, the legend outside the data area, the error source on its own title line(s).
        /// </summary>
        public static Figure LevelsStudyFigure(string errorSource, IReadOnlyList<LevelsStudyPoint> points)
        {
            ArgumentNullException.ThrowIfNull(points);
            var elements = new List<FigureElement>();
            int i = 0;
            foreach (IGrouping<string, LevelsStudyPoint> model in points.GroupBy(p => p.Model))
            {
                LevelsStudyPoint[] p = model.OrderBy(r => r.Bits).ToArray();
                double[] bits = p.Select(r => (double)r.Bits).ToArray();
                string colour = FigureColours.At(i++);
                elements.Add(new LineElement(model.Key + " transferred (mean, min-max)", bits, p.Select(r => 100 * r.Mean).ToArray())
                {
                    Markers = true,
                    YLow = p.Select(r => 100 * r.Min).ToArray(),
                    YHigh = p.Select(r => 100 * r.Max).ToArray(),
                    Colour = colour,
                });
                elements.Add(new LineElement(model.Key + " software", bits, p.Select(r => 100 * r.Software).ToArray()) { Dashed = true, Colour = colour });
            }

            int lo = points.Count > 0 ? points.Min(p => p.Bits) : 1, hi = points.Count > 0 ? points.Max(p => p.Bits) : 1;
            FigureAxis x = FigureAxis.WholeNumbers("program levels (bits; levels = 2^bits)", lo, hi) with { Min = lo - 0.3, Max = hi + 0.3 };
            return new Figure(FigureTitle.Lines("Weight transfer vs program levels (Diao 2025 Fig. 6d)", "program error: " + errorSource),
                x, new FigureAxis("test accuracy (%)"), elements)
            {
                Legend = LegendPlace.OutsideBelow,
            };
        }

        /// <summary>A fraction's percentage as the console prints it (P2): "85.23 %".</summary>
        private static string Percent(double percent) => percent.ToString("0.00", CultureInfo.InvariantCulture) + " %";
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;

namespace CimController.Analysis
{
    /// <summary>A labelled series of y values over x (one curve of a figure).</summary>
    public sealed record Series(string Label, double[] X, double[] Y);

    /// <summary>
    /// The PNG figures of the programming experiments (ScottPlot 5, DejaVu Sans): resistance-vs-pulse curves per write
    /// voltage and |dR| maps (Diao 2025 Fig. 2a/c/d), FFP sweeps and level ladders with their eq. 2/3 fit (Fig. 3b/d, 4a/b),
    /// CPD plots (Fig. 4c/d), the sampler's y_ideal-vs-y_actual cloud (Fig. 5a) and the CDF of write-verified levels (Wu 2023
    /// Fig. 2g); the histograms (Plots.Histograms.cs) and the study figures (Plots.Studies.cs) are described as a
    /// <see cref="Figure"/> first and drawn by <see cref="FigureRenderer"/>. Every figure has a title, axis labels with units
    /// and a legend where there is more than one series. Each method returns the PNG's path.
    /// </summary>
    public static partial class Plots
    {
        /// <summary>Figure width, px.</summary>
        public const int Width = 900;
        /// <summary>Figure height, px.</summary>
        public const int Height = 600;

        static Plots()
        {
            // fonts-dejavu-core is installed on the build machines (and by the CI script); ScottPlot's default font lookup
            // fails headless without it.
            Fonts.Default = "DejaVu Sans";
        }

        /// <summary>Resistance after each pulse, one curve per write voltage (Diao 2025 Fig. 2a).</summary>
        public static string ResistanceVsPulse(string path, string title, IReadOnlyList<Series> curves)
        {
            Plot plot = New(title, "pulse number", "resistance (Ω)");
            AddLines(plot, curves, markers: false);
            return Save(plot, path, curves.Count > 1);
        }

        /// <summary>
        /// |dR| per pulse against the resistance before the pulse, one colour per write voltage, log |dR| axis, with the
        /// FFP target band (Diao 2025 Fig. 2c/d: 0.1 Ω &lt; |dR| &lt; 0.3 Ω) as dashed lines.
        /// </summary>
        public static string DeltaRMap(string path, string title, IReadOnlyList<Series> perVoltage, double bandLowOhms = 0.1, double bandHighOhms = 0.3)
        {
            Plot plot = New(title, "resistance before the pulse (Ω)", "|ΔR| per pulse (Ω, log scale; 0 drawn at 0.0001)");
            double floor = 1e-4;
            double minLog = Math.Log10(bandLowOhms), maxLog = Math.Log10(bandHighOhms);
            for (int i = 0; i < perVoltage.Count; i++)
            {
                Series s = perVoltage[i];
                double[] logY = s.Y.Select(v => Math.Log10(Math.Max(v, floor))).ToArray();
                if (logY.Length > 0)
                {
                    minLog = Math.Min(minLog, logY.Min());
                    maxLog = Math.Max(maxLog, logY.Max());
                }
                var sc = plot.Add.ScatterPoints(s.X, logY, FigureRenderer.ColourAt(i, perVoltage.Count));
                sc.MarkerSize = 4;
                sc.LegendText = s.Label;
            }
            var lo = plot.Add.HorizontalLine(Math.Log10(bandLowOhms), 1.5f, Colors.Black, LinePattern.Dashed);
            lo.LegendText = "FFP band " + Fmt(bandLowOhms) + "-" + Fmt(bandHighOhms) + " Ω";
            plot.Add.HorizontalLine(Math.Log10(bandHighOhms), 1.5f, Colors.Black, LinePattern.Dashed);
            LogAxis(plot, minLog, maxLog);
            return Save(plot, path, true, Alignment.UpperRight, outside: true);
        }

        /// <summary>An FFP sweep (resistance per pulse event) with its write voltages on a second axis (Diao 2025 Fig. 3b/c).</summary>
        public static string FfpSweep(string path, string title, IReadOnlyList<Series> sweeps, IReadOnlyList<Series>? volts = null)
        {
            bool rising = sweeps.Count > 0 && sweeps[0].Y.Length > 1 && sweeps[0].Y[^1] > sweeps[0].Y[0];
            Plot plot = New(title, "pulse event", "resistance (Ω)");
            AddLines(plot, sweeps, markers: false);
            if (volts != null && volts.Count > 0)
            {
                IYAxis right = plot.Axes.Right;
                right.Label.Text = "write voltage (V)";
                for (int i = 0; i < volts.Count; i++)
                {
                    var sc = plot.Add.ScatterPoints(volts[i].X, volts[i].Y, Colors.Gray.WithAlpha(0.5));
                    sc.MarkerSize = 2;
                    sc.Axes.YAxis = right;
                    sc.LegendText = volts[i].Label;
                }
            }
            return Save(plot, path, sweeps.Count + (volts?.Count ?? 0) > 1, rising ? Alignment.UpperLeft : Alignment.UpperRight);
        }

        /// <summary>
        /// A level ladder: achieved levels r_a,j (ohm) over level number, the evenly spaced targets and the eq. 2/3 fit
        /// (Diao 2025 Fig. 3d, 4a/b). Unoccupied targets are marked.
        /// </summary>
        public static string LevelLadder(string path, string title, SegmentationResult segmentation, LinearityFitResult fit)
        {
            ArgumentNullException.ThrowIfNull(segmentation);
            double min = segmentation.Sweep.MinOhms, span = segmentation.Sweep.MaxOhms - min;
            Plot plot = New(title, "level number j (one consolidated pulse event per level)", "resistance (Ω)");
            List<ProgramLevel> occ = segmentation.OccupiedLevels();
            double[] tx = segmentation.Levels.Select(l => (double)l.Index).ToArray();
            var targets = plot.Add.ScatterLine(tx, segmentation.Levels.Select(l => min + l.Target * span).ToArray(), Colors.Gray);
            targets.LinePattern = LinePattern.Dotted;
            targets.LegendText = "targets r_i,j";
            var achieved = plot.Add.ScatterPoints(occ.Select(l => (double)l.Index).ToArray(), occ.Select(l => l.AchievedOhms).ToArray(), Colors.C0);
            achieved.MarkerSize = segmentation.LevelCount > 128 ? 3 : 6;
            achieved.LegendText = "achieved r_a,j (" + segmentation.DistinctLevels + " of " + segmentation.LevelCount + " occupied)";
            var fx = Enumerable.Range(0, 201).Select(i => 1 + (segmentation.LevelCount - 1) * i / 200.0).ToArray();
            var curve = plot.Add.ScatterLine(fx, fx.Select(x => min + span * LinearityFit.Model(x, fit.Nu, fit.N, fit.Direction)).ToArray(), Colors.C3);
            curve.LineWidth = 1.5f;
            curve.LinePattern = LinePattern.Dashed;
            curve.LegendText = "eq. " + (fit.Direction == SweepDirection.Potentiation ? "2" : "3") + " fit, ν = " + fit.Nu.ToString("0.00E+0", CultureInfo.InvariantCulture);
            if (segmentation.Unoccupied.Count > 0)
            {
                var un = segmentation.Levels.Where(l => !l.Occupied).ToArray();
                var u = plot.Add.ScatterPoints(un.Select(l => (double)l.Index).ToArray(), un.Select(l => min + l.Target * span).ToArray(), Colors.Red);
                u.MarkerShape = MarkerShape.Cross;
                u.MarkerSize = 6;
                u.LegendText = "unoccupied targets (" + un.Length + ")";
            }
            return Save(plot, path, true, fit.Direction == SweepDirection.Potentiation ? Alignment.UpperRight : Alignment.UpperLeft);
        }

        /// <summary>
        /// Cumulative probability of the normalised resistance level for selected levels (Diao 2025 Fig. 4c/d); the dashed
        /// vertical line at 1 is the next level, the dotted horizontal line the 80 % CPD threshold.
        /// </summary>
        public static string Cpd(string path, string title, IReadOnlyList<(int Level, double[] Samples)> levels, double cpd = SkipAnalysis.PaperCpd)
        {
            Plot plot = New(title, "normalised resistance level (0 = current level, 1 = next level)", "cumulative probability (%)");
            int i = 0;
            foreach ((int level, double[] samples) in levels)
            {
                if (samples.Length == 0)
                {
                    continue;
                }
                (double[] x, double[] y) = Ecdf(samples);
                var line = plot.Add.ScatterLine(x, y.Select(v => 100 * v).ToArray(), FigureRenderer.ColourAt(i++, levels.Count));
                line.ConnectStyle = ConnectStyle.StepHorizontal;
                line.LineWidth = 1.5f;
                line.LegendText = "level " + level;
            }
            var next = plot.Add.VerticalLine(1, 1.5f, Colors.Black, LinePattern.Dashed);
            next.LegendText = "next level";
            var th = plot.Add.HorizontalLine(100 * cpd, 1, Colors.Gray, LinePattern.Dotted);
            th.LegendText = "CPD " + Fmt(100 * cpd) + " %";
            plot.Axes.SetLimitsY(0, 102);
            return Save(plot, path, true, Alignment.LowerRight, outside: levels.Count > 8);
        }

        /// <summary>y_actual against y_ideal drawn by the program-error sampler, with the ideal diagonal (Diao 2025 Fig. 5a).</summary>
        public static string SamplerScatter(string path, string title, IReadOnlyList<Series> perLevelCount)
        {
            Plot plot = New(title, "y_ideal (normalised resistance)", "y_actual (normalised resistance)");
            for (int i = 0; i < perLevelCount.Count; i++)
            {
                var sc = plot.Add.ScatterPoints(perLevelCount[i].X, perLevelCount[i].Y, FigureRenderer.ColourAt(i, perLevelCount.Count).WithAlpha(0.5));
                sc.MarkerSize = 2;
                sc.LegendText = perLevelCount[i].Label;
            }
            var ideal = plot.Add.ScatterLine(new[] { 0.0, 1.0 }, new[] { 0.0, 1.0 }, Colors.Red);
            ideal.LinePattern = LinePattern.Dashed;
            ideal.LegendText = "y_actual = y_ideal";
            return Save(plot, path, true, Alignment.UpperLeft);
        }

        /// <summary>
        /// CDF of the read currents of write-verified cells, one curve per level, with each level's target band shaded
        /// edges (Wu 2023 Fig. 2g: 16 levels, 2.3-9.4 µA at 0.3 V, 4096 devices).
        /// </summary>
        public static string LevelCdf(string path, string title, string xLabel, IReadOnlyList<(string Label, double[] Values, double BandLow, double BandHigh)> levels)
        {
            Plot plot = New(title, xLabel, "cumulative probability (%)");
            for (int i = 0; i < levels.Count; i++)
            {
                var l = levels[i];
                if (l.Values.Length == 0)
                {
                    continue;
                }
                Color c = FigureRenderer.ColourAt(i, levels.Count);
                if (double.IsFinite(l.BandLow) && double.IsFinite(l.BandHigh))
                {
                    var span = plot.Add.HorizontalSpan(l.BandLow, l.BandHigh, c.WithAlpha(0.12));
                    span.LineStyle.Width = 0;
                }
                (double[] x, double[] y) = Ecdf(l.Values);
                var line = plot.Add.ScatterLine(x, y.Select(v => 100 * v).ToArray(), c);
                line.ConnectStyle = ConnectStyle.StepHorizontal;
                line.LineWidth = 1.5f;
                line.LegendText = l.Label;
            }
            plot.Axes.SetLimitsY(0, 102);
            return Save(plot, path, levels.Count > 1, Alignment.UpperRight, outside: true);
        }

        /// <summary>Generic line plot of several series.</summary>
        public static string Lines(string path, string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool markers = false)
        {
            Plot plot = New(title, xLabel, yLabel);
            AddLines(plot, series, markers);
            return Save(plot, path, series.Count > 1);
        }

        /// <summary>Scatter plot (markers only) of several series.</summary>
        public static string Points(string path, string title, string xLabel, string yLabel, IReadOnlyList<Series> series)
        {
            Plot plot = New(title, xLabel, yLabel);
            for (int i = 0; i < series.Count; i++)
            {
                var sc = plot.Add.ScatterPoints(series[i].X, series[i].Y, FigureRenderer.ColourAt(i, series.Count));
                sc.MarkerSize = 7;
                sc.LegendText = series[i].Label;
            }
            return Save(plot, path, series.Count > 1, Alignment.LowerRight);
        }

        /// <summary>Empirical CDF: sorted values and i/N.</summary>
        public static (double[] X, double[] Y) Ecdf(double[] values)
        {
            double[] x = values.ToArray();
            Array.Sort(x);
            double[] y = new double[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = (i + 1.0) / x.Length;
            }
            return (x, y);
        }

        private static Plot New(string title, string xLabel, string yLabel)
        {
            var plot = new Plot();
            plot.Title(title, 16);
            plot.XLabel(xLabel, 14);
            plot.YLabel(yLabel, 14);
            return plot;
        }

        private static void AddLines(Plot plot, IReadOnlyList<Series> curves, bool markers)
        {
            for (int i = 0; i < curves.Count; i++)
            {
                var s = plot.Add.Scatter(curves[i].X, curves[i].Y, FigureRenderer.ColourAt(i, curves.Count));
                s.MarkerSize = markers ? 4 : 0;
                s.LineWidth = 1.5f;
                s.LegendText = curves[i].Label;
            }
        }

        private static void LogAxis(Plot plot, double minLog, double maxLog)
        {
            // Ticks at 1, 2, 5 x 10^k (labelled) and the other integers (minor) inside the data's range.
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            int lo = (int)Math.Floor(minLog), hi = (int)Math.Ceiling(maxLog);
            for (int k = lo; k <= hi; k++)
            {
                for (int m = 1; m <= 9; m++)
                {
                    double v = m * Math.Pow(10, k);
                    double at = Math.Log10(v);
                    if (at < minLog - 0.05 || at > maxLog + 0.05)
                    {
                        continue;
                    }
                    if (m == 1 || m == 2 || m == 5)
                    {
                        ticks.AddMajor(at, v.ToString("G3", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        ticks.AddMinor(at);
                    }
                }
            }
            plot.Axes.Left.TickGenerator = ticks;
        }

        private static string Save(Plot plot, string path, bool legend, Alignment where = Alignment.UpperRight, bool outside = false)
        {
            if (legend)
            {
                if (outside)
                {
                    plot.ShowLegend(Edge.Right);
                }
                else
                {
                    plot.ShowLegend(where);
                }
                plot.Legend.FontSize = 11;
            }
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir != null)
            {
                Directory.CreateDirectory(dir);
            }
            plot.SavePng(path, Width, Height);
            return path;
        }

        private static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
    }
}

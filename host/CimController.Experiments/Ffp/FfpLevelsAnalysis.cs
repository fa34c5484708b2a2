using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Host;
using CimController.Protocol.Messages;

namespace CimController.Experiments.Ffp
{
    /// <summary>
    /// The analyses of one direction of an FFP levels run (Diao 2025 Fig. 3-5). The first usable sweep is the reference
    /// that is segmented into the level plan; the other R − 1 sweeps are the repeats whose states give the CPD samples and
    /// the programming errors (with R = 1 the reference itself is used). Per level count n: segmentation, nu fits
    /// (eq. 2/3), skip-prone levels at CPD 80 %, the Student-t program-error model (eq. 4/5, saved as JSON), the level CSV
    /// and the ladder, CPD, error-histogram and sampler figures. Distinct levels and nu are also given over all sweeps
    /// (mean ± sd), as the paper's ± values.
    /// </summary>
    public static class FfpLevelsAnalysis
    {
        private static FfpSweep ToSweep(FfpSweepResult r)
        {
            var ohms = new double[r.Events + 1];
            ohms[0] = r.StartMilliohms / 1000.0;
            for (int k = 0; k < r.Events; k++)
            {
                ohms[k + 1] = r.Milliohms[k] / 1000.0;
            }
            return new FfpSweep(ohms, r.Millivolts.Select(mv => mv / 1000.0).ToArray(), ToSweep(r.Direction));
        }

        /// <summary>Analyses the sweeps <paramref name="raw"/> of <paramref name="direction"/>, writing CSVs, models and figures into <paramref name="folder"/>; returns that direction's results.</summary>
        public static JsonObject Analyse(ResultsFolder folder, int direction, List<FfpSweepResult> raw, FfpLevelsSettings s)
        {
            string name = FfpDirection.Name(direction);
            var result = new JsonObject();
            var usable = raw.Where(r => r.Events >= 2).ToList();
            double[] events = raw.Select(r => (double)r.Events).ToArray();
            result["eventsPerSweep"] = new JsonObject
            {
                ["mean"] = Stats.Mean(events),
                ["sd"] = Stats.StandardDeviation(events),
                ["min"] = events.Min(),
                ["max"] = events.Max(),
                ["each"] = new JsonArray(events.Select(e => (JsonNode)e).ToArray()),
                ["stops"] = new JsonArray(raw.Select(r => (JsonNode)r.StopName).ToArray()),
                ["paper"] = direction == FfpDirection.Potentiation ? "494 +- 11" : "579 +- 17",
            };
            if (usable.Count == 0)
            {
                result["error"] = "no sweep had 2 or more pulse events: the table moved the cell nowhere (stops: " + string.Join(", ", raw.Select(r => r.StopName)) + ")";
                return result;
            }
            List<FfpSweep> all = usable.Select(ToSweep).ToList();
            FfpSweep reference = all[0];
            List<FfpSweep> repeats = all.Count > 1 ? all.Skip(1).ToList() : all;
            LinearityFitResult sweepFit = LinearityFit.FitSweep(reference);
            result["sweepNu"] = sweepFit.Nu;
            result["sweepNuNote"] = "eq. " + (direction == FfpDirection.Potentiation ? "2" : "3") + " fitted to the raw reference sweep (n_j = event, n = events)";
            string from = direction == FfpDirection.Potentiation ? "HRS -> LRS" : "LRS -> HRS";
            folder.AddFigure("sweeps-" + name + ".png", "FFP sweeps " + from + ": resistance after each pulse event, all repeats, and the write voltage of each event of the reference sweep (Diao 2025 Fig. 3b/c)",
                p => Plots.FfpSweep(p, "FFP sweeps, " + name + " (" + from + ")",
                    all.Select((sw, i) => new Series("sweep " + (i + 1) + " (" + sw.Events + " events)", Enumerable.Range(0, sw.Ohms.Length).Select(k => (double)k).ToArray(), sw.Ohms)).ToList(),
                    new[] { new Series("V_w of sweep 1 (right axis)", Enumerable.Range(1, reference.Events).Select(k => (double)k).ToArray(), reference.Volts) }));
            var perN = new JsonObject();
            var samplerSeries = new List<Series>();
            foreach (int n in s.LevelCounts)
            {
                SegmentationResult plan = FfpSegmentation.Segment(reference, n);
                LinearityFitResult fit = LinearityFit.FitLadder(plan);
                var segs = all.Select(sw => FfpSegmentation.Segment(sw, n)).ToList();
                double[] distinct = segs.Select(x => (double)x.DistinctLevels).ToArray();
                double[] nus = segs.Where(x => x.DistinctLevels >= 3).Select(x => LinearityFit.FitLadder(x).Nu).ToArray();
                SkipAnalysisResult cpd = SkipAnalysis.Analyze(plan, repeats);
                SkipAnalysisResult cpdFinal = SkipAnalysis.Analyze(plan, repeats, mode: SkipSampleMode.FinalState);
                double window = reference.MaxOhms - reference.MinOhms;
                double[]?[] errors = ProgramErrorModel.ErrorsFromSweeps(plan, repeats);
                var provenance = new JsonObject
                {
                    ["command"] = s.CommandLine,
                    ["seed"] = s.Seed,
                    ["created"] = DateTime.UtcNow.ToString("o"),
                    ["referenceSweepEvents"] = reference.Events,
                    ["repeatSweeps"] = repeats.Count,
                    ["errorDefinition"] = "state reached by the level's pulse group, started from the repeat's state nearest the previous level, minus r_a,j; level 1: the repeat's start state minus r_a,1",
                };
                ProgramErrorModel model = ProgramErrorModel.Fit(plan, errors, provenance);
                string modelFile = "program-error-" + name + "-n" + n + ".json";
                model.Save(folder.AddFile(modelFile));
                var groupPulses = new Dictionary<int, int>();
                foreach (PulseGroup gr in plan.Groups)
                {
                    groupPulses[gr.FromLevel] = gr.Pulses;
                }
                var cpdByLevel = cpd.Levels.ToDictionary(l => l.Level);
                folder.WriteCsv("levels-" + name + "-n" + n + ".csv",
                    new[] { "level", "target", "achieved", "achieved_ohms", "occupied", "reason", "sweep_index", "pulses_to_next", "cpd80_normalised_level", "skip_prone", "err_loc", "err_scale", "err_nu", "err_samples", "err_fit" },
                    plan.Levels.Select(l =>
                    {
                        ProgramErrorLevel e = model.Levels[l.Index - 1];
                        cpdByLevel.TryGetValue(l.Index, out LevelCpd? c);
                        return (IReadOnlyList<object?>)new object?[]
                        {
                            l.Index, l.Target, l.Achieved, l.AchievedOhms, l.Occupied, l.Reason.ToString(), l.SweepIndex,
                            groupPulses.TryGetValue(l.Index, out int gp) ? gp : null, c?.AtCpd, c?.SkipProne,
                            e.Loc, e.Scale, e.Nu, e.Samples, e.Method.ToString(),
                        };
                    }));
                string eq = direction == FfpDirection.Potentiation ? "2" : "3";
                folder.AddFigure("ladder-" + name + "-n" + n + ".png", "Level ladder n = " + n + ", " + name + ": achieved levels r_a,j, targets and eq. " + eq + " fit (Diao 2025 Fig. 3d / 4a,b)",
                    p => Plots.LevelLadder(p, "Level ladder, " + name + ", n = " + n + " (" + plan.DistinctLevels + " distinct)", plan, fit));
                var chosen = ChooseLevels(cpd, 9);
                folder.AddFigure("cpd-" + name + "-n" + n + ".png", "CPD of the normalised resistance level for " + chosen.Count + " levels, n = " + n + ", " + name + "; skip-prone = beyond 1 at CPD 80 % (Diao 2025 Fig. 4c/d)",
                    p => Plots.Cpd(p, "CPD, " + name + ", n = " + n + " (" + cpd.SkipProneCount + " skip-prone of " + cpd.Levels.Count + ")", chosen));
                double[] pooledOhms = errors.Where(e => e != null).SelectMany(e => e!).Select(e => e * window).ToArray();
                StudentTParameters? pooledFit = pooledOhms.Length > 0 ? StudentTFit.Fit(pooledOhms) : null;
                folder.AddFigure("errors-" + name + "-n" + n + ".png", "Programming errors of all levels pooled (ohm), n = " + n + ", " + name + ", with a Student-t fit (per-level fits are in " + modelFile + ")",
                    p => Plots.ErrorHistogram(p, "Program errors, " + name + ", n = " + n, "programming error R_reached − r_a,j (Ω)", pooledOhms, pooledFit));
                var sampler = new ProgramErrorSampler(model, s.Seed);
                var rnd = new Random(s.Seed);
                double[] ideal = Enumerable.Range(0, 3000).Select(_ => rnd.NextDouble()).ToArray();
                double[] actual = new double[ideal.Length];
                sampler.Sample(ideal, actual);
                samplerSeries.Add(new Series("n = " + n, ideal, actual));
                perN["n" + n] = new JsonObject
                {
                    ["distinctLevels"] = plan.DistinctLevels,
                    ["distinctLevelsOverSweeps"] = new JsonObject { ["mean"] = Stats.Mean(distinct), ["min"] = distinct.Min(), ["max"] = distinct.Max() },
                    ["unoccupied"] = plan.Unoccupied.Count,
                    ["pulsesPerGroup"] = new JsonObject { ["mean"] = plan.PulsesPerGroup.Mean, ["min"] = plan.PulsesPerGroup.Min, ["max"] = plan.PulsesPerGroup.Max },
                    ["nu"] = fit.Nu,
                    ["nuOverSweeps"] = new JsonObject { ["mean"] = nus.Length > 0 ? Stats.Mean(nus) : double.NaN, ["sd"] = Stats.StandardDeviation(nus), ["sweeps"] = nus.Length },
                    ["nuStraightLadder"] = LinearityFit.StraightLadderNu(Math.Max(3, n), ToSweep(direction)),
                    ["nuRmsResidual"] = fit.RmsResidual,
                    ["nlf"] = plan.Nlf,
                    ["rmsLevelError"] = plan.RmsLevelError,
                    ["skipProne"] = cpd.SkipProneCount,
                    ["skipProneFinalState"] = cpdFinal.SkipProneCount,
                    ["cpdLevels"] = cpd.Levels.Count,
                    ["programErrorModel"] = modelFile,
                    ["pooledErrorOhms"] = pooledFit == null ? null : new JsonObject { ["loc"] = pooledFit.Loc, ["scale"] = pooledFit.Scale, ["nu"] = pooledFit.Nu, ["samples"] = pooledFit.Samples },
                };
            }
            folder.AddFigure("sampler-" + name + ".png", "Program-error sampler (eq. 4/5): y_actual = Q(y_ideal) + T for 3000 uniform y_ideal per level count, seed " + s.Seed + " (Diao 2025 Fig. 5a)",
                p => Plots.SamplerScatter(p, "Program-error sampler, " + name, samplerSeries));
            result["levels"] = perN;
            return result;
        }

        /// <summary>About <paramref name="count"/> levels spread evenly over the ladder (always the first and last), with their samples.</summary>
        private static List<(int Level, double[] Samples)> ChooseLevels(SkipAnalysisResult cpd, int count)
        {
            var list = new List<(int, double[])>();
            if (cpd.Samples == null || cpd.Levels.Count == 0)
            {
                return list;
            }
            int m = cpd.Levels.Count;
            var picks = Enumerable.Range(0, Math.Min(count, m)).Select(i => m == 1 ? 0 : (int)Math.Round(i * (m - 1.0) / (Math.Min(count, m) - 1))).Distinct();
            foreach (int i in picks)
            {
                list.Add((cpd.Levels[i].Level, cpd.Samples[i]));
            }
            return list;
        }

        private static SweepDirection ToSweep(int direction) => direction == FfpDirection.Potentiation ? SweepDirection.Potentiation : SweepDirection.Depression;
    }
}

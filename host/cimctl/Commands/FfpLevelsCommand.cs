using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Host;
using CimController.Protocol.Messages;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>Settings of one <c>cimctl ffp levels</c> run.</summary>
    public sealed record FfpLevelsSettings(int Tile, int Row, int Col, int[] LevelCounts, int Repeats, int[] Directions, FfpCalibrationOptions Calibration,
        bool Rebuild, string? TablePath, int Seed, int MaxEvents);

    /// <summary>
    /// <c>cimctl ffp levels</c>: Diao 2025 Fig. 3-5 end to end. Makes sure the firmware has an FFP table, drives the cell
    /// to HRS, then repeats R times an FFP sweep HRS->LRS (potentiation) and LRS->HRS (depression); per direction and
    /// level count n it segments the sweeps into program levels, fits nu (eq. 2/3), counts skip-prone levels at CPD 80 %,
    /// fits and exports the Student-t program-error model (eq. 4/5), and draws the sweeps, ladders, CPD plots, error
    /// histograms and the sampler's y_ideal/y_actual cloud.
    /// <para>
    /// Conventions: the first sweep of each direction is the reference that is segmented into the level plan; the other
    /// R − 1 sweeps are the repeats whose states give the CPD samples and the programming errors (with R = 1 the reference
    /// itself is used). Distinct levels and nu are also given over all sweeps (mean ± sd), as the paper's ± values.
    /// </para>
    /// </summary>
    public static class FfpLevelsCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var cell = new CellOptions();
            var results = new ResultsOptions();
            var n = new Option<string>("--n") { Description = "Level counts to segment into, comma-separated (Diao 2025: 32,128,512)", DefaultValueFactory = _ => "32,128,512" };
            var repeats = new Option<int>("--repeats") { Description = "FFP sweeps per direction (HRS->LRS and back, R times); the first is the level plan, the others give the CPD samples and programming errors (>= 6 for per-level Student-t fits)", DefaultValueFactory = _ => 10 };
            var directions = new Option<string>("--directions") { Description = "both | potentiation | depression", DefaultValueFactory = _ => "both" };
            var table = new Option<string?>("--table") { Description = "Upload this FFP table file first (from 'cimctl ffp table --save')" };
            var rebuild = new Option<bool>("--rebuild") { Description = "Calibrate and build a new table even when the firmware holds one" };
            var volts = new Option<string>("--volts")
            {
                Description = "Write voltages for the calibration when one is needed, V",
                DefaultValueFactory = _ => string.Join(",", FfpCalibrationOptions.PaperVoltagesMillivolts.Select(mv => OptionParsing.N(mv / 1000.0))),
            };
            var pulses = new Option<int>("--pulses") { Description = "Calibration pulses per voltage when one is needed (Diao 2025: 100)", DefaultValueFactory = _ => 100 };
            var resets = FfpCommand.ResetPulsesOption();
            var width = FfpCommand.WidthOption();
            var maxEvents = new Option<int>("--max-events") { Description = "Pulse-event budget of one sweep", DefaultValueFactory = _ => 4000 };
            var any = FfpCommand.AnyProfileOption();
            var command = new Command("levels", "FFP sweeps HRS->LRS and back (repeated), multilevel segmentation into n levels, nu fits (eq. 2/3), CPD skip-prone counts, Student-t program-error model export (Diao 2025 Fig. 3-5)");
            cell.AddTo(command);
            results.AddTo(command);
            foreach (Option o in new Option[] { n, repeats, directions, table, rebuild, volts, pulses, resets, width, maxEvents, any })
            {
                command.Options.Add(o);
            }
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                (int tile, int row, int col) = cell.Read(parse);
                int[] counts = OptionParsing.Integers("--n", parse.GetValue(n), 2, 65535);
                int reps = parse.GetValue(repeats);
                if (reps < 1 || reps > 1000)
                {
                    throw new UsageException("--repeats " + reps + " is not valid; give 1..1000 sweeps per direction");
                }
                int budget = parse.GetValue(maxEvents);
                if (budget < 2 || budget > 1_000_000)
                {
                    throw new UsageException("--max-events " + budget + " is not valid; give 2..1000000");
                }
                string? tablePath = parse.GetValue(table);
                if (tablePath != null && !File.Exists(tablePath))
                {
                    throw new UsageException("--table " + tablePath + ": no such file");
                }
                var settings = new FfpLevelsSettings(tile, row, col, counts, reps, OptionParsing.Directions(parse.GetValue(directions)),
                    FfpCommand.CalibrationOptions(parse.GetValue(volts), parse.GetValue(pulses), OptionParsing.Directions("both"), parse.GetValue(resets), parse.GetValue(width)),
                    parse.GetValue(rebuild), tablePath, g.Seed, budget);
                using CimClient client = g.Connect();
                FfpCommand.RequireTio2(client, g, parse.GetValue(any));
                FfpCommand.CheckCalibration(settings.Calibration, client.Info);
                CellOptions.Check(client, tile, row, col);
                ResultsFolder folder = results.Create(parse, "ffp-levels");
                JsonObject summary = Run(client, g, settings, folder);
                folder.WriteSummary(ResultsOptions.CommandLine(), g.Seed, client.Info.ProfileName, client.BoardDescription, summary);
                if (!g.Json)
                {
                    PrintTable(summary);
                }
                FfpCommand.Report(g, client, folder, summary, "FFP levels: " + reps + " sweep(s) per direction, n = " + string.Join(", ", counts));
                return ExitCodes.Ok;
            });
            return command;
        }

        /// <summary>Runs the experiment and the analyses, writing everything into <paramref name="folder"/>; returns the headline results.</summary>
        public static JsonObject Run(CimClient client, GlobalSettings g, FfpLevelsSettings s, ResultsFolder folder)
        {
            var summary = new JsonObject
            {
                ["cell"] = new JsonObject { ["tile"] = s.Tile, ["row"] = s.Row, ["col"] = s.Col },
                ["repeats"] = s.Repeats,
                ["levelCounts"] = new JsonArray(s.LevelCounts.Select(c => (JsonNode)c).ToArray()),
            };
            // 1. The table.
            if (s.TablePath != null)
            {
                byte[] bytes = File.ReadAllBytes(s.TablePath);
                try
                {
                    CimClient.FfpTableFromBytes(bytes);
                }
                catch (Exception e) when (e is Protocol.ProtocolException || e is ArgumentException || e is IndexOutOfRangeException)
                {
                    throw new UsageException("--table " + s.TablePath + " is not a valid FFP table file (" + e.Message + ")");
                }
                client.FfpSetTableBytes(bytes);
            }
            var (table, how, calibration) = FfpCommand.EnsureTable(client, g, s.Tile, s.Row, s.Col, s.Calibration, new FfpBuildTableRequest(), s.Rebuild && s.TablePath == null);
            summary["table"] = FfpCommand.TableJson(table);
            summary["table"]!["how"] = s.TablePath != null ? "uploaded from " + s.TablePath : how;
            if (calibration != null)
            {
                summary["calibration"] = FfpCommand.WriteCalibration(folder, calibration.Select(t => (0, t)).ToList());
            }
            File.WriteAllBytes(folder.AddFile("ffp-table.ffptable"), CimClient.FfpTableBytes(table));
            FfpCommand.WriteTableCsv(folder, table);

            // 2. The sweeps: to HRS first, then R x (HRS->LRS, LRS->HRS).
            var request = new FfpSweepRequest { MaxEvents = s.MaxEvents };
            FfpSweepResult init = ProgressDisplay.Run(g.Interactive, "FFP sweep to HRS (initialise)", p => client.FfpSweep(s.Tile, s.Row, s.Col, FfpDirection.Depression, request, p));
            summary["initialise"] = new JsonObject { ["events"] = init.Events, ["stop"] = init.StopName, ["endOhms"] = init.Events > 0 ? init.Milliohms[^1] / 1000.0 : init.StartMilliohms / 1000.0 };
            var sweeps = new Dictionary<int, List<FfpSweepResult>> { [FfpDirection.Potentiation] = new(), [FfpDirection.Depression] = new() };
            var rows = new List<IReadOnlyList<object?>>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int r = 0; r < s.Repeats; r++)
            {
                foreach (int direction in new[] { FfpDirection.Potentiation, FfpDirection.Depression })
                {
                    bool analysed = s.Directions.Contains(direction);
                    string label = "sweep " + (r + 1) + "/" + s.Repeats + " " + OptionParsing.Name(direction) + (analysed ? "" : " (return)");
                    FfpSweepResult sweep = ProgressDisplay.Run(g.Interactive, label, p => client.FfpSweep(s.Tile, s.Row, s.Col, direction, request, p));
                    sweeps[direction].Add(sweep);
                    rows.Add(new object?[] { r, OptionParsing.Name(direction), 0, null, sweep.StartMilliohms / 1000.0, sweep.StopName });
                    for (int k = 0; k < sweep.Events; k++)
                    {
                        rows.Add(new object?[] { r, OptionParsing.Name(direction), k + 1, sweep.Millivolts[k] / 1000.0, sweep.Milliohms[k] / 1000.0, null });
                    }
                }
            }
            double sweepSeconds = clock.Elapsed.TotalSeconds;
            long sweepEvents = sweeps.Values.SelectMany(x => x).Sum(x => (long)x.Events);
            summary["sweepTiming"] = new JsonObject { ["wallSeconds"] = sweepSeconds, ["events"] = sweepEvents, ["eventsPerSecond"] = sweepSeconds > 0 ? sweepEvents / sweepSeconds : double.NaN };
            folder.WriteCsv("sweeps.csv", new[] { "repeat", "direction", "event", "write_volts", "ohms_after", "stop" }, rows);

            // 3. Analyses per direction.
            var perDirection = new JsonObject();
            foreach (int direction in s.Directions)
            {
                ProgressDisplay.Step(g.Interactive, "analysis and plots, " + OptionParsing.Name(direction), () => perDirection[OptionParsing.Name(direction)] = Analyse(folder, direction, sweeps[direction], s));
            }
            summary["directions"] = perDirection;
            var all = sweeps.Values.SelectMany(x => x).Where(x => x.Events > 0).ToList();
            if (all.Count > 0)
            {
                double hi = all.Max(x => Math.Max(x.StartMilliohms, x.Milliohms.Max())) / 1000.0;
                double lo = all.Min(x => Math.Min(x.StartMilliohms, x.Milliohms.Min())) / 1000.0;
                summary["window"] = new JsonObject { ["hrsOhms"] = hi, ["lrsOhms"] = lo, ["hrsOverLrs"] = hi / lo };
            }
            return summary;
        }

        private static FfpSweep ToSweep(FfpSweepResult r)
        {
            var ohms = new double[r.Events + 1];
            ohms[0] = r.StartMilliohms / 1000.0;
            for (int k = 0; k < r.Events; k++)
            {
                ohms[k + 1] = r.Milliohms[k] / 1000.0;
            }
            return new FfpSweep(ohms, r.Millivolts.Select(mv => mv / 1000.0).ToArray(), OptionParsing.ToSweep(r.Direction));
        }

        private static JsonObject Analyse(ResultsFolder folder, int direction, List<FfpSweepResult> raw, FfpLevelsSettings s)
        {
            string name = OptionParsing.Name(direction);
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
                    ["command"] = ResultsOptions.CommandLine(),
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
                    ["nuStraightLadder"] = LinearityFit.StraightLadderNu(Math.Max(3, n), OptionParsing.ToSweep(direction)),
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

        private static void PrintTable(JsonObject summary)
        {
            var table = new Table().Title("FFP levels").AddColumns("direction", "events/sweep", "n", "distinct", "unoccupied", "nu (eq. 2/3)", "nu straight ladder", "NLF", "skip-prone @CPD80");
            if (summary["directions"] is not JsonObject dirs)
            {
                return;
            }
            foreach (var d in dirs)
            {
                JsonObject o = d.Value!.AsObject();
                string ev = OptionParsing.N(o["eventsPerSweep"]!["mean"]!.GetValue<double>(), "0.#") + " ± " + OptionParsing.N(o["eventsPerSweep"]!["sd"]!.GetValue<double>(), "0.#");
                if (o["levels"] is not JsonObject levels)
                {
                    table.AddRow(d.Key, ev, "-", "-", "-", "-", "-", "-", Markup.Escape(o["error"]?.GetValue<string>() ?? ""));
                    continue;
                }
                foreach (var l in levels)
                {
                    JsonObject x = l.Value!.AsObject();
                    table.AddRow(d.Key, ev, l.Key.Substring(1), x["distinctLevels"]!.ToString(), x["unoccupied"]!.ToString(),
                        x["nu"]!.GetValue<double>().ToString("0.00E+0"), x["nuStraightLadder"]!.GetValue<double>().ToString("0.00E+0"),
                        OptionParsing.N(x["nlf"]!.GetValue<double>(), "0.0000"), x["skipProne"] + " / " + x["cpdLevels"]);
                }
            }
            AnsiConsole.Write(table);
        }
    }
}

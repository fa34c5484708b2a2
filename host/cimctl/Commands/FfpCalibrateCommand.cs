using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Host;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary><c>cimctl ffp calibrate</c>: calibration traces per write voltage and direction (Diao 2025 Fig. 2).</summary>
    public static partial class FfpCommand
    {
        private static Command Calibrate(GlobalOptions globals)
        {
            var cell = new CellOptions();
            var results = new ResultsOptions();
            var volts = VoltsOption();
            var pulses = PulsesOption();
            var directions = new Option<string>("--directions") { Description = "both | potentiation | depression", DefaultValueFactory = _ => "both" };
            var repeats = new Option<int>("--repeats") { Description = "Repetitions of the whole calibration (Diao 2025: 5); > 1 adds the Pearson cycle-to-cycle figure (eq. 1)", DefaultValueFactory = _ => 1 };
            var resets = ResetPulsesOption();
            var width = WidthOption();
            var any = AnyProfileOption();
            var command = new Command("calibrate", "Calibrate |dR| per pulse for each write voltage from HRS (potentiation) and LRS (depression), Diao 2025 Fig. 2: R-vs-pulse and |dR| plots, CSV");
            cell.AddTo(command);
            results.AddTo(command);
            command.Options.Add(volts);
            command.Options.Add(pulses);
            command.Options.Add(directions);
            command.Options.Add(repeats);
            command.Options.Add(resets);
            command.Options.Add(width);
            command.Options.Add(any);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                (int tile, int row, int col) = cell.Read(parse);
                FfpCalibrationOptions options = CalibrationOptions(parse.GetValue(volts), parse.GetValue(pulses), OptionParsing.Directions(parse.GetValue(directions)), parse.GetValue(resets), parse.GetValue(width));
                int reps = parse.GetValue(repeats);
                if (reps < 1 || reps > 100)
                {
                    throw new UsageException("--repeats " + reps + " is not valid; give 1..100");
                }
                using CimClient client = g.Connect();
                RequireTio2(client, g, parse.GetValue(any));
                CheckCalibration(options, client.Info);
                CellOptions.Check(client, tile, row, col);
                ResultsFolder folder = results.Create(parse, "ffp-calibrate");
                var all = new List<(int Repeat, FfpCalibrationTrace Trace)>();
                for (int r = 0; r < reps; r++)
                {
                    foreach (FfpCalibrationTrace t in RunCalibration(client, g, tile, row, col, options, "calibration " + (r + 1) + "/" + reps))
                    {
                        all.Add((r, t));
                    }
                }
                JsonObject summary = WriteCalibration(folder, all);
                summary["cell"] = new JsonObject { ["tile"] = tile, ["row"] = row, ["col"] = col };
                folder.WriteSummary(ResultsOptions.CommandLine(), g.Seed, client.Info.ProfileName, client.BoardDescription, summary);
                Report(g, client, folder, summary, "FFP calibration");
                return ExitCodes.Ok;
            });
            return command;
        }

        /// <summary>Writes calibration.csv, the R-vs-pulse and |dR| figures per direction and (repeats > 1) pearson.csv; returns headline results.</summary>
        public static JsonObject WriteCalibration(ResultsFolder folder, IReadOnlyList<(int Repeat, FfpCalibrationTrace Trace)> all)
        {
            folder.WriteCsv("calibration.csv", new[] { "repeat", "direction", "write_volts", "pulse", "ohms", "abs_delta_ohms" },
                all.SelectMany(x =>
                {
                    double[] r = x.Trace.Ohms();
                    return Enumerable.Range(0, r.Length).Select(i => (IReadOnlyList<object?>)new object?[]
                    {
                        x.Repeat, FfpDirection.Name(x.Trace.Direction), x.Trace.WriteMillivolts / 1000.0, i, r[i], i == 0 ? null : Math.Abs(r[i] - r[i - 1]),
                    });
                }));
            var perDirection = new JsonObject();
            foreach (int direction in all.Select(x => x.Trace.Direction).Distinct())
            {
                string name = OptionParsing.Name(direction);
                int last = all.Max(x => x.Repeat);
                var traces = all.Where(x => x.Trace.Direction == direction && x.Repeat == last).Select(x => x.Trace).ToList();
                string from = direction == FfpDirection.Potentiation ? "from HRS" : "from LRS";
                folder.AddFigure("r-vs-pulse-" + name + ".png", "Resistance after each of K identical pulses per write voltage, " + name + " " + from + " (Diao 2025 Fig. 2a)",
                    p => Plots.ResistanceVsPulse(p, "Identical pulses, " + name + " " + from, traces.Select(t =>
                        new Series(OptionParsing.N(t.WriteMillivolts / 1000.0) + " V", Enumerable.Range(0, t.Milliohms.Length + 1).Select(i => (double)i).ToArray(), t.Ohms())).ToList()));
                folder.AddFigure("dr-map-" + name + ".png", "|dR| per pulse against the resistance before it, per write voltage, " + name + " (Diao 2025 Fig. 2c/d)",
                    p => Plots.DeltaRMap(p, "|ΔR| per pulse, " + name, traces.Select(t =>
                        new Series(OptionParsing.N(t.WriteMillivolts / 1000.0) + " V", t.Ohms().Take(t.Milliohms.Length).ToArray(), t.AbsDeltaOhms())).ToList()));
                var voltages = new JsonArray();
                foreach (FfpCalibrationTrace t in traces)
                {
                    double[] d = t.AbsDeltaOhms();
                    double[] r = t.Ohms();
                    var entry = new JsonObject
                    {
                        ["volts"] = t.WriteMillivolts / 1000.0,
                        ["rangeOhms"] = r.Max() - r.Min(),
                        ["meanAbsDeltaOhms"] = d.Length > 0 ? d.Average() : 0,
                        ["pulsesInBand"] = d.Count(v => v > 0.1 && v < 0.3),
                    };
                    if (last > 0)
                    {
                        // Diao 2025 eq. 1 / Fig. 2b: mean Pearson correlation of the last repetition with every earlier one.
                        var earlier = all.Where(x => x.Trace.Direction == direction && x.Repeat < last && x.Trace.WriteMillivolts == t.WriteMillivolts).Select(x => x.Trace.Ohms()).ToList();
                        entry["meanPearson"] = earlier.Count > 0 ? earlier.Average(e => Stats.Pearson(r, e)) : double.NaN;
                    }
                    voltages.Add(entry);
                }
                perDirection[name] = voltages;
            }
            if (all.Count > 0 && all.Max(x => x.Repeat) > 0)
            {
                folder.AddFigure("pearson.png", "Cycle-to-cycle reproducibility: mean Pearson correlation (eq. 1) of the last repetition with the earlier ones against the dynamic range, one point per write voltage (Diao 2025 Fig. 2b)",
                    p => Plots.Points(p, "Cycle-to-cycle reproducibility (Pearson, eq. 1), one point per write voltage", "dynamic range R_max − R_min (Ω)", "mean Pearson correlation",
                        perDirection.Select(kv => new Series(kv.Key, kv.Value!.AsArray().Select(e => e!["rangeOhms"]!.GetValue<double>()).ToArray(),
                            kv.Value!.AsArray().Select(e => e!["meanPearson"]!.GetValue<double>()).ToArray())).ToList()));
                folder.WriteCsv("pearson.csv", new[] { "direction", "write_volts", "range_ohms", "mean_pearson" }, perDirection.SelectMany(kv =>
                    kv.Value!.AsArray().Select(e => (IReadOnlyList<object?>)new object?[] { kv.Key, e!["volts"]!.GetValue<double>(), e["rangeOhms"]!.GetValue<double>(), e["meanPearson"]!.GetValue<double>() })));
            }
            return new JsonObject { ["traces"] = all.Count, ["directions"] = perDirection };
        }

    }
}

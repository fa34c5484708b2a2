using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Experiments.Ffp;
using CimController.Host;
using CimController.Protocol.Messages;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl ffp levels</c>: Diao 2025 Fig. 3-5 end to end (<see cref="FfpLevelsExperiment"/>, <see cref="FfpLevelsAnalysis"/>):
    /// repeated FFP sweeps HRS->LRS and back, segmented into n program levels, nu fits, CPD skip-prone counts and the
    /// Student-t program-error model; this command checks the options, runs it and prints the table.
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
                byte[]? tableBytes = tablePath != null ? FfpCommand.ReadTableFile(tablePath, "--table") : null;
                var settings = new FfpLevelsSettings(tile, row, col, counts, reps, OptionParsing.Directions(parse.GetValue(directions)),
                    FfpCommand.CalibrationOptions(parse.GetValue(volts), parse.GetValue(pulses), OptionParsing.Directions("both"), parse.GetValue(resets), parse.GetValue(width)),
                    parse.GetValue(rebuild), tableBytes, tablePath, g.Seed, budget, ResultsOptions.CommandLine());
                using CimClient client = g.Connect();
                FfpCommand.RequireTio2(client, g, parse.GetValue(any));
                FfpCommand.CheckCalibration(settings.Calibration, client.Info);
                CellOptions.Check(client, tile, row, col);
                ResultsFolder folder = results.Create(parse, "ffp-levels");
                JsonObject summary = FfpLevelsExperiment.Run(client, new ProgressSteps(g.Interactive), settings, folder);
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

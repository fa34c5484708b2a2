using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Experiments.Ffp;
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
                var all = FfpCalibrationRun.Repeat(client, new ProgressSteps(g.Interactive), tile, row, col, options, reps);
                JsonObject summary = FfpCalibrationReport.Write(folder, all);
                summary["cell"] = new JsonObject { ["tile"] = tile, ["row"] = row, ["col"] = col };
                folder.WriteSummary(ResultsOptions.CommandLine(), g.Seed, client.Info.ProfileName, client.BoardDescription, summary);
                Report(g, client, folder, summary, "FFP calibration");
                return ExitCodes.Ok;
            });
            return command;
        }
    }
}

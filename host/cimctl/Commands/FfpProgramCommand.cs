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
    /// <summary><c>cimctl ffp program</c>: program a cell to a resistance or level by table look-up.</summary>
    public static partial class FfpCommand
    {
        private static Command Program(GlobalOptions globals)
        {
            var cell = new CellOptions();
            var ohms = new Option<double?>("--ohms") { Description = "Target resistance, ohm" };
            var level = new Option<int?>("--level") { Description = "Target level number j (1-based, level 1 = the sweep's start) of --model" };
            var model = new Option<string?>("--model") { Description = "Program-error model file of 'cimctl ffp levels' whose achieved level resistances --level refers to" };
            var tolerance = new Option<double>("--tolerance") { Description = "Tolerance, ohm", DefaultValueFactory = _ => 0.05 };
            var maxEvents = new Option<int>("--max-events") { Description = "Pulse-event budget", DefaultValueFactory = _ => 2000 };
            var volts = VoltsOption();
            var pulses = PulsesOption();
            var width = WidthOption();
            var tableFile = new Option<string?>("--table") { Description = "Upload this FFP table file first (from 'cimctl ffp table --save'); otherwise the firmware's table is used, or one is calibrated and built" };
            var any = AnyProfileOption();
            var command = new Command("program", "FFP-program one cell to a resistance (--ohms) or to a level of a program-error model (--level J --model FILE) by table look-up, no search");
            cell.AddTo(command);
            foreach (Option o in new Option[] { ohms, level, model, tolerance, maxEvents, volts, pulses, width, tableFile, any })
            {
                command.Options.Add(o);
            }
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                (int tile, int row, int col) = cell.Read(parse);
                double? target = parse.GetValue(ohms);
                int? j = parse.GetValue(level);
                string? modelPath = parse.GetValue(model);
                if ((target == null) == (j == null))
                {
                    throw new UsageException("give either --ohms R or --level J --model FILE");
                }
                if (j != null)
                {
                    if (modelPath == null)
                    {
                        throw new UsageException("--level needs --model FILE (a program-error model written by 'cimctl ffp levels') for the level resistances");
                    }
                    ProgramErrorModel m;
                    try
                    {
                        m = ProgramErrorModel.Load(modelPath);
                    }
                    catch (ProgramErrorModelException e)
                    {
                        throw new UsageException(e.Message);
                    }
                    if (j < 1 || j > m.LevelCount)
                    {
                        throw new UsageException("--level " + j + " is not a level of " + modelPath + "; it has levels 1.." + m.LevelCount);
                    }
                    target = m.Levels[j.Value - 1].AchievedOhms;
                }
                if (!(target > 0) || !double.IsFinite(target!.Value) || target > 4e6)
                {
                    throw new UsageException("--ohms " + target + " is not a resistance; give a positive value in ohm");
                }
                double tol = parse.GetValue(tolerance);
                if (!(tol >= 0) || tol > 4e6)
                {
                    throw new UsageException("--tolerance " + tol + " is not valid; give a non-negative value in ohm");
                }
                int budget = parse.GetValue(maxEvents);
                if (budget < 1 || budget > CommandCaps.PulsesPerCell)
                {
                    throw new UsageException("--max-events " + budget + " is not valid; give 1.." + CommandCaps.PulsesPerCell + " (the firmware's cap per request)");
                }
                FfpCalibrationOptions calibration = CalibrationOptions(parse.GetValue(volts), parse.GetValue(pulses), OptionParsing.Directions("both"), DefaultResetPulses, parse.GetValue(width));
                string? tablePath = parse.GetValue(tableFile);
                using CimClient client = g.Connect();
                RequireTio2(client, g, parse.GetValue(any));
                CheckCalibration(calibration, client.Info);
                CellOptions.Check(client, tile, row, col);
                DeviceWindow.Of(g, client)?.RequireOhms(j != null ? "--level " + j + " of " + modelPath + " is" : "--ohms", target.Value);
                byte[]? tableBytes = tablePath != null ? ReadTableFile(tablePath, "--table") : null;
                var settings = new FfpProgramSettings(tile, row, col, target.Value, tol, budget, calibration, tableBytes, tablePath);
                FfpProgramOutcome outcome = FfpProgramExperiment.Run(client, new ProgressSteps(g.Interactive), settings);
                JsonObject doc = FfpProgramExperiment.Json(settings, outcome, j, modelPath);
                string explanation = FfpStatusText.Explain(outcome.Result.Status, outcome.ErrorOhms, tol);
                if (g.Json)
                {
                    JsonObject head = CommandContext.Document(g, client);
                    foreach (var kv in doc)
                    {
                        head[kv.Key] = kv.Value?.DeepClone();
                    }
                    head["explanation"] = explanation;
                    if (!outcome.Reached)
                    {
                        head["error"] = outcome.Result.StatusName + ": " + explanation;
                        head["exitCode"] = ExitCodes.Failure;
                    }
                    JsonOutput.Write(ResultsFolder.Sanitize(head)!);
                }
                else
                {
                    CommandContext.PrintHeader(g, client);
                    AnsiConsole.Write(BoardReport.KeyValueTable("FFP program", doc));
                    Console.WriteLine(outcome.Result.StatusName + ": " + explanation);
                }
                return outcome.Reached ? ExitCodes.Ok : ExitCodes.Failure;
            });
            return command;
        }
    }
}

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
    /// <summary>
    /// <c>cimctl ffp calibrate|table|levels|program</c>: Diao 2025's feed-forward pulse scheme on a TiO2-x device —
    /// calibrate |dR| per write voltage and resistance (Fig. 2), build/download/upload the lookup table, sweep and
    /// segment into program levels with the nu, CPD and program-error analyses (Fig. 3-5), program one cell.
    /// </summary>
    public static partial class FfpCommand
    {
        /// <summary>Builds the command group.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var command = new Command("ffp", "Feed-forward pulse (FFP) programming of TiO2-x devices (Diao 2025): calibrate, table, levels, program");
            command.Subcommands.Add(Calibrate(globals));
            command.Subcommands.Add(Table(globals));
            command.Subcommands.Add(FfpLevelsCommand.Create(globals));
            command.Subcommands.Add(Program(globals));
            return command;
        }

        /// <summary><c>--any-profile</c>: skip the TiO2 profile check.</summary>
        public static Option<bool> AnyProfileOption() => new Option<bool>("--any-profile") { Description = "Run even when the board's profile is not a TiO2-x one" };

        /// <summary>Throws a usage error unless the board reports a TiO2-x profile.</summary>
        public static void RequireTio2(CimClient client, GlobalSettings g, bool anyProfile)
        {
            string p = client.Info.ProfileName;
            if (anyProfile || p.Contains("tio2", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            string active = g.Address.Kind == BoardAddressKind.Emulator ? " (from --profile " + g.Profile + ")" : "";
            throw new UsageException("FFP commands need a TiO2-x four-terminal device profile (Diao 2025, HRS 880 ohm / LRS 740 ohm); the board reports profile '"
                + p + "'" + active + ". Run with --profile tio2, or add --any-profile to try FFP on this device anyway.");
        }

        private static Option<string> VoltsOption() => new Option<string>("--volts")
        {
            Description = "Write voltages to calibrate, V, comma-separated (Diao 2025: 0.3..7.0 V)",
            DefaultValueFactory = _ => string.Join(",", FfpCalibrationOptions.PaperVoltagesMillivolts.Select(mv => OptionParsing.N(mv / 1000.0))),
        };

        private static Option<int> PulsesOption() => new Option<int>("--pulses") { Description = "Identical pulses per voltage and direction (Diao 2025: 100)", DefaultValueFactory = _ => 100 };

        /// <summary>Reset pulses before each calibration trace; 0 = the host's saturating reset (see <see cref="FfpCalibrationRun"/>).</summary>
        public const int DefaultResetPulses = 0;

        /// <summary><c>--reset-pulses</c>.</summary>
        public static Option<int> ResetPulsesOption() => new Option<int>("--reset-pulses")
        {
            Description = "±6 V reset pulses the firmware applies before each calibration trace; 0 (default): the host pulses in batches of 10 until the cell stops moving (HRS before potentiation, LRS before depression)",
            DefaultValueFactory = _ => DefaultResetPulses,
        };

        /// <summary><c>--width-ms</c>: calibration pulse width.</summary>
        public static Option<double> WidthOption() => new Option<double>("--width-ms")
        {
            Description = "Width of the calibration write and reset pulses, ms (Diao 2025: 2000)",
            DefaultValueFactory = _ => 2000,
        };

        /// <summary>Calibration options from the command line.</summary>
        public static FfpCalibrationOptions CalibrationOptions(string? volts, int pulses, int[] directions, int resetPulses = DefaultResetPulses, double widthMs = 2000)
        {
            if (!(widthMs > 0) || widthMs > 4000)
            {
                throw new UsageException("--width-ms " + widthMs + " is not valid; give 0 < width <= 4000 ms (the profile's limits apply)");
            }
            if (resetPulses < 0 || resetPulses > CommandCaps.PulsesPerCell)
            {
                throw new UsageException("--reset-pulses " + resetPulses + " is not valid; give 0.." + CommandCaps.PulsesPerCell + " (the firmware's cap per cell)");
            }
            if (pulses < 1 || pulses > 10000)
            {
                throw new UsageException("--pulses " + pulses + " is not valid; give 1..10000 pulses per voltage");
            }
            double[] v = OptionParsing.Numbers("--volts", volts, 0.001, 32.0);
            return new FfpCalibrationOptions
            {
                VoltagesMillivolts = v.Select(x => (int)Math.Round(x * 1000)).ToArray(),
                Pulses = pulses,
                Directions = directions,
                ResetCount = resetPulses,
                WidthNs = (uint)Math.Round(widthMs * 1e6),
                ResetWidthNs = (uint)Math.Round(widthMs * 1e6),
            };
        }

        /// <summary>
        /// Throws <see cref="UsageException"/> when a calibration pulse (a write voltage in a calibrated direction, the ±reset
        /// voltage, the width) lies beyond the pulse limits <paramref name="info"/> reports, so that nothing is pulsed.
        /// </summary>
        public static void CheckCalibration(FfpCalibrationOptions o, InfoMessage info)
        {
            int limit = int.MaxValue;
            if (o.Directions.Contains(FfpDirection.Potentiation))
            {
                limit = Math.Min(limit, info.MaxSetMillivolts);
            }
            if (o.Directions.Contains(FfpDirection.Depression))
            {
                limit = Math.Min(limit, info.MaxResetMillivolts);
            }
            int highest = o.VoltagesMillivolts.Max();
            if (highest > limit)
            {
                throw new UsageException("--volts " + OptionParsing.N(highest / 1000.0) + " is beyond the pulses of profile '" + info.ProfileName + "': give write voltages up to "
                    + OptionParsing.N(limit / 1000.0) + " V");
            }
            if (o.ResetMillivolts > Math.Min(info.MaxSetMillivolts, info.MaxResetMillivolts))
            {
                throw new UsageException("the calibration's ±" + OptionParsing.N(o.ResetMillivolts / 1000.0) + " V reset (Diao 2025) is beyond the pulses of profile '" + info.ProfileName
                    + "' (SET up to " + OptionParsing.N(info.MaxSetMillivolts / 1000.0) + " V, RESET up to " + OptionParsing.N(info.MaxResetMillivolts / 1000.0) + " V); FFP calibration needs a TiO2-x device (--profile tio2)");
            }
            if (o.WidthNs < info.MinPulseWidthNs || o.WidthNs > info.MaxPulseWidthNs)
            {
                throw new UsageException("--width-ms " + OptionParsing.N(o.WidthNs / 1e6, "0.######") + " is outside the pulse widths of profile '" + info.ProfileName + "': give "
                    + OptionParsing.N(info.MinPulseWidthNs / 1e6) + ".." + OptionParsing.N(info.MaxPulseWidthNs / 1e6) + " ms");
            }
        }

        /// <summary>
        /// Reads the FFP table file <paramref name="path"/> given with <paramref name="option"/> and checks it locally, so that a
        /// file that is not a table is a usage error before anything is uploaded.
        /// </summary>
        public static byte[] ReadTableFile(string path, string option)
        {
            if (!File.Exists(path))
            {
                throw new UsageException(option + " " + path + ": no such file");
            }
            byte[] bytes = File.ReadAllBytes(path);
            try
            {
                CimClient.FfpTableFromBytes(bytes);
            }
            catch (Exception e) when (e is ProtocolException || e is ArgumentException || e is IndexOutOfRangeException)
            {
                throw new UsageException(option + " " + path + " is not a valid FFP table file (" + e.Message + "); write one with 'cimctl ffp table --save FILE'");
            }
            return bytes;
        }

        /// <summary>
        /// Prints a run's headline results: JSON document (with --json) or a table and the results folder. A run that ends
        /// with exit code 1 (<paramref name="error"/> says why) carries "error" and "exitCode" in its JSON document too.
        /// </summary>
        public static void Report(GlobalSettings g, CimClient client, ResultsFolder folder, JsonObject results, string title, string? error = null)
        {
            if (g.Json)
            {
                JsonObject doc = CommandContext.Document(g, client);
                if (error != null)
                {
                    doc["error"] = error;
                    doc["exitCode"] = ExitCodes.Failure;
                }
                doc["resultsDirectory"] = folder.Path;
                doc["results"] = results.DeepClone();
                doc["figures"] = new JsonArray(folder.Figures.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray());
                JsonOutput.Write(ResultsFolder.Sanitize(doc)!);
                return;
            }
            CommandContext.PrintHeader(g, client);
            AnsiConsole.MarkupLine("[bold]" + Markup.Escape(title) + "[/]");
            AnsiConsole.MarkupLine("[grey]results[/] " + Markup.Escape(folder.Path) + "  [grey](summary.json, CSV, " + folder.Figures.Count + " PNG)[/]");
        }
    }
}

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
    /// <summary>
    /// <c>cimctl ffp calibrate|table|levels|program</c>: Diao 2025's feed-forward pulse scheme on a TiO2-x device —
    /// calibrate |dR| per write voltage and resistance (Fig. 2), build/download/upload the lookup table, sweep and
    /// segment into program levels with the nu, CPD and program-error analyses (Fig. 3-5), program one cell.
    /// </summary>
    public static class FfpCommand
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

        /// <summary>Reset pulses before each calibration trace; 0 = the host's saturating reset (see <see cref="RunCalibration"/>).</summary>
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
            if (resetPulses < 0 || resetPulses > 65535)
            {
                throw new UsageException("--reset-pulses " + resetPulses + " is not valid; give 0..65535");
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

        /// <summary>Pulses per batch of the host-side saturating reset.</summary>
        public const int SaturatingResetBatch = 10;
        /// <summary>The saturating reset stops when a batch moves the cell by less than this, ohm (0.01 ohm per pulse: ten times below the FFP band's lower edge).</summary>
        public const double SaturatingResetStillOhms = 0.1;
        /// <summary>Most pulses of one saturating reset.</summary>
        public const int SaturatingResetMaxPulses = 5000;

        /// <summary>
        /// Runs the whole calibration with a progress bar. With <see cref="FfpCalibrationOptions.ResetCount"/> = 0 the host
        /// resets the cell itself before every trace: batches of ±reset-voltage pulses until a batch moves it by less than
        /// <see cref="SaturatingResetStillOhms"/> (the window end, HRS before potentiation, LRS before depression, as the
        /// paper's "automatic initialization to the HRS and LRS using V_w = ±6 V"); otherwise the firmware applies that many
        /// reset pulses.
        /// </summary>
        public static IReadOnlyList<FfpCalibrationTrace> RunCalibration(CimClient client, GlobalSettings g, int tile, int row, int col, FfpCalibrationOptions options, string label)
        {
            if (options.ResetCount > 0)
            {
                return ProgressDisplay.Run(g.Interactive, label, p => client.FfpCalibrateAll(tile, row, col, options, p));
            }
            return ProgressDisplay.Run(g.Interactive, label, p =>
            {
                var traces = new List<FfpCalibrationTrace>();
                int total = options.VoltagesMillivolts.Count * options.Directions.Count;
                foreach (int direction in options.Directions)
                {
                    foreach (int mv in options.VoltagesMillivolts)
                    {
                        uint width = Math.Max(client.Info.MinPulseWidthNs, Math.Min(options.ResetWidthNs, client.Info.MaxPulseWidthNs));
                        SaturatingReset(client, tile, row, col, direction == FfpDirection.Potentiation ? -options.ResetMillivolts : options.ResetMillivolts, width, options.Averages);
                        traces.Add(client.FfpCalibrate(tile, row, col, direction, mv, options, clearStore: traces.Count == 0));
                        p?.Report(new CimProgress("ffp calibrate", traces.Count, total));
                    }
                }
                return (IReadOnlyList<FfpCalibrationTrace>)traces;
            });
        }

        /// <summary>Pulses the cell with <paramref name="millivolts"/> in batches until it stops moving; returns the pulses used and the final resistance.</summary>
        public static (int Pulses, double Ohms) SaturatingReset(CimClient client, int tile, int row, int col, int millivolts, uint widthNs, int averages)
        {
            double previous = double.NaN;
            int used = 0;
            double ohms = double.NaN;
            while (used < SaturatingResetMaxPulses)
            {
                PulseResult r = client.Pulse(tile, row, col, millivolts, widthNs, SaturatingResetBatch, averages);
                used += r.Count;
                ohms = r.Ohms;
                if (Math.Abs(ohms - previous) < SaturatingResetStillOhms)
                {
                    break;
                }
                previous = ohms;
            }
            return (used, ohms);
        }

        /// <summary>
        /// Makes sure the firmware holds an FFP table: downloads it if it has one (unless <paramref name="rebuild"/>),
        /// else builds it from the stored calibration, else calibrates (paper defaults) and builds. Returns the table and
        /// how it was obtained.
        /// </summary>
        public static (FfpTableData Table, string How, IReadOnlyList<FfpCalibrationTrace>? Calibration) EnsureTable(CimClient client, GlobalSettings g, int tile, int row, int col,
            FfpCalibrationOptions calibration, FfpBuildTableRequest build, bool rebuild)
        {
            if (!rebuild)
            {
                try
                {
                    return (client.FfpGetTable(), "downloaded (already on the firmware)", null);
                }
                catch (CimProtocolException e) when (e.Code == ErrorCode.NotReady)
                {
                }
                try
                {
                    return (client.FfpBuildTable(build), "built from the firmware's stored calibration", null);
                }
                catch (CimProtocolException e) when (e.Code == ErrorCode.NotReady)
                {
                }
            }
            IReadOnlyList<FfpCalibrationTrace> traces = RunCalibration(client, g, tile, row, col, calibration, "FFP calibration (" + calibration.VoltagesMillivolts.Count + " voltages)");
            return (client.FfpBuildTable(build), "calibrated now (" + traces.Count + " traces) and built", traces);
        }

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

        private static Command Table(GlobalOptions globals)
        {
            var cell = new CellOptions();
            var results = new ResultsOptions();
            var volts = VoltsOption();
            var pulses = PulsesOption();
            var upload = new Option<string?>("--upload") { Description = "Upload this table file (.ffptable, written by this command) instead of building one; it is checked locally, uploaded and read back" };
            var save = new Option<string?>("--save") { Description = "Also save the table file here (it is always saved in the results directory as ffp-table.ffptable)" };
            var rebuild = new Option<bool>("--rebuild") { Description = "Calibrate and build anew even when the firmware already holds a table or a calibration" };
            var bins = new Option<int>("--bins") { Description = "Resistance bins of the table", DefaultValueFactory = _ => 64 };
            var band = new Option<string>("--band") { Description = "Target |dR| band per pulse, ohm LOW:HIGH (Diao 2025: 0.1:0.3)", DefaultValueFactory = _ => "0.1:0.3" };
            var resets = ResetPulsesOption();
            var width = WidthOption();
            var any = AnyProfileOption();
            var command = new Command("table", "Build the FFP lookup table on the firmware (calibrating first if it holds no calibration), download it and save it; or upload a saved table (--upload)");
            cell.AddTo(command);
            results.AddTo(command);
            foreach (Option o in new Option[] { volts, pulses, upload, save, rebuild, bins, band, resets, width, any })
            {
                command.Options.Add(o);
            }
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                (int tile, int row, int col) = cell.Read(parse);
                string? uploadPath = parse.GetValue(upload);
                byte[]? uploadBytes = null;
                FfpTableData? uploadTable = null;
                if (uploadPath != null)
                {
                    if (!File.Exists(uploadPath))
                    {
                        throw new UsageException("--upload " + uploadPath + ": no such file");
                    }
                    uploadBytes = File.ReadAllBytes(uploadPath);
                    try
                    {
                        uploadTable = CimClient.FfpTableFromBytes(uploadBytes);
                    }
                    catch (Exception e) when (e is ProtocolException || e is ArgumentException || e is IndexOutOfRangeException)
                    {
                        throw new UsageException("--upload " + uploadPath + " is not a valid FFP table file (" + e.Message + "); write one with 'cimctl ffp table --save FILE'");
                    }
                }
                int binCount = parse.GetValue(bins);
                if (binCount < 2 || binCount > 4096)
                {
                    throw new UsageException("--bins " + binCount + " is not valid; give 2..4096");
                }
                double[] bandOhms = OptionParsing.Numbers("--band", parse.GetValue(band)?.Replace(':', ','), 0.0001, 1000);
                if (bandOhms.Length != 2 || bandOhms[0] >= bandOhms[1])
                {
                    throw new UsageException("--band takes LOW:HIGH in ohm with LOW < HIGH, e.g. 0.1:0.3");
                }
                FfpCalibrationOptions calibration = CalibrationOptions(parse.GetValue(volts), parse.GetValue(pulses), OptionParsing.Directions("both"), parse.GetValue(resets), parse.GetValue(width));
                var build = new FfpBuildTableRequest { Bins = binCount, BandLowMilliohms = (uint)Math.Round(bandOhms[0] * 1000), BandHighMilliohms = (uint)Math.Round(bandOhms[1] * 1000) };
                using CimClient client = g.Connect();
                RequireTio2(client, g, parse.GetValue(any));
                CellOptions.Check(client, tile, row, col);
                ResultsFolder folder = results.Create(parse, "ffp-table");
                FfpTableData table;
                string how;
                var summary = new JsonObject();
                if (uploadBytes != null)
                {
                    FfpTableAcceptance accepted = client.FfpSetTableBytes(uploadBytes);
                    table = client.FfpGetTable();
                    how = "uploaded from " + uploadPath;
                    summary["accepted"] = new JsonObject { ["version"] = accepted.Version, ["crc"] = accepted.Crc.ToString("X8"), ["bins"] = accepted.Bins };
                    summary["readBackMatches"] = table.Crc == uploadTable!.Crc;
                }
                else
                {
                    IReadOnlyList<FfpCalibrationTrace>? traces;
                    (table, how, traces) = EnsureTable(client, g, tile, row, col, calibration, build, parse.GetValue(rebuild));
                    if (traces != null)
                    {
                        summary["calibration"] = WriteCalibration(folder, traces.Select(t => (0, t)).ToList());
                    }
                }
                byte[] bytes = CimClient.FfpTableBytes(table);
                File.WriteAllBytes(folder.AddFile("ffp-table.ffptable"), bytes);
                string? savePath = parse.GetValue(save);
                if (savePath != null)
                {
                    File.WriteAllBytes(savePath, bytes);
                }
                WriteTableCsv(folder, table);
                summary["how"] = how;
                summary["table"] = TableJson(table);
                summary["bytes"] = bytes.Length;
                summary["savedTo"] = savePath;
                folder.WriteSummary(ResultsOptions.CommandLine(), g.Seed, client.Info.ProfileName, client.BoardDescription, summary);
                Report(g, client, folder, summary, "FFP table " + how + ": " + table.Bins + " bins, " + bytes.Length + " bytes, CRC " + table.Crc.ToString("X8"));
                return ExitCodes.Ok;
            });
            return command;
        }

        /// <summary>Checks a table file locally (clear usage error when it is not one) and uploads it.</summary>
        public static FfpTableAcceptance UploadTableFile(CimClient client, string path, string option)
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
            return client.FfpSetTableBytes(bytes);
        }

        /// <summary>Header fields of a table as JSON.</summary>
        public static JsonObject TableJson(FfpTableData t) => new JsonObject
        {
            ["version"] = t.Version,
            ["profile"] = t.ProfileName,
            ["bins"] = t.Bins,
            ["rMinOhms"] = t.RMinMilliohms / 1000.0,
            ["binWidthOhms"] = t.BinWidthMilliohms / 1000.0,
            ["bandOhms"] = OptionParsing.N(t.BandLowMilliohms / 1000.0) + "-" + OptionParsing.N(t.BandHighMilliohms / 1000.0),
            ["widthNs"] = t.WidthNs,
            ["crc"] = t.Crc.ToString("X8"),
            ["wireBytes"] = t.WireLength,
        };

        /// <summary>Writes ffp-table.csv: per bin, resistance range, voltage, expected step and flags per direction.</summary>
        public static void WriteTableCsv(ResultsFolder folder, FfpTableData t)
        {
            folder.WriteCsv("ffp-table.csv", new[] { "bin", "r_low_ohms", "r_high_ohms", "potentiation_volts", "potentiation_step_ohms", "potentiation_flags", "depression_volts", "depression_step_ohms", "depression_flags" },
                Enumerable.Range(0, t.Bins).Select(b => (IReadOnlyList<object?>)new object?[]
                {
                    b, (t.RMinMilliohms + (double)b * t.BinWidthMilliohms) / 1000.0, (t.RMinMilliohms + (b + 1.0) * t.BinWidthMilliohms) / 1000.0,
                    t.PotentiationMv[b] / 1000.0, t.PotentiationStep[b] / 1000.0, Flags(t.PotentiationFlags[b]),
                    t.DepressionMv[b] / 1000.0, t.DepressionStep[b] / 1000.0, Flags(t.DepressionFlags[b]),
                }));
        }

        private static string Flags(int f)
        {
            var parts = new List<string>();
            if ((f & FfpEntryFlags.InBand) != 0) parts.Add("in-band");
            if ((f & FfpEntryFlags.Closest) != 0) parts.Add("closest");
            if ((f & FfpEntryFlags.Filled) != 0) parts.Add("filled");
            return string.Join("|", parts);
        }

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
                if (budget < 1 || budget > 65535)
                {
                    throw new UsageException("--max-events " + budget + " is not valid; give 1..65535");
                }
                using CimClient client = g.Connect();
                RequireTio2(client, g, parse.GetValue(any));
                CellOptions.Check(client, tile, row, col);
                string how;
                if (parse.GetValue(tableFile) is string tablePath)
                {
                    UploadTableFile(client, tablePath, "--table");
                    how = "uploaded from " + tablePath;
                }
                else
                {
                    (_, how, _) = EnsureTable(client, g, tile, row, col, CalibrationOptions(parse.GetValue(volts), parse.GetValue(pulses), OptionParsing.Directions("both"), DefaultResetPulses, parse.GetValue(width)), new FfpBuildTableRequest(), false);
                }
                FfpProgramResult r = ProgressDisplay.Run(g.Interactive, "FFP programming", p => client.FfpProgram(tile, row, col, (uint)Math.Round(target.Value * 1000), (uint)Math.Round(tol * 1000),
                    new FfpProgramRequest { MaxEvents = budget }, p));
                var doc = new JsonObject
                {
                    ["cell"] = new JsonObject { ["tile"] = tile, ["row"] = row, ["col"] = col },
                    ["targetOhms"] = target,
                    ["level"] = j,
                    ["model"] = modelPath,
                    ["toleranceOhms"] = tol,
                    ["table"] = how,
                    ["status"] = r.StatusName,
                    ["direction"] = FfpDirection.Name(r.Direction),
                    ["events"] = r.Events,
                    ["beforeOhms"] = r.BeforeMilliohms / 1000.0,
                    ["afterOhms"] = r.AfterOhms,
                    ["errorOhms"] = r.AfterOhms - target,
                };
                if (g.Json)
                {
                    JsonObject head = CommandContext.Document(g, client);
                    foreach (var kv in doc)
                    {
                        head[kv.Key] = kv.Value?.DeepClone();
                    }
                    JsonOutput.Write(ResultsFolder.Sanitize(head)!);
                }
                else
                {
                    CommandContext.PrintHeader(g, client);
                    AnsiConsole.Write(BoardReport.KeyValueTable("FFP program", doc));
                }
                return r.Status == FfpStatus.InTolerance || r.Status == FfpStatus.WouldPass || r.Status == FfpStatus.Passed ? ExitCodes.Ok : ExitCodes.Failure;
            });
            return command;
        }

        /// <summary>Prints a run's headline results: JSON document (with --json) or a table and the results folder.</summary>
        public static void Report(GlobalSettings g, CimClient client, ResultsFolder folder, JsonObject results, string title)
        {
            if (g.Json)
            {
                JsonObject doc = CommandContext.Document(g, client);
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

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
    /// <summary><c>cimctl ffp table</c>: build, download, save and upload the firmware's FFP lookup table.</summary>
    public static partial class FfpCommand
    {
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
                CheckCalibration(calibration, client.Info);
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

    }
}

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
                byte[]? uploadBytes = uploadPath != null ? ReadTableFile(uploadPath, "--upload") : null;
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
                var settings = new FfpTableSettings(tile, row, col, calibration, build, parse.GetValue(rebuild), uploadBytes, uploadPath, parse.GetValue(save));
                FfpTableRunResult run = FfpTableExperiment.Run(client, new ProgressSteps(g.Interactive), settings, folder);
                JsonObject summary = run.Summary;
                folder.WriteSummary(ResultsOptions.CommandLine(), g.Seed, client.Info.ProfileName, client.BoardDescription, summary);
                Report(g, client, folder, summary, "FFP table " + run.How + ": " + run.Table.Bins + " bins, " + run.Bytes + " bytes, CRC " + run.Table.Crc.ToString("X8"));
                return ExitCodes.Ok;
            });
            return command;
        }
    }
}

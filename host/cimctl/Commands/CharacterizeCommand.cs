using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Experiments.WriteVerify;
using CimController.Host;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl characterize</c>: Wu 2023 Fig. 2g on a tile (<see cref="Characterization"/>) — write-verify every cell of a
    /// region (default the whole tile) to one of N levels (default 16 over 2.3-9.4 µA at 0.3 V) with at most 5 set-reset
    /// trials, read the tile back, and report the % of cells in band, pulses per cell, the trials histogram and the CDF of
    /// the levels. This command checks the options, runs it and prints the table.
    /// </summary>
    public static class CharacterizeCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var tile = new Option<int>("--tile") { Description = "Tile index", DefaultValueFactory = _ => 0 };
            var rowsOpt = new Option<string?>("--rows") { Description = "Rows FIRST:END (END exclusive); default the whole tile" };
            var colsOpt = new Option<string?>("--cols") { Description = "Columns FIRST:END (END exclusive); default the whole tile" };
            var pattern = new Option<string>("--pattern") { Description = "Level map: random (balanced, shuffled with --seed) | cyclic (level = cell index mod N)", DefaultValueFactory = _ => "random" };
            var averages = new Option<int>("--avg") { Description = "Reads averaged per cell in the read-back", DefaultValueFactory = _ => 4 };
            var band = new LevelBandOptions();
            var results = new RunFolderOptions("Results folder (CSV, JSON, PNG, summary.json)", "characterize");
            var command = new Command("characterize", "Write-verify N levels (Wu 2023 Fig. 2g: 16 over 2.3-9.4 µA at 0.3 V) on a whole tile with at most 5 trials: % in band, pulses/cell, trials histogram, CDF plot, CSV");
            foreach (Option o in new Option[] { tile, rowsOpt, colsOpt, pattern, averages })
            {
                command.Options.Add(o);
            }
            band.AddTo(command);
            results.AddTo(command);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                LevelBandRequest request = band.Read(parse);
                int t = parse.GetValue(tile);
                int avg = parse.GetValue(averages);
                if (avg < 1 || avg > 16)
                {
                    throw new UsageException("--avg " + avg + " is not valid; give 1..16 reads per cell");
                }
                string pat = (parse.GetValue(pattern) ?? "random").ToLowerInvariant();
                if (pat != "random" && pat != "cyclic")
                {
                    throw new UsageException("--pattern '" + pat + "' is not valid; give random or cyclic");
                }
                results.Check(parse);
                using CimClient client = g.Connect();
                LevelBand lb = LevelBandOptions.Resolve(request, DeviceWindow.Of(g, client), client.Info);
                if (t < 0 || t >= client.Info.Tiles)
                {
                    throw new UsageException("--tile " + t + " is not on the board; it has tiles 0.." + (client.Info.Tiles - 1));
                }
                IndexRange rows = parse.GetValue(rowsOpt) is string rs ? IndexRange.Parse("--rows", rs) : new IndexRange(0, client.Info.Rows);
                IndexRange cols = parse.GetValue(colsOpt) is string cs ? IndexRange.Parse("--cols", cs) : new IndexRange(0, client.Info.Columns);
                if (rows.End > client.Info.Rows || cols.End > client.Info.Columns)
                {
                    throw new UsageException("region rows " + rows + " cols " + cols + " exceeds the tile's " + client.Info.Rows + "x" + client.Info.Columns);
                }
                using RunFolderLease lease = results.Create(parse, "characterize");
                ResultsFolder folder = lease.Folder;
                var settings = new CharacterizationSettings(new CellRegion(t, rows.First, rows.Count, cols.First, cols.Count), lb.Levels, pat, avg, g.Seed,
                    lb.LowMicroamps, lb.HighMicroamps, lb.BandSource, lb.Window?.MicrosiemensText);
                JsonObject summary = Characterization.Run(client, new ProgressSteps(g.Interactive), settings, folder);
                folder.WriteSummary(ResultsOptions.CommandLine(), g.Seed, client.Info.ProfileName, client.BoardDescription, summary);
                if (!g.Json)
                {
                    var table = new Table().Title("Write-verify characterisation").AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
                    foreach (string key in new[] { "cells", "bandSource", "pulseScheme", "inBandPercent", "inBandReadbackPercent", "pulsesPerCellMean", "pulsesPerCellMax", "trialsMax", "cellsPerSecond" })
                    {
                        table.AddRow(key, Markup.Escape(summary[key]?.ToString() ?? ""));
                    }
                    table.AddRow("trials histogram", Markup.Escape(summary["trialsHistogram"]!.ToJsonString()));
                    table.AddRow("statuses", Markup.Escape(summary["statuses"]!.ToJsonString()));
                    AnsiConsole.Write(table);
                }
                FfpCommand.Report(g, client, folder, summary, "characterize: " + lb.TargetsMicrosiemens.Length + " levels on tile " + t + " rows " + rows + " cols " + cols);
                return ExitCodes.Ok;
            });
            return command;
        }
    }
}

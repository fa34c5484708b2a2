using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Host;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl characterize</c>: Wu 2023 Fig. 2g on a tile — write-verify every cell of a region (default the whole
    /// tile) to one of N levels (default 16 over 2.3-9.4 µA at 0.3 V) with at most 5 set-reset trials, read the tile back,
    /// and report the % of cells in band, pulses per cell, the trials histogram and the CDF of the levels.
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
                JsonObject summary = Run(client, g, folder, t, rows, cols, lb, pat, avg);
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

        /// <summary>Runs the characterisation and writes the results; returns the headline figures.</summary>
        public static JsonObject Run(CimClient client, GlobalSettings g, ResultsFolder folder, int tile, IndexRange rows, IndexRange cols, LevelBand band, string pattern, int averages)
        {
            double[] targets = band.TargetsMicrosiemens;
            double readV = band.ReadVolts, tol = band.ToleranceMicrosiemens;
            WriteVerifyOptions options = band.Options;
            int n = rows.Count * cols.Count;
            int[] level = new int[n];
            for (int i = 0; i < n; i++)
            {
                level[i] = i % targets.Length;
            }
            if (pattern == "random")
            {
                new Random(g.Seed).Shuffle(level);
            }
            uint[] targetNs = level.Select(k => (uint)Math.Round(targets[k] * 1000)).ToArray();
            var clock = Stopwatch.StartNew();
            WriteVerifyResult wv = ProgressDisplay.Run(g.Interactive, "write-verify " + n + " cells",
                p => client.WriteVerifyRegion(tile, rows.First, rows.Count, cols.First, cols.Count, targetNs, options, p));
            double seconds = clock.Elapsed.TotalSeconds;
            float[] readback = ProgressDisplay.Run(g.Interactive, "read-back",
                p => client.ReadConductance(tile, rows.First, rows.Count, cols.First, cols.Count, averages, p));
            List<WriteVerifyCell> cells = WriteVerifyResults.ToAnalysis(wv.Cells, tol, ns => WriteVerifyResults.LevelOf(targets, ns));
            WriteVerifyStatistics stats = WriteVerifyStatistics.Summarize(cells);
            int readbackInBand = 0;
            for (int i = 0; i < n; i++)
            {
                if (Math.Abs(readback[i] - cells[i].TargetMicrosiemens) <= tol)
                {
                    readbackInBand++;
                }
            }
            folder.WriteCsv("cells.csv", new[] { "row", "col", "level", "target_us", "final_us", "readback_us", "readback_ua_at_read_v", "status", "in_band", "trials", "pulses" },
                cells.Select((c, i) => (IReadOnlyList<object?>)new object?[]
                {
                    c.Row, c.Col, c.Level, c.TargetMicrosiemens, c.FinalMicrosiemens, (double)readback[i], readback[i] * readV, c.Status, c.InBand, c.Trials, c.Pulses,
                }));
            var byLevelFinal = stats.FinalByLevel(targets.Length);
            var byLevelRead = Enumerable.Range(0, targets.Length).Select(k => Enumerable.Range(0, n).Where(i => level[i] == k).Select(i => (double)readback[i]).ToArray()).ToArray();
            folder.WriteCsv("levels.csv", new[] { "level", "target_us", "target_ua_at_read_v", "band_low_us", "band_high_us", "cells", "in_band_reported", "readback_mean_us", "readback_sd_us", "readback_min_us", "readback_max_us", "pulses_mean" },
                Enumerable.Range(0, targets.Length).Select(k =>
                {
                    double[] rb = byLevelRead[k];
                    var lc = cells.Where(c => c.Level == k).ToList();
                    return (IReadOnlyList<object?>)new object?[]
                    {
                        k, targets[k], targets[k] * readV, targets[k] - tol, targets[k] + tol, lc.Count, lc.Count(c => c.InBand),
                        rb.Length > 0 ? rb.Average() : null, Stats.StandardDeviation(rb), rb.Length > 0 ? rb.Min() : null, rb.Length > 0 ? rb.Max() : null,
                        lc.Count > 0 ? lc.Average(c => (double)c.Pulses) : null,
                    };
                }));
            folder.WriteCsv("trials.csv", new[] { "trials", "cells" }, stats.TrialsHistogram.Select(x => (IReadOnlyList<object?>)new object?[] { x.Trials, x.Cells }));
            double boardReadV = client.Info.ReadMillivolts / 1000.0;
            string unit = Math.Abs(boardReadV - readV) < 1e-6 ? "read current at " + OptionParsing.N(readV) + " V (µA)"
                : "current at " + OptionParsing.N(readV) + " V = G × " + OptionParsing.N(readV) + " V (µA; G read at " + OptionParsing.N(boardReadV) + " V)";
            folder.AddFigure("cdf-levels.png", "CDF of the " + targets.Length + " write-verified levels on " + n + " cells, read back and shown as current at " + OptionParsing.N(readV) + " V, shaded target bands (Wu 2023 Fig. 2g)",
                p => Plots.LevelCdf(p, targets.Length + " levels on " + n + " cells: " + OptionParsing.N(100.0 * stats.InBandReported, "0.##") + " % verified in band, "
                    + OptionParsing.N(100.0 * readbackInBand / n, "0.##") + " % on read-back", unit,
                    Enumerable.Range(0, targets.Length).Select(k => ("L" + k + " " + OptionParsing.N(targets[k] * readV, "0.00") + " µA",
                        byLevelRead[k].Select(v => v * readV).ToArray(), (targets[k] - tol) * readV, (targets[k] + tol) * readV)).ToList()));
            folder.AddFigure("trials.png", "Set-reset trials per cell (at most " + options.MaxTrials + ")",
                p => Plots.CountBars(p, "Write-verify trials per cell (" + n + " cells)", "set-reset trials", stats.TrialsHistogram));
            folder.AddFigure("pulses.png", "Pulses per cell",
                p => Plots.CountHistogram(p, "Write-verify pulses per cell (mean " + OptionParsing.N(stats.PulsesMean, "0.#") + ", max " + stats.PulsesMax + ")", "pulses per cell",
                    cells.Select(c => c.Pulses).ToArray()));
            return new JsonObject
            {
                ["tile"] = tile,
                ["rows"] = rows.ToString(),
                ["cols"] = cols.ToString(),
                ["cells"] = n,
                ["levels"] = targets.Length,
                ["bandMicroamps"] = OptionParsing.N(band.LowMicroamps) + "-" + OptionParsing.N(band.HighMicroamps),
                ["bandSource"] = band.BandSource,
                ["window"] = band.Window?.MicrosiemensText,
                ["pulseScheme"] = WriteVerifyScheme.Describe(options),
                ["readVolts"] = readV,
                ["boardReadVolts"] = boardReadV,
                ["targetsMicrosiemens"] = new JsonArray(targets.Select(x => (JsonNode)Math.Round(x, 4)).ToArray()),
                ["toleranceMicrosiemens"] = tol,
                ["maxTrials"] = options.MaxTrials,
                ["pattern"] = pattern,
                ["inBandPercent"] = 100.0 * stats.InBandReported,
                ["inBandFinalPercent"] = 100.0 * stats.InBandMeasured,
                ["inBandReadbackPercent"] = 100.0 * readbackInBand / n,
                ["pulsesPerCellMean"] = stats.PulsesMean,
                ["pulsesPerCellMax"] = stats.PulsesMax,
                ["trialsMax"] = stats.TrialsMax,
                ["trialsHistogram"] = new JsonObject(stats.TrialsHistogram.Select(x => new KeyValuePair<string, JsonNode?>(x.Trials.ToString(), x.Cells))),
                ["statuses"] = new JsonObject(stats.StatusCounts.Select(x => new KeyValuePair<string, JsonNode?>(x.Status, x.Cells))),
                ["firmwarePulses"] = wv.TotalPulses,
                ["firmwareElapsedMs"] = wv.ElapsedMs,
                ["requests"] = wv.Requests,
                ["wallSeconds"] = seconds,
                ["cellsPerSecond"] = seconds > 0 ? n / seconds : double.NaN,
            };
        }
    }
}

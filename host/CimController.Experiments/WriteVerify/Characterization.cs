using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Host;
using static CimController.Experiments.NumberText;

namespace CimController.Experiments.WriteVerify
{
    /// <summary>
    /// Settings of one characterisation: the region, the levels, the level map (<c>random</c>: balanced and shuffled with
    /// <paramref name="Seed"/>; <c>cyclic</c>: level = cell index mod N), reads averaged per cell in the read-back, and how
    /// the level band was chosen (for the results: the band as read currents, its source, the device window as text).
    /// </summary>
    public sealed record CharacterizationSettings(CellRegion Region, WriteVerifyLevels Levels, string Pattern, int Averages, int Seed,
        double BandLowMicroamps, double BandHighMicroamps, string BandSource, string? WindowText);

    /// <summary>
    /// Wu 2023 Fig. 2g on a tile: write-verify every cell of a region to one of N levels, read the region back, and write
    /// cells.csv, levels.csv, trials.csv, the CDF of the levels and the trials and pulses figures; the headline results
    /// are the % of cells in band, pulses per cell, the trials histogram and the statuses.
    /// </summary>
    public static class Characterization
    {
        /// <summary>Runs the characterisation and writes the results; returns the headline figures (the document summary.json holds).</summary>
        public static JsonObject Run(CimClient client, IExperimentSteps steps, CharacterizationSettings s, ResultsFolder folder)
        {
            CellRegion region = s.Region;
            int tile = region.Tile;
            double[] targets = s.Levels.TargetsMicrosiemens;
            double readV = s.Levels.ReadVolts, tol = s.Levels.ToleranceMicrosiemens;
            WriteVerifyOptions options = s.Levels.Options;
            int n = region.Cells;
            int[] level = new int[n];
            for (int i = 0; i < n; i++)
            {
                level[i] = i % targets.Length;
            }
            if (s.Pattern == "random")
            {
                new Random(s.Seed).Shuffle(level);
            }
            uint[] targetNs = level.Select(k => (uint)Math.Round(targets[k] * 1000)).ToArray();
            var clock = Stopwatch.StartNew();
            WriteVerifyResult wv = steps.Run("write-verify " + n + " cells",
                p => client.WriteVerifyRegion(tile, region.FirstRow, region.RowCount, region.FirstColumn, region.ColumnCount, targetNs, options, p));
            double seconds = clock.Elapsed.TotalSeconds;
            float[] readback = steps.Run("read-back",
                p => client.ReadConductance(tile, region.FirstRow, region.RowCount, region.FirstColumn, region.ColumnCount, s.Averages, p));
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
            string unit = Math.Abs(boardReadV - readV) < 1e-6 ? "read current at " + N(readV) + " V (µA)"
                : "current at " + N(readV) + " V = G × " + N(readV) + " V (µA; G read at " + N(boardReadV) + " V)";
            folder.AddFigure("cdf-levels.png", "CDF of the " + targets.Length + " write-verified levels on " + n + " cells, read back and shown as current at " + N(readV) + " V, shaded target bands (Wu 2023 Fig. 2g)",
                p => Plots.LevelCdf(p, targets.Length + " levels on " + n + " cells: " + N(100.0 * stats.InBandReported, "0.##") + " % verified in band, "
                    + N(100.0 * readbackInBand / n, "0.##") + " % on read-back", unit,
                    Enumerable.Range(0, targets.Length).Select(k => ("L" + k + " " + N(targets[k] * readV, "0.00") + " µA",
                        byLevelRead[k].Select(v => v * readV).ToArray(), (targets[k] - tol) * readV, (targets[k] + tol) * readV)).ToList()));
            folder.AddFigure("trials.png", "Set-reset trials per cell (at most " + options.MaxTrials + ")",
                p => Plots.CountBars(p, "Write-verify trials per cell (" + n + " cells)", "set-reset trials", stats.TrialsHistogram));
            folder.AddFigure("pulses.png", "Pulses per cell",
                p => Plots.CountHistogram(p, "Write-verify pulses per cell (mean " + N(stats.PulsesMean, "0.#") + ", max " + stats.PulsesMax + ")", "pulses per cell",
                    cells.Select(c => c.Pulses).ToArray()));
            return new JsonObject
            {
                ["tile"] = tile,
                ["rows"] = region.RowsText,
                ["cols"] = region.ColumnsText,
                ["cells"] = n,
                ["levels"] = targets.Length,
                ["bandMicroamps"] = N(s.BandLowMicroamps) + "-" + N(s.BandHighMicroamps),
                ["bandSource"] = s.BandSource,
                ["window"] = s.WindowText,
                ["pulseScheme"] = WriteVerifyResults.DescribeScheme(options),
                ["readVolts"] = readV,
                ["boardReadVolts"] = boardReadV,
                ["targetsMicrosiemens"] = new JsonArray(targets.Select(x => (JsonNode)Math.Round(x, 4)).ToArray()),
                ["toleranceMicrosiemens"] = tol,
                ["maxTrials"] = options.MaxTrials,
                ["pattern"] = s.Pattern,
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

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Host;

namespace CimController.Experiments.WriteVerify
{
    /// <summary>What a write-verify programming run did: the cells as analysed, their statistics and the headline results (the document summary.json holds).</summary>
    public sealed record CellProgrammingOutcome(IReadOnlyList<WriteVerifyCell> Cells, WriteVerifyStatistics Statistics, JsonObject Summary);

    /// <summary>
    /// Write-verify (Wu 2023 ISPP) of a list of cells on one tile to their conductance targets; writes cells.csv and
    /// returns the statistics (in band, pulses and trials per cell, statuses). A target that is one of
    /// <see cref="WriteVerifyLevels.TargetsMicrosiemens"/> is reported as that level.
    /// </summary>
    public static class CellProgramming
    {
        /// <summary>Programs <paramref name="cells"/>; <paramref name="windowText"/> (the device window, or null) goes into the results.</summary>
        public static CellProgrammingOutcome Run(CimClient client, IExperimentSteps steps, int tile, IReadOnlyList<CellTarget> cells, WriteVerifyLevels levels, string? windowText,
            ResultsFolder folder)
        {
            double[] targets = levels.TargetsMicrosiemens;
            double tol = levels.ToleranceMicrosiemens;
            WriteVerifyOptions options = levels.Options;
            WriteVerifyResult wv = steps.Run("write-verify " + cells.Count + " cell(s)", p => client.WriteVerify(tile, cells, options, p));
            List<WriteVerifyCell> analysed = WriteVerifyResults.ToAnalysis(wv.Cells, tol, ns => WriteVerifyResults.LevelOf(targets, ns));
            WriteVerifyStatistics stats = WriteVerifyStatistics.Summarize(analysed);
            folder.WriteCsv("cells.csv", new[] { "row", "col", "level", "target_us", "final_us", "status", "in_band", "trials", "pulses" },
                analysed.Select(c => (IReadOnlyList<object?>)new object?[] { c.Row, c.Col, c.Level < 0 ? null : c.Level, c.TargetMicrosiemens, c.FinalMicrosiemens, c.Status, c.InBand, c.Trials, c.Pulses }));
            var summary = new JsonObject
            {
                ["tile"] = tile,
                ["cells"] = analysed.Count,
                ["toleranceMicrosiemens"] = tol,
                ["maxTrials"] = options.MaxTrials,
                ["pulseScheme"] = WriteVerifyResults.DescribeScheme(options),
                ["window"] = windowText,
                ["inBandPercent"] = 100.0 * stats.InBandReported,
                ["failures"] = wv.Failures,
                ["pulsesPerCellMean"] = stats.PulsesMean,
                ["pulsesPerCellMax"] = stats.PulsesMax,
                ["trialsHistogram"] = new JsonObject(stats.TrialsHistogram.Select(x => new KeyValuePair<string, JsonNode?>(x.Trials.ToString(CultureInfo.InvariantCulture), x.Cells))),
                ["statuses"] = new JsonObject(stats.StatusCounts.Select(x => new KeyValuePair<string, JsonNode?>(x.Status, x.Cells))),
            };
            if (analysed.Count == 1)
            {
                WriteVerifyCell c = analysed[0];
                summary["cell"] = new JsonObject
                {
                    ["row"] = c.Row, ["col"] = c.Col, ["targetMicrosiemens"] = c.TargetMicrosiemens, ["finalMicrosiemens"] = c.FinalMicrosiemens,
                    ["status"] = c.Status, ["trials"] = c.Trials, ["pulses"] = c.Pulses,
                };
            }
            return new CellProgrammingOutcome(analysed, stats, summary);
        }
    }
}

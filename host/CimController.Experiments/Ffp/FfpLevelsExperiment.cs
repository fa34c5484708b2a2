using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Host;
using CimController.Protocol.Messages;

namespace CimController.Experiments.Ffp
{
    /// <summary>
    /// Settings of one FFP levels run. <paramref name="TableBytes"/> (checked by the caller) is uploaded first when given,
    /// <paramref name="TableSource"/> naming where it came from; <paramref name="CommandLine"/> goes into the provenance of
    /// the program-error models.
    /// </summary>
    public sealed record FfpLevelsSettings(int Tile, int Row, int Col, int[] LevelCounts, int Repeats, int[] Directions, FfpCalibrationOptions Calibration,
        bool Rebuild, byte[]? TableBytes, string? TableSource, int Seed, int MaxEvents, string CommandLine);

    /// <summary>
    /// Diao 2025 Fig. 3-5 end to end on one cell. Makes sure the firmware has an FFP table, drives the cell to HRS, then
    /// repeats R times an FFP sweep HRS->LRS (potentiation) and LRS->HRS (depression); each analysed direction goes to
    /// <see cref="FfpLevelsAnalysis"/>. Writes sweeps.csv, the table and the analyses into the results folder and returns
    /// the headline results (the document summary.json holds).
    /// </summary>
    public static class FfpLevelsExperiment
    {
        /// <summary>Runs the experiment and the analyses, writing everything into <paramref name="folder"/>; returns the headline results.</summary>
        public static JsonObject Run(CimClient client, IExperimentSteps steps, FfpLevelsSettings s, ResultsFolder folder)
        {
            var summary = new JsonObject
            {
                ["cell"] = new JsonObject { ["tile"] = s.Tile, ["row"] = s.Row, ["col"] = s.Col },
                ["repeats"] = s.Repeats,
                ["levelCounts"] = new JsonArray(s.LevelCounts.Select(c => (JsonNode)c).ToArray()),
            };
            // 1. The table.
            if (s.TableBytes != null)
            {
                client.FfpSetTableBytes(s.TableBytes);
            }
            FfpTableOnBoard onBoard = FfpTableSource.Ensure(client, steps, s.Tile, s.Row, s.Col, s.Calibration, new FfpBuildTableRequest(), s.Rebuild && s.TableBytes == null);
            FfpTableData table = onBoard.Table;
            summary["table"] = FfpTableReport.Json(table);
            summary["table"]!["how"] = s.TableBytes != null ? "uploaded from " + s.TableSource : onBoard.How;
            if (onBoard.Calibration != null)
            {
                summary["calibration"] = FfpCalibrationReport.Write(folder, onBoard.Calibration.Select(t => (0, t)).ToList());
            }
            File.WriteAllBytes(folder.AddFile("ffp-table.ffptable"), CimClient.FfpTableBytes(table));
            FfpTableReport.WriteCsv(folder, table);

            // 2. The sweeps: to HRS first, then R x (HRS->LRS, LRS->HRS).
            var request = new FfpSweepRequest { MaxEvents = s.MaxEvents };
            FfpSweepResult init = steps.Run("FFP sweep to HRS (initialise)", p => client.FfpSweep(s.Tile, s.Row, s.Col, FfpDirection.Depression, request, p));
            summary["initialise"] = new JsonObject { ["events"] = init.Events, ["stop"] = init.StopName, ["endOhms"] = init.Events > 0 ? init.Milliohms[^1] / 1000.0 : init.StartMilliohms / 1000.0 };
            var sweeps = new Dictionary<int, List<FfpSweepResult>> { [FfpDirection.Potentiation] = new(), [FfpDirection.Depression] = new() };
            var rows = new List<IReadOnlyList<object?>>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int r = 0; r < s.Repeats; r++)
            {
                foreach (int direction in new[] { FfpDirection.Potentiation, FfpDirection.Depression })
                {
                    bool analysed = s.Directions.Contains(direction);
                    string label = "sweep " + (r + 1) + "/" + s.Repeats + " " + FfpDirection.Name(direction) + (analysed ? "" : " (return)");
                    FfpSweepResult sweep = steps.Run(label, p => client.FfpSweep(s.Tile, s.Row, s.Col, direction, request, p));
                    sweeps[direction].Add(sweep);
                    rows.Add(new object?[] { r, FfpDirection.Name(direction), 0, null, sweep.StartMilliohms / 1000.0, sweep.StopName });
                    for (int k = 0; k < sweep.Events; k++)
                    {
                        rows.Add(new object?[] { r, FfpDirection.Name(direction), k + 1, sweep.Millivolts[k] / 1000.0, sweep.Milliohms[k] / 1000.0, null });
                    }
                }
            }
            double sweepSeconds = clock.Elapsed.TotalSeconds;
            long sweepEvents = sweeps.Values.SelectMany(x => x).Sum(x => (long)x.Events);
            summary["sweepTiming"] = new JsonObject { ["wallSeconds"] = sweepSeconds, ["events"] = sweepEvents, ["eventsPerSecond"] = sweepSeconds > 0 ? sweepEvents / sweepSeconds : double.NaN };
            folder.WriteCsv("sweeps.csv", new[] { "repeat", "direction", "event", "write_volts", "ohms_after", "stop" }, rows);

            // 3. Analyses per direction.
            var perDirection = new JsonObject();
            foreach (int direction in s.Directions)
            {
                steps.Step("analysis and plots, " + FfpDirection.Name(direction), () => perDirection[FfpDirection.Name(direction)] = FfpLevelsAnalysis.Analyse(folder, direction, sweeps[direction], s));
            }
            summary["directions"] = perDirection;
            var all = sweeps.Values.SelectMany(x => x).Where(x => x.Events > 0).ToList();
            if (all.Count > 0)
            {
                double hi = all.Max(x => Math.Max(x.StartMilliohms, x.Milliohms.Max())) / 1000.0;
                double lo = all.Min(x => Math.Min(x.StartMilliohms, x.Milliohms.Min())) / 1000.0;
                summary["window"] = new JsonObject { ["hrsOhms"] = hi, ["lrsOhms"] = lo, ["hrsOverLrs"] = hi / lo };
            }
            return summary;
        }
    }
}

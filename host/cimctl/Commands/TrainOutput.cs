using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Learning.Data;
using CimController.Training;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>What <c>cimctl train</c> prints: the run header, notices (kept for the JSON document's log), the epoch table and summary, and the JSON document.</summary>
    internal static class TrainOutput
    {
        /// <summary>The run header: network, mode, sizes, board, profile, seed, data and its checksum, run folder (nothing under --json).</summary>
        public static void Header(GlobalSettings g, RunState s, MnistDataset dataset, string folder, string tail)
        {
            if (g.Json)
            {
                return;
            }

            TrainRunOptions o = s.Options;
            bool software = o.Mode == TrainingMode.Software;
            AnsiConsole.MarkupLine("[grey]train[/] " + Markup.Escape(o.Model + ", mode " + TrainingRun.ModeName(o.Mode) + ", " + o.Epochs + " epochs x " + o.BatchesPerEpoch + " x " + o.BatchSize
                + ", board " + (software ? "none" : s.Setup!.Board) + ", profile " + (software ? "none" : s.Setup!.Profile) + ", seed " + o.Seed + ", data " + dataset.Folder
                + " (SHA-256 " + s.Setup!.DataSha256![..12] + "..), run folder " + folder + tail));
        }

        /// <summary>Records <paramref name="line"/> for the JSON document and prints it unless --json.</summary>
        public static void Say(GlobalSettings g, List<string> log, string line)
        {
            log.Add(line);
            if (!g.Json)
            {
                AnsiConsole.MarkupLine("[grey]" + Markup.Escape(line) + "[/]");
            }
        }

        /// <summary>The epoch table and the device-write summary.</summary>
        public static void PrintSummary(RunState s, string folder)
        {
            var table = new Table().AddColumns("epoch", "test acc", "baseline", "writes", "train s", "chip s", "test s");
            foreach (EpochMetrics m in s.History)
            {
                EpochMetrics? b = s.Baseline.Find(x => x.Epoch == m.Epoch);
                table.AddRow(m.Epoch.ToString(CultureInfo.InvariantCulture), m.TestAccuracy.ToString("P2", CultureInfo.InvariantCulture), b == null ? "-" : b.TestAccuracy.ToString("P2", CultureInfo.InvariantCulture),
                    m.Writes.ToString(CultureInfo.InvariantCulture), m.TrainSeconds.ToString("0.0", CultureInfo.InvariantCulture), m.ChipSeconds.ToString("0.0", CultureInfo.InvariantCulture), m.TestSeconds.ToString("0.0", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            long writes = s.History.Sum(m => m.Writes);
            long software = (long)s.History.Count * s.Options.BatchesPerEpoch * s.NetworkWeights;
            if (s.Options.Mode == TrainingMode.Software)
            {
                // No chip: the writes column counts weight updates, so there is nothing to compare them with.
                AnsiConsole.MarkupLine(Markup.Escape($"FP32 software run, no chip: {software} weight updates ({s.NetworkWeights} weights x {s.History.Count * (long)s.Options.BatchesPerEpoch} batches); seed {s.Options.Seed}; run folder {folder}"));
                return;
            }

            string reduction = writes > 0 ? "x" + (software / (double)writes).ToString("0.#", CultureInfo.InvariantCulture) + " fewer" : "no device writes";
            double perWeight = s.NetworkWeights > 0 ? writes / (double)s.NetworkWeights : 0;
            AnsiConsole.MarkupLine(Markup.Escape($"device writes {writes} vs software {software} ({reduction}), mean writes per weight {perWeight.ToString("0.##", CultureInfo.InvariantCulture)} ({s.NetworkWeights} weights on {s.Writes.Length} device pairs), firmware resets {s.FirmwareResets}, restore writes {s.RestoreWrites}; seed {s.Options.Seed}; run folder {folder}"));
        }

        /// <summary>The --json document of a run that completed or stopped.</summary>
        public static JsonObject Document(RunState s, string folder, string? modelFile, string status, string? resumeCommand, List<string> log)
        {
            JsonObject doc = RunSummary.Results(s);
            doc["status"] = status;
            doc["resumeCommand"] = resumeCommand;
            doc["board"] = s.Options.Mode == TrainingMode.Software ? "none" : s.Setup!.Board;
            doc["profile"] = s.Options.Mode == TrainingMode.Software ? "none" : s.Setup!.Profile;
            doc["runFolder"] = folder;
            doc["modelFile"] = modelFile;
            doc["log"] = JsonOutput.Array(log.ToArray());
            return doc;
        }
    }
}

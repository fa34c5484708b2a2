using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CimController.Training;

/// <summary>
/// The run's figures (<see cref="Results"/>: metrics.json, <c>cimctl train --json</c>) and its <c>summary.json</c>: how
/// to reproduce the run (software version and commit, the effective config with the data set's checksum, the sessions
/// with their command lines and times, the settings changed on resume), its status and the results. Printed numbers are
/// rounded to what they can tell (accuracies to 6 decimals, losses 4, seconds 2); the checkpoint keeps exact values.
/// Non-finite numbers are written as null.
/// </summary>
public static class RunSummary
{
    public const string FileName = "summary.json";

    /// <summary>Indented JSON with the checkpoint's naming (camelCase).</summary>
    public static readonly JsonSerializerOptions Indented = new(Checkpoint.Json) { WriteIndented = true };

    /// <summary>The figures of the run, rounded; camelCase keys.</summary>
    public static JsonObject Results(RunState s)
    {
        TrainRunOptions o = s.Options;
        int weights = s.NetworkWeights;
        long software = s.History.Count * (long)o.BatchesPerEpoch * weights;
        long writes = s.History.Sum(m => m.Writes);
        double final = s.History.Count > 0 ? s.History[^1].TestAccuracy : double.NaN;
        EpochMetrics? baseline = s.Baseline.LastOrDefault(b => b.Epoch <= s.History.Count);
        return new JsonObject
        {
            ["model"] = o.Model,
            ["mode"] = TrainConfig.Text(JsonSerializer.SerializeToNode(o.Mode, Checkpoint.Json)),
            ["seed"] = o.Seed,
            ["epochs"] = s.History.Count,
            ["epochsPlanned"] = o.Epochs,
            ["batchesPerEpoch"] = o.BatchesPerEpoch,
            ["batchSize"] = o.BatchSize,
            ["learningRate"] = o.LearningRate,
            ["granularityBits"] = o.GranularityBits,
            ["thresholdNs"] = s.ThresholdNanosiemens,
            ["window"] = new JsonObject { ["minUs"] = o.GminNanosiemens / 1000, ["maxUs"] = o.GmaxNanosiemens / 1000, ["initialMaxUs"] = o.GinitMaxNanosiemens / 1000 },
            ["weights"] = weights,
            ["devicePairs"] = s.Writes.Length,
            ["finalTestAccuracy"] = Round(final, 6),
            ["baselineTestAccuracy"] = baseline is null ? null : Round(baseline.TestAccuracy, 6),
            ["baselineGapPoints"] = baseline is null ? null : Round(100 * (baseline.TestAccuracy - final), 2),
            ["deviceWrites"] = writes,
            ["softwareWrites"] = software,
            ["writeReduction"] = writes > 0 ? Round(software / (double)writes, 1) : null,
            ["meanWritesPerWeight"] = weights > 0 ? Round(writes / (double)weights, 3) : 0,
            ["maxWritesPerWeight"] = s.Writes.Length > 0 ? s.Writes.Max() : 0,
            ["firmwareResets"] = s.FirmwareResets,
            ["restoreWrites"] = s.RestoreWrites,
            ["elapsedSeconds"] = Round(s.ElapsedSeconds, 2),
            ["epochsDetail"] = Epochs(s.History),
            ["baseline"] = Epochs(s.Baseline),
        };
    }

    /// <summary>
    /// Writes summary.json. <paramref name="status"/> is "complete" or "stopped"; <paramref name="resumeCommand"/> is the
    /// command that continues the run (null when complete).
    /// </summary>
    public static string Write(string folder, RunState s, string status, string? resumeCommand)
    {
        RunSession? first = s.Sessions.FirstOrDefault();
        JsonObject config = s.Setup is null ? JsonSerializer.SerializeToNode(s.Options, Checkpoint.Json)!.AsObject() : new TrainConfig(s.Options, s.Setup).ToJson();
        var doc = new JsonObject
        {
            ["command"] = "train",
            ["status"] = status,
            ["resumeCommand"] = resumeCommand,
            ["commandLine"] = first?.CommandLine,
            ["seed"] = s.Options.Seed,
            ["profile"] = s.Options.Mode == TrainingMode.Software ? "none" : s.Setup?.Profile,
            ["board"] = s.Options.Mode == TrainingMode.Software ? "none" : s.Setup?.Board,
            ["software"] = new JsonObject { ["version"] = BuildInfo.Version, ["commit"] = BuildInfo.Commit },
            ["startedUtc"] = first is null ? null : Utc(first.StartedUtc),
            ["finishedUtc"] = status == "complete" ? Utc(DateTime.UtcNow) : null,
            ["updatedUtc"] = Utc(DateTime.UtcNow),
            ["config"] = config,
            ["changes"] = JsonSerializer.SerializeToNode(s.Changes, Checkpoint.Json),
            ["sessions"] = JsonSerializer.SerializeToNode(s.Sessions, Checkpoint.Json),
            ["files"] = new JsonArray(Files.Where(f => File.Exists(Path.Combine(folder, f.Name))).Select(f => (JsonNode)new JsonObject { ["file"] = f.Name, ["holds"] = f.Holds }).ToArray()),
            ["results"] = Results(s),
        };
        string path = Path.Combine(folder, FileName);
        File.WriteAllText(path, doc.ToJsonString(Indented) + "\n");
        return path;
    }

    /// <summary>The files a run folder may hold, with what each holds.</summary>
    public static readonly (string Name, string Holds)[] Files =
    {
        (TrainConfig.FileName, "the effective config: cimctl train --config reproduces the run"),
        (Checkpoint.FileName, "the state to resume from (cimctl train --resume)"),
        ("metrics.csv", "one row per epoch"),
        ("metrics.json", "the results with one entry per epoch"),
        ("model.safetensors", "the trained network (cimctl deploy / infer --model)"),
        ("accuracy.png", "test accuracy per epoch beside the software baseline"),
        ("loss.png", "mean training loss per epoch beside the software baseline"),
        ("writes.png", "writes per epoch (log scale) against software training"),
        ("weights.png", "10 random weights over training"),
        ("program-error.png", "read-back minus target of every device write (not for software runs)"),
        ("confusion.png", "the last epoch's test confusion matrix with the class names"),
    };

    private static JsonArray Epochs(System.Collections.Generic.IEnumerable<EpochMetrics> epochs) => new(epochs.Select(m => (JsonNode)new JsonObject
    {
        ["epoch"] = m.Epoch,
        ["trainLoss"] = Round(m.TrainLoss, 4),
        ["trainAccuracy"] = Round(m.TrainAccuracy, 6),
        ["testAccuracy"] = Round(m.TestAccuracy, 6),
        ["testImages"] = m.TestImages,
        ["writes"] = m.Writes,
        ["writesTotal"] = m.WritesTotal,
        ["failedWrites"] = m.FailedWrites,
        ["pulses"] = m.Pulses,
        ["writesPerLayer"] = new JsonArray(m.WritesPerLayer.Select(w => (JsonNode)w).ToArray()),
        ["trainSeconds"] = Round(m.TrainSeconds, 2),
        ["testSeconds"] = Round(m.TestSeconds, 2),
        ["chipSeconds"] = Round(m.ChipSeconds, 2),
    }).ToArray());

    /// <summary><paramref name="v"/> rounded to <paramref name="decimals"/>, or null when it is not finite.</summary>
    public static double? Round(double v, int decimals) => double.IsFinite(v) ? Math.Round(v, decimals, MidpointRounding.AwayFromZero) : null;

    private static string Utc(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

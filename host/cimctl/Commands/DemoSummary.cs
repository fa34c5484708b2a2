using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Inference;
using CimController.Protocol;
using CimController.Protocol.Messages;
using CimController.Training;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// The figures of one <c>cimctl demo</c>: accuracy of on-chip training beside the FP32 baseline, device writes against
    /// the software's weight updates, the deployed chip's accuracy beside the same weights in software, chip time and
    /// energy from the board's counters (and the Wu 2023 Table 2 estimate), the plots and how to run it again.
    /// </summary>
    public sealed class DemoSummary
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
        private readonly RunState _training;
        private readonly StatsMessage? _trainingCounters;
        private readonly double _clockHz;
        private readonly DeployReport _deploy;
        private readonly InferenceReport _inference;
        private readonly double _softwareAccuracy;
        private readonly double _wallSeconds;
        private readonly string _folder;
        private readonly string _modelFile;
        private readonly string _reproduce;

        /// <summary>
        /// Collects the figures. <paramref name="trainingCounters"/> are the training board's counters after the last batch
        /// (null when they could not be read); <paramref name="softwareAccuracy"/> is the deployed weights' accuracy in FP32.
        /// </summary>
        public DemoSummary(RunState training, StatsMessage? trainingCounters, double clockHz, DeployReport deploy, InferenceReport inference,
            double softwareAccuracy, double wallSeconds, string folder, string modelFile, string reproduce)
        {
            _training = training;
            _trainingCounters = trainingCounters;
            _clockHz = clockHz;
            _deploy = deploy;
            _inference = inference;
            _softwareAccuracy = softwareAccuracy;
            _wallSeconds = wallSeconds;
            _folder = folder;
            _modelFile = modelFile;
            _reproduce = reproduce;
        }

        private double TrainedAccuracy => _training.History[^1].TestAccuracy;

        private double? BaselineAccuracy => _training.Baseline.Count > 0 ? _training.Baseline[^1].TestAccuracy : null;

        private long DeviceWrites => _training.History.Sum(m => m.Writes);

        private long SoftwareUpdates => (long)_training.History.Count * _training.Options.BatchesPerEpoch * _training.NetworkWeights;

        private double? TrainingChipSeconds => _trainingCounters is null || _clockHz <= 0 ? null : _trainingCounters.ChipCycles / _clockHz;

        private double? TrainingMillijoules => _trainingCounters is null ? null : _trainingCounters.EnergyPicojoules * 1e-9;

        private string[] Plots => Directory.Exists(_folder) ? Directory.GetFiles(_folder, "*.png").OrderBy(p => p, StringComparer.Ordinal).ToArray() : Array.Empty<string>();

        /// <summary>The summary as a JSON document (camelCase keys, rounded figures).</summary>
        public JsonObject Json() => new()
        {
            ["command"] = "demo",
            ["model"] = _training.Options.Model,
            ["profile"] = _training.Setup?.Profile,
            ["seed"] = _training.Options.Seed,
            ["epochs"] = _training.History.Count,
            ["batchesPerEpoch"] = _training.Options.BatchesPerEpoch,
            ["batchSize"] = _training.Options.BatchSize,
            ["testImages"] = _inference.Images,
            ["training"] = new JsonObject
            {
                ["onChipTestAccuracy"] = Round(TrainedAccuracy, 4),
                ["softwareBaselineTestAccuracy"] = BaselineAccuracy is double b ? Round(b, 4) : null,
                ["deviceWrites"] = DeviceWrites,
                ["softwareWeightUpdates"] = SoftwareUpdates,
                ["writeReduction"] = DeviceWrites > 0 ? Round(SoftwareUpdates / (double)DeviceWrites, 1) : null,
                ["chipSeconds"] = TrainingChipSeconds is double t ? Round(t, 4) : null,
                ["chipMillijoules"] = TrainingMillijoules is double e ? Round(e, 4) : null,
                ["pulsesApplied"] = _trainingCounters?.PulsesApplied,
            },
            ["deployment"] = new JsonObject
            {
                ["cells"] = _deploy.Cells,
                ["pulses"] = _deploy.Pulses,
                ["outsideTolerance"] = _deploy.Failures,
                ["programmingSeconds"] = Round(_deploy.ProgrammingTime.TotalSeconds, 2),
            },
            ["inference"] = new JsonObject
            {
                ["chipAccuracy"] = Round(_inference.Accuracy, 4),
                ["softwareAccuracySameWeights"] = Round(_softwareAccuracy, 4),
                ["imagesPerSecond"] = Round(_inference.ImagesPerSecond, 1),
                ["chipMsPerImage"] = Round(_inference.ChipMsPerImage, 4),
                ["chipMillijoulesPerImage"] = Round(_inference.ChipMjPerImage, 5),
                ["wu2023EstimateMsPerImage"] = Round(_inference.Estimate.LatencyMs, 4),
                ["wu2023EstimateMillijoulesPerImage"] = Round(_inference.Estimate.EnergyMillijoules, 5),
            },
            ["wallSeconds"] = Round(_wallSeconds, 1),
            ["runFolder"] = _folder,
            ["modelFile"] = _modelFile,
            ["plots"] = new JsonArray(Plots.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
            ["reproduce"] = _reproduce,
        };

        /// <summary>Prints the summary: one fact per line, no table, so it reads the same on a terminal and in a log file.</summary>
        public void Print()
        {
            string baseline = BaselineAccuracy is double b ? $"   FP32 software on the same batches {P(b)}" : "";
            Console.WriteLine();
            Console.WriteLine($"on-chip training   test accuracy {P(TrainedAccuracy)}{baseline}   ({_training.History.Count} epochs x {_training.Options.BatchesPerEpoch} batches, {_inference.Images} test images)");
            string reduction = DeviceWrites > 0 ? (SoftwareUpdates / (double)DeviceWrites).ToString("0", Inv) + "x fewer" : "none written";
            Console.WriteLine($"device writes      {DeviceWrites.ToString("N0", Inv)} vs {SoftwareUpdates.ToString("N0", Inv)} weight updates in software ({reduction}): the firmware accumulates small updates and writes a device only when a weight moved a programming step");
            string chip = TrainingChipSeconds is double t && TrainingMillijoules is double e
                ? $"{t.ToString("0.000", Inv)} s of chip time, {e.ToString("0.000", Inv)} mJ (board counters: programming and training batches)"
                : "board counters not read";
            Console.WriteLine($"training chip      {chip}");
            Console.WriteLine($"deployment         fresh chip: {_deploy.Cells.ToString("N0", Inv)} cells programmed with {_deploy.Pulses.ToString("N0", Inv)} write-verify pulses, {_deploy.Failures} outside tolerance, {_deploy.ProgrammingTime.TotalSeconds.ToString("0.0", Inv)} s");
            Console.WriteLine($"inference          chip accuracy {P(_inference.Accuracy)}   same weights in FP32 software {P(_softwareAccuracy)}   ({_inference.Images} images, {_inference.ImagesPerSecond.ToString("0", Inv)} images/s through the emulator)");
            Console.WriteLine($"chip per image     {_inference.ChipMsPerImage.ToString("0.000", Inv)} ms, {_inference.ChipMjPerImage.ToString("0.0000", Inv)} mJ measured by the board (arrays one after another); Wu 2023 method estimate {_inference.Estimate.LatencyMs.ToString("0.00", Inv)} ms, {_inference.Estimate.EnergyMillijoules.ToString("0.0000", Inv)} mJ");
            Console.WriteLine($"wall time          {_wallSeconds.ToString("0.0", Inv)} s");
            foreach (string plot in Plots)
            {
                Console.WriteLine($"plot               {plot}");
            }

            Console.WriteLine($"files              {_modelFile} (cimctl deploy / infer --model), {Path.Combine(_folder, RunSummary.FileName)}, {Path.Combine(_folder, DemoRun.FileName)}");
            Console.WriteLine($"run again          {_reproduce}");
        }

        private static string P(double fraction) => (100 * fraction).ToString("0.00", Inv) + " %";

        private static double? Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : null;
    }
}

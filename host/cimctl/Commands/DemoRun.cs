using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Emulator;
using CimController.Host;
using CimController.Inference;
using CimController.Learning.Data;
using CimController.Learning.ModelFiles;
using CimController.Protocol;
using CimController.Protocol.Messages;
using CimController.Training;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// One <c>cimctl demo</c>: the FP32 baseline, on-chip mixed-precision training of the Wu 2023 LeNet, deployment of the
    /// trained model to a fresh emulated chip, inference through the firmware's Forward, and the summary (text or JSON,
    /// and demo.json in the run folder).
    /// </summary>
    public sealed class DemoRun
    {
        /// <summary>Images per batch (Wu 2023: 64).</summary>
        public const int BatchSize = 64;

        /// <summary>Default epochs: two short epochs reach within a few points of the baseline in about a minute.</summary>
        public const int DefaultEpochs = 2;

        /// <summary>Default batches per epoch.</summary>
        public const int DefaultBatches = 300;

        /// <summary>Default test images (evaluated after each epoch and run through the deployed chip).</summary>
        public const int DefaultTestImages = 1000;

        /// <summary>The file in the run folder with the demo's figures.</summary>
        public const string FileName = "demo.json";

        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
        private readonly GlobalSettings _g;
        private readonly MnistDataset _data;
        private readonly string _folder;
        private readonly int _epochs;
        private readonly int _batches;
        private readonly int _testImages;
        private readonly RunStopSignal _stop;

        /// <summary>Prepares a demo; <paramref name="folder"/> exists and is empty.</summary>
        public DemoRun(GlobalSettings g, MnistDataset data, string folder, int epochs, int batches, int testImages, RunStopSignal stop)
        {
            _g = g;
            _data = data;
            _folder = folder;
            _epochs = epochs;
            _batches = batches;
            _testImages = testImages;
            _stop = stop;
        }

        /// <summary>Runs the demo; the exit code (0, or 130 / 143 when stopped by a signal).</summary>
        public int Run()
        {
            var wall = Stopwatch.StartNew();
            var options = new TrainRunOptions
            {
                Model = "lenet", Mode = TrainingMode.Mixed, Epochs = _epochs, BatchesPerEpoch = _batches, BatchSize = BatchSize,
                Seed = _g.Seed, TestImages = _testImages,
            }.WithRepeatsPerLayer();
            var setup = new RunSetup { Board = "emulator", Profile = _g.Profile, Chip = _g.ChipGiven ?? ChipDefinition.DefaultName, Data = _data.Folder, DataSha256 = DataFingerprint.Of(_data), TimeoutMs = _g.TimeoutMs };
            var state = new RunState { Options = options, Setup = setup };
            state.BeginSession(ResultsOptions.CommandLine(), DateTime.UtcNow);
            Say($"cimctl demo: the Wu 2023 LeNet learns Fashion-MNIST on an emulated memristor chip (profile {_g.Profile}, seed {_g.Seed}), then runs on a fresh chip; folder {_folder}");
            Say($"[1/4] FP32 software baseline: {_epochs} epochs x {_batches} batches of {BatchSize}, the batches the chip will see");
            TrainRunResult baseline = TrainingRun.Run(new OnChipTrainer(options with { Mode = TrainingMode.Software }, _data, null, null), _g, "baseline", _stop);
            if (!baseline.Completed)
            {
                Console.Error.WriteLine("cimctl demo: stopped by " + _stop.Name + " during the software baseline; nothing to resume: run the command again");
                return _stop.ExitCode;
            }

            state.Baseline = baseline.State.History;
            Say("[2/4] on-chip training, Wu 2023 mixed precision: forward passes on the crossbars, updates accumulated in the firmware, a device written only when its weight moved a programming step");
            CimClient? board = null;
            StatsMessage? trainingCounters = null;
            var trainer = new OnChipTrainer(state, _data, () => board = TrainingRun.ConnectBoard(_g.Seed, setup), _folder);
            trainer.Notice += Say;
            trainer.AfterBatch = (epoch, batch) =>
            {
                if (epoch == _epochs && batch == _batches && board is not null)
                {
                    trainingCounters = board.Stats();
                }
            };
            TrainRunResult trained = TrainingRun.Run(trainer, _g, "on-chip", _stop);
            RunState s = trained.State;
            string checkpoint = Path.Combine(_folder, Checkpoint.FileName);
            if (!trained.Completed)
            {
                s.EndSession("stopped by " + _stop.Name, DateTime.UtcNow);
                Checkpoint.Save(checkpoint, s);
                string resume = TrainCommand.ResumeCommand(_folder);
                RunSummary.Write(_folder, s, "stopped", resume);
                Console.Error.WriteLine("cimctl demo: stopped by " + _stop.Name + " during on-chip training; the training run continues with: " + resume);
                return _stop.ExitCode;
            }

            string modelFile = TrainingRun.WriteModelFile(trainer, s, _folder);
            s.EndSession("complete", DateTime.UtcNow);
            Checkpoint.Save(checkpoint, s);
            RunSummary.Write(_folder, s, "complete", null);

            int deploySeed = unchecked(_g.Seed + 1);
            Say($"[3/4] deploying the trained model to a fresh emulated chip (seed {deploySeed}: other devices), write-verify programming");
            LoadedModel model = InferenceCli.LoadModel(modelFile, null);
            using CimClient chip = (_g with { Seed = deploySeed }).Connect();
            Deployment d = InferenceCli.Deploy(_g, chip, model, _data, ProgramMethod.WriteVerify, InferenceCli.DefaultBatch, null, quiet: true);
            Say($"programmed {d.Report.Cells} cells with {d.Report.Pulses} pulses in {d.Report.ProgrammingTime.TotalSeconds.ToString("0.0", Inv)} s, {d.Report.Failures} outside tolerance");
            Say($"[4/4] inference on {_testImages} test images through the firmware's Forward");
            InferenceReport r = ProgressDisplay.Run(_g.Interactive, "inference on " + _testImages + " images", p => InferenceRunner.Run(chip, d, _data.Test, _testImages, p));
            int[] software = InferenceRunner.SoftwarePredictions(model.Network, _data.Test, r.Images);
            double softwareAccuracy = Enumerable.Range(0, r.Images).Count(i => software[i] == _data.Test.Labels[i]) / (double)r.Images;
            var summary = new DemoSummary(s, trainingCounters, chip.Info.ClockKilohertz * 1000.0, d.Report, r, softwareAccuracy, wall.Elapsed.TotalSeconds, _folder, modelFile, Reproduce());
            JsonObject doc = summary.Json();
            File.WriteAllText(Path.Combine(_folder, FileName), doc.ToJsonString(RunSummary.Indented) + "\n");
            if (_g.Json)
            {
                JsonOutput.Write(doc);
            }
            else
            {
                summary.Print();
            }

            return ExitCodes.Ok;
        }

        /// <summary>The command line that runs this demo again into a new folder.</summary>
        private string Reproduce()
        {
            string line = "cimctl demo --seed " + _g.Seed.ToString(Inv) + " --profile " + _g.Profile + " --epochs " + _epochs.ToString(Inv)
                + " --batches-per-epoch " + _batches.ToString(Inv) + " --test-images " + _testImages.ToString(Inv);
            return _data.Folder == FashionMnist.DefaultFolder ? line : line + " --data " + _data.Folder;
        }

        private void Say(string line)
        {
            if (!_g.Json)
            {
                Console.WriteLine(line);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Host;
using CimController.Learning.Data;
using CimController.Learning.ModelFiles;
using CimController.Learning.Models;
using CimController.Learning.Training;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl model-file --arch lenet --epochs 2 --out FILE</c>: trains FP32 in software and writes a model file
    /// (host/CimController.Learning/MODEL-FILE.md) with trained.* metadata, for deploy and infer without a chip run
    /// (<c>cimctl train</c> writes the model file of every run, chip or software). Options and the output path are
    /// checked before training; progress is a bar on a terminal and plain lines on stderr otherwise; <c>--json</c> prints
    /// one document.
    /// </summary>
    public static class ModelFileCommand
    {
        /// <summary>Images per batch.</summary>
        private const int BatchSize = 64;

        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var arch = new Option<string>("--arch") { Description = "Network: " + ModelArchitectures.Names, DefaultValueFactory = _ => "lenet" };
            var epochs = new Option<int>("--epochs") { Description = "Epochs, 1..1000", DefaultValueFactory = _ => 2 };
            var batches = new Option<int>("--batches-per-epoch") { Description = "Batches of " + BatchSize + " per epoch (at most the training images / " + BatchSize + ")", DefaultValueFactory = _ => 400 };
            var lr = new Option<float>("--lr") { Description = "Adam learning rate, (0, 1]", DefaultValueFactory = _ => 0.004f };
            var testImages = new Option<int?>("--test-images") { Description = "Test images evaluated after each epoch for trained.test_accuracy, 1..the test set's size (default: the whole test set)" };
            var output = new Option<string>("--out") { Description = "Model file to write (its folder must exist; an existing file is refused unless --overwrite)", Required = true };
            var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing --out file" };
            Option<string?> data = InferenceCli.DataOption();
            var command = new Command("model-file", "Train a network in FP32 software and write a model file (for deploy/infer without a chip run)");
            foreach (Option o in new Option[] { arch, epochs, batches, lr, testImages, output, overwrite, data }) command.Options.Add(o);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                string name = parse.GetValue(arch)!;
                string? shortName = ModelArchitectures.ShortName(name);
                if (shortName is null) throw new UsageException("--arch '" + name + "' is not known; accepted: " + ModelArchitectures.Names);
                int e = parse.GetValue(epochs), b = parse.GetValue(batches);
                float rate = parse.GetValue(lr);
                InferenceCli.RequireRange("--epochs", e, 1, 1000);
                if (!(rate > 0 && rate <= 1)) throw new UsageException("--lr " + rate.ToString(CultureInfo.InvariantCulture) + " is out of range; give a learning rate in (0, 1]");
                string path = parse.GetValue(output)!;
                OutputFile.Check("--out", path, parse.GetValue(overwrite));
                MnistDataset ds = InferenceCli.LoadData(parse.GetValue(data));
                if (b < 1 || (long)b * BatchSize > ds.Train.Count)
                    throw new UsageException("--batches-per-epoch " + b + " is out of range; accepted: 1.." + (ds.Train.Count / BatchSize) + " (" + ds.Train.Count + " training images, batches of " + BatchSize + ")");
                int t = InferenceCli.ImageCount("--test-images", parse.GetValue(testImages), ds.Test.Count, ds.Folder, null);

                Network net = ModelArchitectures.Create(shortName, g.Seed);
                var options = new TrainingOptions(e, b, BatchSize, g.Seed, t);
                var trainer = new SoftwareTrainer(net, new Adam(rate), options);
                long total = (long)e * b;
                TrainingReport report = ProgressDisplay.Run(g.Interactive, "training " + shortName + " (FP32, " + e + " x " + b + " x " + BatchSize + ")", p =>
                    trainer.Train(ds.Train, ds.Test, p is null ? null : new CallbackProgress<BatchProgress>(x =>
                        p.Report(new CimProgress("training", ((long)(x.Epoch - 1) * x.BatchesPerEpoch) + x.Batch, total)))));
                double acc = report.Epochs[^1].TestAccuracy;
                var inv = CultureInfo.InvariantCulture;
                var meta = new Dictionary<string, string>
                {
                    ["trained.mode"] = "software",
                    ["trained.seed"] = g.Seed.ToString(inv),
                    ["trained.epochs"] = options.Epochs.ToString(inv),
                    ["trained.batches_per_epoch"] = options.BatchesPerEpoch.ToString(inv),
                    ["trained.test_accuracy"] = acc.ToString("0.0000", inv),
                    ["trained.test_images"] = options.TestImages.ToString(inv),
                    ["trained.data"] = ds.Folder,
                };
                ModelFile.Save(path, net, meta);
                if (g.Json)
                {
                    JsonOutput.Write(Document(shortName, net, report, rate, ds.Folder, path));
                    return ExitCodes.Ok;
                }

                foreach (EpochResult r in report.Epochs)
                {
                    Console.WriteLine($"epoch {r.Epoch}: train loss {r.TrainLoss.ToString("0.000", inv)}, train accuracy {r.TrainAccuracy.ToString("P2", inv)}, test accuracy {r.TestAccuracy.ToString("P2", inv)} on {r.TestImages} images ({r.TrainTime.TotalSeconds.ToString("0.0", inv)} s)");
                }
                Console.WriteLine($"{net.Name}: test accuracy {acc.ToString("P2", inv)} on {options.TestImages} images after {options.Epochs} epochs (seed {g.Seed}); wrote {path}");
                return ExitCodes.Ok;
            });
            return command;
        }

        private static JsonObject Document(string arch, Network net, TrainingReport report, float learningRate, string data, string path)
        {
            TrainingOptions o = report.Options;
            var epochs = new JsonArray(report.Epochs.Select(r => (JsonNode)new JsonObject
            {
                ["epoch"] = r.Epoch,
                ["trainLoss"] = Math.Round(r.TrainLoss, 4),
                ["trainAccuracy"] = Math.Round(r.TrainAccuracy, 4),
                ["testAccuracy"] = Math.Round(r.TestAccuracy, 4),
                ["testImages"] = r.TestImages,
                ["trainSeconds"] = Math.Round(r.TrainTime.TotalSeconds, 2),
                ["testSeconds"] = Math.Round(r.TestTime.TotalSeconds, 2),
            }).ToArray());
            return new JsonObject
            {
                ["arch"] = arch,
                ["network"] = net.Name,
                ["mode"] = "software",
                ["seed"] = o.Seed,
                ["epochs"] = o.Epochs,
                ["batchesPerEpoch"] = o.BatchesPerEpoch,
                ["batchSize"] = o.BatchSize,
                ["learningRate"] = Math.Round((double)learningRate, 6),
                ["testImages"] = o.TestImages,
                ["testAccuracy"] = Math.Round(report.Epochs[^1].TestAccuracy, 4),
                ["seconds"] = Math.Round(report.TotalTime.TotalSeconds, 2),
                ["data"] = data,
                ["modelFile"] = System.IO.Path.GetFullPath(path),
                ["perEpoch"] = epochs,
            };
        }
    }
}

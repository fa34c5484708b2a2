using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using CimController.Learning.Data;
using CimController.Learning.ModelFiles;
using CimController.Learning.Models;
using CimController.Learning.Training;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl model-file --arch lenet --epochs 2 --out FILE</c>: trains FP32 in software and writes a model file
    /// (host/CimController.Learning/MODEL-FILE.md) with trained.* metadata: a model for deploy and infer without a chip
    /// run (<c>cimctl train</c> writes the model file of every run). The output path is checked before training.
    /// </summary>
    public static class ModelFileCommand
    {
        /// <summary>Images per batch.</summary>
        private const int BatchSize = 64;

        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var arch = new Option<string>("--arch") { Description = "Architecture: " + ModelArchitectures.Names, DefaultValueFactory = _ => "lenet" };
            var epochs = new Option<int>("--epochs") { Description = "Epochs, 1..1000", DefaultValueFactory = _ => 2 };
            var batches = new Option<int>("--batches-per-epoch") { Description = "Batches of " + BatchSize + " per epoch (at most the training images / " + BatchSize + ")", DefaultValueFactory = _ => 400 };
            var lr = new Option<float>("--lr") { Description = "Adam learning rate, (0, 1]", DefaultValueFactory = _ => 0.004f };
            var testImages = new Option<int>("--test-images") { Description = "Test images for trained.test_accuracy, 1..the test set's size", DefaultValueFactory = _ => 10000 };
            var output = new Option<string>("--out") { Description = "Model file to write (its folder must exist; an existing file is refused unless --overwrite)", Required = true };
            var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing --out file" };
            Option<string?> data = InferenceCli.DataOption();
            var command = new Command("model-file", "Train a model in FP32 software and write a model file (for deploy/infer without a chip run)");
            foreach (Option o in new Option[] { arch, epochs, batches, lr, testImages, output, overwrite, data }) command.Options.Add(o);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                string path = parse.GetValue(output)!;
                OutputFile.Check("--out", path, parse.GetValue(overwrite));
                Network net;
                try { net = ModelArchitectures.Create(parse.GetValue(arch)!, g.Seed); }
                catch (ModelFileException x) { throw new UsageException("--arch: " + x.Message); }
                int e = parse.GetValue(epochs), b = parse.GetValue(batches), t = parse.GetValue(testImages);
                float rate = parse.GetValue(lr);
                if (e < 1 || e > 1000) throw new UsageException("--epochs " + e + " is out of range; accepted: 1..1000");
                if (!(rate > 0 && rate <= 1)) throw new UsageException("--lr " + rate.ToString(CultureInfo.InvariantCulture) + " is out of range; give a learning rate in (0, 1]");
                MnistDataset ds = InferenceCli.LoadData(parse.GetValue(data));
                if (b < 1 || (long)b * BatchSize > ds.Train.Count)
                    throw new UsageException("--batches-per-epoch " + b + " is out of range; accepted: 1.." + (ds.Train.Count / BatchSize) + " (" + ds.Train.Count + " training images, batches of " + BatchSize + ")");
                if (t < 1 || t > ds.Test.Count)
                    throw new UsageException("--test-images " + t + " is out of range; accepted: 1.." + ds.Test.Count + " (the test images of " + ds.Folder + ")");
                var options = new TrainingOptions(e, b, BatchSize, g.Seed, t);
                TrainingReport report = new SoftwareTrainer(net, new Adam(rate), options).Train(ds.Train, ds.Test);
                double acc = report.Epochs[^1].TestAccuracy;
                var meta = new Dictionary<string, string>
                {
                    ["trained.mode"] = "software",
                    ["trained.seed"] = g.Seed.ToString(CultureInfo.InvariantCulture),
                    ["trained.epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture),
                    ["trained.batches_per_epoch"] = options.BatchesPerEpoch.ToString(CultureInfo.InvariantCulture),
                    ["trained.test_accuracy"] = acc.ToString("0.0000", CultureInfo.InvariantCulture),
                    ["trained.test_images"] = options.TestImages.ToString(CultureInfo.InvariantCulture),
                    ["trained.data"] = ds.Folder,
                };
                ModelFile.Save(path, net, meta);
                Console.WriteLine($"{net.Name}: test accuracy {acc.ToString("P2", CultureInfo.InvariantCulture)} on {options.TestImages} images after {options.Epochs} epochs (seed {g.Seed}); wrote {path}");
                return ExitCodes.Ok;
            });
            return command;
        }
    }
}

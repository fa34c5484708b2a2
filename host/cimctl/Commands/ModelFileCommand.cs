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
    /// (host/CimController.Learning/MODEL-FILE.md) with trained.* metadata. A stop-gap until <c>cimctl train</c> writes the
    /// model file of every run itself.
    /// </summary>
    public static class ModelFileCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var arch = new Option<string>("--arch") { Description = "Architecture: " + ModelArchitectures.Names, DefaultValueFactory = _ => "lenet" };
            var epochs = new Option<int>("--epochs") { Description = "Epochs", DefaultValueFactory = _ => 2 };
            var batches = new Option<int>("--batches-per-epoch") { Description = "Batches of 64 per epoch", DefaultValueFactory = _ => 400 };
            var lr = new Option<float>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => 0.004f };
            var testImages = new Option<int>("--test-images") { Description = "Test images for trained.test_accuracy", DefaultValueFactory = _ => 10000 };
            var output = new Option<string>("--out") { Description = "Model file to write", Required = true };
            Option<string?> data = InferenceCli.DataOption();
            var command = new Command("model-file", "Train a model in FP32 software and write a model file (stop-gap until 'cimctl train' writes one)");
            foreach (Option o in new Option[] { arch, epochs, batches, lr, testImages, output, data }) command.Options.Add(o);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                MnistDataset ds = InferenceCli.LoadData(parse.GetValue(data));
                Network net;
                try { net = ModelArchitectures.Create(parse.GetValue(arch)!, g.Seed); }
                catch (ModelFileException e) { throw new UsageException("--arch: " + e.Message); }
                var options = new TrainingOptions(parse.GetValue(epochs), parse.GetValue(batches), 64, g.Seed, parse.GetValue(testImages));
                TrainingReport report = new SoftwareTrainer(net, new Adam(parse.GetValue(lr)), options).Train(ds.Train, ds.Test);
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
                ModelFile.Save(parse.GetValue(output)!, net, meta);
                Console.WriteLine($"{net.Name}: test accuracy {acc:P2} on {options.TestImages} images after {options.Epochs} epochs (seed {g.Seed}); wrote {parse.GetValue(output)}");
                return ExitCodes.Ok;
            });
            return command;
        }
    }
}

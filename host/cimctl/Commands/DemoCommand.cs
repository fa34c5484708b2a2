using System;
using System.CommandLine;
using CimController.Learning.Data;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl demo</c>: the whole job on the emulated chip in about a minute. The Wu 2023 LeNet learns Fashion-MNIST on
    /// the chip with mixed precision (forward passes on the crossbars, updates accumulated in the firmware, a device written
    /// only when its weight moved a programming step), beside the FP32 software baseline on the same batches; the trained
    /// model is then deployed to a fresh chip (another seed: other devices) and runs test images through the firmware's
    /// Forward. Prints a compact summary and writes a run folder: the training run (checkpoint, metrics, plots, model file,
    /// summary.json; <c>cimctl train --resume</c> continues it) and demo.json with the demo's own figures.
    /// </summary>
    public static class DemoCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var epochs = new Option<int>("--epochs") { Description = "Training epochs, 1..13 (Wu 2023 trains 13)", DefaultValueFactory = _ => DemoRun.DefaultEpochs };
            var batches = new Option<int>("--batches-per-epoch") { Description = "Shuffled batches of 64 per epoch, 1..937 (Wu 2023: 400)", DefaultValueFactory = _ => DemoRun.DefaultBatches };
            var testImages = new Option<int>("--test-images") { Description = "Test images evaluated after each epoch and run through the deployed chip, 1..the test set's size", DefaultValueFactory = _ => DemoRun.DefaultTestImages };
            Option<string?> data = InferenceCli.DataOption();
            var runFolder = new RunFolderOptions("Folder for the demo's training run, model file, plots and demo.json", "demo-seedS");
            var command = new Command("demo", "Train the Wu 2023 LeNet on the emulated chip (mixed precision, beside the FP32 baseline), deploy it to a fresh chip and run inference: a one-minute tour of the stack");
            foreach (Option o in new Option[] { epochs, batches, testImages, data }) command.Options.Add(o);
            runFolder.AddTo(command);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                if (!string.Equals(g.Board.Trim(), "emulator", StringComparison.OrdinalIgnoreCase))
                {
                    throw new UsageException("--board " + g.Board + " is not accepted by demo: it trains on one emulated chip and deploys to a second, fresh one; give --board emulator (the default), or use train, deploy and infer with a board");
                }

                InferenceCli.RequireRange("--epochs", parse.GetValue(epochs), 1, 13);
                int b = parse.GetValue(batches);
                _ = Emulator.DeviceProfile.Load(g.Profile); // an unknown profile is refused now (exit 2), not after the baseline
                runFolder.Check(parse);
                MnistDataset ds = InferenceCli.LoadData(parse.GetValue(data));
                InferenceCli.RequireRange("--batches-per-epoch", b, 1, ds.Train.Count / DemoRun.BatchSize);
                InferenceCli.RequireRange("--test-images", parse.GetValue(testImages), 1, ds.Test.Count);
                using RunStopSignal stop = new("stopping after the batch in flight; a checkpoint follows");
                using RunFolderLease lease = runFolder.Create(parse, "demo-seed" + g.Seed);
                stop.Aborting += lease.Dispose;
                var demo = new DemoRun(g, ds, lease.Path, parse.GetValue(epochs), b, parse.GetValue(testImages), stop);
                return demo.Run();
            });
            return command;
        }
    }
}

using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Inference;
using CimController.Learning.Data;
using CimController.Learning.ModelFiles;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl transfer-study --software FILE --mixed FILE</c>: Wu 2023 Fig. 7. Each model goes onto K fresh emulated chips
    /// (profile brram-table1, seeds seed..seed+K-1) with a programming error of sigma levels (default 0.5), then the test
    /// images run through the whole emulated stack; box statistics of the accuracies, a CSV and a PNG in a results folder.
    /// </summary>
    public static class TransferStudyCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var software = new Option<string>("--software") { Description = "Model file trained in software (FP32)", Required = true };
            var mixed = new Option<string?>("--mixed") { Description = "Model file trained on chip in mixed precision (cimctl train --mode mixed)" };
            var samples = new Option<int>("--samples") { Description = "Fresh chips (noise samples) per model, K", DefaultValueFactory = _ => 10 };
            var sigma = new Option<double>("--sigma") { Description = "Programming error, in level spacings (Wu 2023 Table 1: 0.5)", DefaultValueFactory = _ => 0.5 };
            var levels = new Option<int>("--levels") { Description = "Program levels (Table 1: 4-bit RRAM = 16)", DefaultValueFactory = _ => 16 };
            var chipProfile = new Option<string>("--chip-profile") { Description = "Profile of the fresh emulated chips", DefaultValueFactory = _ => "brram-table1" };
            var images = new Option<int?>("--images") { Description = "Test images per chip (default: 1000, or the whole test set when it is smaller)" };
            var outDir = new Option<string?>("--out") { Description = "Results folder (default runs/transfer-study-<time>)" };
            Option<string?> data = InferenceCli.DataOption();
            var command = new Command("transfer-study", "Weight transfer of a software- and a mixed-trained model onto fresh emulated chips with programming error (Wu 2023 Fig. 7)");
            foreach (Option o in new Option[] { software, mixed, samples, sigma, levels, chipProfile, images, outDir, data }) command.Options.Add(o);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                InferenceCli.RequireRange("--samples", parse.GetValue(samples), 1, 1000);
                InferenceCli.RequireRange("--levels", parse.GetValue(levels), 2, 1024);
                double sigmaLevels = parse.GetValue(sigma);
                if (!(sigmaLevels >= 0) || sigmaLevels > 100)
                {
                    throw new UsageException("--sigma " + OptionParsing.N(sigmaLevels) + " is not valid; give the programming error in level spacings, 0..100 (Wu 2023 Table 1: 0.5)");
                }
                string chip = parse.GetValue(chipProfile)!;
                CimController.Emulator.DeviceProfile.Load(chip);
                MnistDataset ds = InferenceCli.LoadData(parse.GetValue(data));
                int testImages = InferenceCli.ImageCount("--images", parse.GetValue(images), ds.Test.Count, ds.Folder, 1000);
                var models = new System.Collections.Generic.List<(string Label, LoadedModel Model)> { ("software", InferenceCli.LoadModel(parse.GetValue(software)!, null)) };
                string? mixedPath = parse.GetValue(mixed);
                if (mixedPath is null)
                {
                    Console.Error.WriteLine("cimctl: transfer-study: no mixed-trained model file given (--mixed); only the software-trained model is transferred. " +
                        "'cimctl train --mode mixed' writes one (model.safetensors in its run folder); pass it with --mixed FILE");
                }
                else if (!File.Exists(mixedPath))
                {
                    throw new UsageException("--mixed: " + mixedPath + ": no such file; the mixed-trained model file does not exist yet (train one with 'cimctl train --mode mixed')");
                }
                else
                {
                    models.Add(("mixed", InferenceCli.LoadModel(mixedPath, null)));
                }
                var study = new TransferStudy { Samples = parse.GetValue(samples), SigmaLevels = sigmaLevels, Levels = parse.GetValue(levels), Profile = chip, Seed = g.Seed, TestImages = testImages };
                ResultsFolder folder = ResultsFolder.Create("transfer-study", parse.GetValue(outDir));
                var boxes = models.Select(m => study.Run(m.Label, m.Model, ds.Train, ds.Test, new ConsoleProgress(g.Json))).ToList();
                folder.WriteCsv("accuracy.csv", new[] { "model", "chip", "seed", "accuracy" },
                    boxes.SelectMany(b => b.Values.Select((v, k) => (System.Collections.Generic.IReadOnlyList<object?>)new object?[] { b.Label, k, g.Seed + k, v })));
                folder.AddFigure("accuracy.png", "accuracy per fresh chip, box per model (Wu 2023 Fig. 7)", path => Plots.TransferStudy(path,
                    $"Weight transfer to {study.Samples} fresh {study.Profile} chips: programming error {OptionParsing.N(study.SigmaLevels)} level of {study.Levels}, {study.TestImages} test images",
                    boxes.Select(b => new TransferCategory(b.Label == "software" ? "software-trained (FP32)" : b.Label == "mixed" ? "mixed-precision (on chip)" : b.Label, b.Values)).ToList()));
                var results = new JsonObject();
                foreach (BoxStats b in boxes)
                {
                    results[b.Label] = new JsonObject { ["min"] = b.Min, ["q1"] = b.Q(0.25), ["median"] = b.Median, ["q3"] = b.Q(0.75), ["max"] = b.Max, ["mean"] = b.Mean, ["samples"] = b.Values.Length };
                }
                folder.WriteSummary(Environment.CommandLine, g.Seed, study.Profile, "emulator (fresh per sample)", results);
                if (g.Json)
                {
                    JsonOutput.Write(new JsonObject { ["seed"] = g.Seed, ["profile"] = study.Profile, ["sigmaLevels"] = study.SigmaLevels, ["levels"] = study.Levels, ["folder"] = folder.Path, ["results"] = results });
                }
                else
                {
                    Console.WriteLine($"transfer to fresh {study.Profile} chips, programming error {study.SigmaLevels} level of {study.Levels}, {study.Samples} chips per model, {study.TestImages} test images, seeds {g.Seed}..{g.Seed + study.Samples - 1}");
                    Console.WriteLine("model      min      q1       median   q3       max      mean");
                    foreach (BoxStats b in boxes)
                        Console.WriteLine($"{b.Label,-10} {b.Min,-8:P2} {b.Q(0.25),-8:P2} {b.Median,-8:P2} {b.Q(0.75),-8:P2} {b.Max,-8:P2} {b.Mean:P2}");
                    Console.WriteLine("results: " + folder.Path);
                }
                return ExitCodes.Ok;
            });
            return command;
        }
    }

    /// <summary>Progress lines on stderr (none with --json).</summary>
    internal sealed class ConsoleProgress(bool quiet) : IProgress<string>
    {
        public void Report(string value)
        {
            if (!quiet) Console.Error.WriteLine(value);
        }
    }
}

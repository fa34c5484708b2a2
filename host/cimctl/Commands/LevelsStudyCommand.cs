using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Inference;
using CimController.Learning.Data;
using CimController.Learning.ModelFiles;
using CimController.Learning.Models;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl levels-study</c>: accuracy of weight transfer versus program levels (3-9 bits) with the program-error sampler
    /// (Diao 2025 eq. 4/5, Fig. 6d) for the MLP and LeNet-5; a table, a CSV and a PNG.
    /// </summary>
    public static class LevelsStudyCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var mlp = new Option<string?>("--mlp") { Description = "MLP model file (default: train one in software here)" };
            var lenet5 = new Option<string?>("--lenet5") { Description = "LeNet-5 model file (default: train one in software here)" };
            var errorModel = new Option<string?>("--error-model") { Description = "Fitted program-error model JSON (cimctl ffp levels); default: Student-t loc 0, scale 0.004, nu 3 (assumption)" };
            var bits = new Option<string>("--bits") { Description = "Bit range FROM:TO", DefaultValueFactory = _ => "3:9" };
            var samples = new Option<int>("--samples") { Description = "Noise samples per level count", DefaultValueFactory = _ => 3 };
            var images = new Option<int?>("--images") { Description = "Test images (default: 2000, or the whole test set when it is smaller)" };
            var epochs = new Option<int>("--epochs") { Description = "Epochs when training here", DefaultValueFactory = _ => 1 };
            var batches = new Option<int>("--batches-per-epoch") { Description = "Batches of 64 per epoch when training here", DefaultValueFactory = _ => 400 };
            var models = new Option<string>("--arch") { Description = "Networks to study, comma-separated: mlp, lenet5 (Diao 2025 MLP and LeNet-5)", DefaultValueFactory = _ => "mlp,lenet5" };
            var modelsByOldName = new Option<string?>("--models") { Hidden = true, Description = "Older name of --arch, still accepted" };
            var outDir = new Option<string?>("--out") { Description = "Results folder (default runs/levels-study-<time>)" };
            Option<string?> data = InferenceCli.DataOption();
            var command = new Command("levels-study", "Accuracy of weight transfer vs program levels (3-9 bits) with the program-error sampler (Diao 2025 Fig. 6d), MLP and LeNet-5");
            foreach (Option o in new Option[] { mlp, lenet5, errorModel, bits, samples, images, epochs, batches, models, modelsByOldName, outDir, data }) command.Options.Add(o);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                string[] range = parse.GetValue(bits)!.Split(':');
                if (range.Length != 2 || !int.TryParse(range[0], out int b0) || !int.TryParse(range[1], out int b1) || b0 < 1 || b1 < b0 || b1 > 12)
                    throw new UsageException("--bits '" + parse.GetValue(bits) + "': give FROM:TO with 1 <= FROM <= TO <= 12 (e.g. 3:9)");
                InferenceCli.RequireRange("--samples", parse.GetValue(samples), 1, 1000);
                InferenceCli.RequireRange("--epochs", parse.GetValue(epochs), 1, 1000);
                InferenceCli.RequireRange("--batches-per-epoch", parse.GetValue(batches), 1, 1_000_000);
                if (parse.GetResult(models) is { Implicit: false } && parse.GetResult(modelsByOldName) is { Implicit: false })
                {
                    throw new UsageException("--models is the older name of --arch; give --arch alone");
                }
                string[] which = (parse.GetValue(modelsByOldName) ?? parse.GetValue(models)!).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (string w in which)
                {
                    string a = ModelArchitectures.Normalize(w);
                    if (a != "mlp" && a != "diao-lenet5")
                    {
                        throw new UsageException("--arch: '" + w + "' is not valid; give mlp, lenet5 or both (mlp,lenet5)");
                    }
                }
                if (which.Length == 0)
                {
                    throw new UsageException("--arch is empty; give mlp, lenet5 or both (mlp,lenet5)");
                }
                MnistDataset ds = InferenceCli.LoadData(parse.GetValue(data));
                int testImages = InferenceCli.ImageCount("--images", parse.GetValue(images), ds.Test.Count, ds.Folder, 2000);
                string? em = parse.GetValue(errorModel);
                LevelsStudy study;
                if (em is null) study = new LevelsStudy { Samples = parse.GetValue(samples), Seed = g.Seed, ErrorSource = "assumption: Student-t loc 0, scale 0.004 of the window, nu 3" };
                else
                {
                    try { study = LevelsStudy.FromModel(ProgramErrorModel.Load(em), parse.GetValue(samples), g.Seed); }
                    catch (ProgramErrorModelException e) { throw new UsageException("--error-model: " + e.Message); }
                }
                ResultsFolder folder = ResultsFolder.Create("levels-study", parse.GetValue(outDir));
                var rows = new List<LevelsRow>();
                foreach (string w in which)
                {
                    string arch = ModelArchitectures.Normalize(w);
                    string? file = arch == "mlp" ? parse.GetValue(mlp) : parse.GetValue(lenet5);
                    Network net;
                    if (file is not null) net = InferenceCli.LoadModel(file, arch).Network;
                    else
                    {
                        if (!g.Json) Console.Error.WriteLine($"training {ModelArchitectures.ShortName(arch)} in software ({parse.GetValue(epochs)} epochs x {parse.GetValue(batches)} batches, seed {g.Seed}) ...");
                        net = LevelsStudy.TrainSoftware(arch, ds.Train, ds.Test, parse.GetValue(epochs), parse.GetValue(batches), g.Seed);
                    }
                    rows.AddRange(study.Run(arch, net, ds.Test, testImages, b0, b1, new Echo(g.Json)));
                }
                folder.WriteCsv("levels.csv", new[] { "model", "bits", "levels", "mean", "min", "max", "software" },
                    rows.Select(r => (IReadOnlyList<object?>)new object?[] { r.Model, r.Bits, r.Levels, r.Mean, r.Min, r.Max, r.Software }));
                folder.AddFigure("levels.png", "accuracy vs program levels, mean with min-max bars (Diao 2025 Fig. 6d)", path => Plots.LevelsStudy(path, study.ErrorSource,
                    rows.Select(r => new LevelsStudyPoint(r.Model, r.Bits, r.Mean, r.Min, r.Max, r.Software)).ToList()));
                var results = new JsonObject { ["errorSource"] = study.ErrorSource, ["loc"] = study.Loc, ["scale"] = study.Scale, ["nu"] = study.Nu, ["samples"] = study.Samples };
                var arr = new JsonArray();
                foreach (LevelsRow r in rows) arr.Add(new JsonObject { ["model"] = r.Model, ["bits"] = r.Bits, ["levels"] = r.Levels, ["mean"] = r.Mean, ["min"] = r.Min, ["max"] = r.Max, ["software"] = r.Software });
                results["rows"] = arr;
                folder.WriteSummary(Environment.CommandLine, g.Seed, "sampler", "none (host simulation)", results);
                if (g.Json) { results["folder"] = folder.Path; results["seed"] = g.Seed; JsonOutput.Write(results); }
                else
                {
                    Console.WriteLine($"program error: {study.ErrorSource} (loc {study.Loc:G3}, scale {study.Scale:G3}, nu {study.Nu:G3}); {study.Samples} samples per point; seed {g.Seed}");
                    Console.WriteLine("model         bits  levels  mean     min      max      software");
                    foreach (LevelsRow r in rows) Console.WriteLine($"{r.Model,-13} {r.Bits,4}  {r.Levels,6}  {r.Mean,-8:P2} {r.Min,-8:P2} {r.Max,-8:P2} {r.Software:P2}");
                    Console.WriteLine("results: " + folder.Path);
                }
                return ExitCodes.Ok;
            });
            return command;
        }

        private sealed class Echo(bool quiet) : IProgress<string>
        {
            public void Report(string value)
            {
                if (!quiet) Console.Error.WriteLine(value);
            }
        }
    }
}

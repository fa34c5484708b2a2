using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CimController.Learning.ModelFiles;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Host.Tests.TrainRunFiles;

namespace CimController.Host.Tests;

/// <summary>
/// cimctl names networks one way (--arch lenet | lenet5 | mlp with their paper sources, the long names a model file stores
/// accepted too), refuses a network the board cannot hold before a chip run starts, checks every test-image count against
/// the test set, shows no sentinel defaults in any help, and model-file reports like the other commands (a JSON document
/// under --json, progress while it trains).
/// </summary>
[TestClass]
public sealed class CimctlArchitectureAndModelFileTests
{
    private const string Vocabulary = "lenet (Wu 2023 LeNet), lenet5 (Diao 2025 LeNet-5), mlp (Diao 2025 MLP); also wu-lenet, diao-lenet5";

    private static JsonElement Json(string stdout)
    {
        using JsonDocument doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void TrainRefusesANetworkThatDoesNotFitTheBoardBeforeTheRunHeader()
    {
        RequireData();
        string dir = Path.Combine(TempDir(), "run");
        foreach ((string arch, int arrays) in new[] { ("lenet5", 41), ("mlp", 121) })
        {
            CimctlRun.Result r = CimctlRun.Plain("--json", "train", "--arch", arch, "--mode", "mixed", "--epochs", "1", "--batches-per-epoch", "2", "--out", dir);
            Assert.AreEqual(2, r.Exit, r.Stderr);
            StringAssert.StartsWith(r.StderrLines[0], "cimctl: --arch " + arch + " (");
            StringAssert.Contains(r.StderrLines[0], "needs " + arrays + " arrays of 64x64 for on-chip training");
            StringAssert.Contains(r.StderrLines[0], "the board has 4. Give --arch lenet, --mode software (no chip)");
            Assert.IsFalse(r.Stderr.Contains("internal error"), r.Stderr);
            JsonElement doc = Json(r.Stdout);
            Assert.AreEqual("Usage", doc.GetProperty("code").GetString());
            Assert.AreEqual(2, doc.GetProperty("exitCode").GetInt32());
            Assert.IsFalse(Directory.Exists(dir), "refused before the run folder");
        }

        // Copies the board's arrays cannot stack are refused the same way, naming the layer.
        CimctlRun.Result copies = CimctlRun.Plain("train", "--mode", "mixed", "--copies", "3,1,1", "--epochs", "1", "--batches-per-epoch", "2", "--out", dir);
        Assert.AreEqual(2, copies.Exit, copies.Stderr);
        Assert.AreEqual("cimctl: --copies 3,1,1: 3 copies of layer conv1 (fan-in 25) do not fit one array of 64 rows: copies must be 1..2 for this layer", copies.StderrLines[0]);
        Assert.AreEqual("", copies.Stdout, "refused before the run header");
        Assert.IsFalse(Directory.Exists(dir));
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void TrainTakesArchInOneVocabularyAndStillAcceptsItsOlderModelOption()
    {
        RequireData();
        string root = TempDir();
        CimctlRun.Result help = CimctlRun.Plain("train", "--help");
        Assert.AreEqual(0, help.Exit, help.Stderr);
        StringAssert.Contains(help.Stdout, "--arch <arch>");
        StringAssert.Contains(help.Stdout, "Network: " + Vocabulary + " (default lenet)");
        Assert.IsFalse(help.Stdout.Contains("--model"), "one option name in the help:\n" + help.Stdout);

        // The long name a model file stores is accepted and recorded under the short name; so is train's older --model.
        foreach ((string option, string given, string folder) in new[] { ("--arch", "wu-lenet", "long"), ("--model", "lenet", "older") })
        {
            string dir = Path.Combine(root, folder);
            CimctlRun.Result r = CimctlRun.Plain(TinySoftware("1", option, given, "--out", dir));
            Assert.AreEqual(0, r.Exit, r.Stderr);
            using JsonDocument config = TrainRunFiles.Json(dir, "config.json");
            Assert.AreEqual("lenet", config.RootElement.GetProperty("model").GetString());
        }

        CimctlRun.Result both = CimctlRun.Plain("train", "--arch", "lenet", "--model", "lenet");
        Assert.AreEqual(2, both.Exit, both.Stderr);
        Assert.AreEqual("cimctl: --model is the older name of --arch; give --arch alone", both.StderrLines[0]);

        CimctlRun.Result unknown = CimctlRun.Plain("train", "--arch", "resnet", "--out", Path.Combine(root, "unknown"));
        Assert.AreEqual(2, unknown.Exit, unknown.Stderr);
        Assert.AreEqual("cimctl: --arch 'resnet' is not known; accepted: " + Vocabulary, unknown.StderrLines[0]);
        Assert.IsFalse(Directory.Exists(Path.Combine(root, "unknown")));
    }

    [TestMethod]
    public void EveryCommandNamesArchitecturesTheSameWay()
    {
        foreach (string[] command in new[] { new[] { "model-file" }, new[] { "deploy" }, new[] { "infer" }, new[] { "bench", "infer" } })
        {
            CimctlRun.Result r = CimctlRun.Plain(command.Append("--help").ToArray());
            Assert.AreEqual(0, r.Exit, r.Stderr);
            string line = r.StdoutLines.Single(l => l.TrimStart().StartsWith("--arch", StringComparison.Ordinal));
            StringAssert.Contains(line, Vocabulary, string.Join(" ", command));
        }

        CimctlRun.Result study = CimctlRun.Plain("levels-study", "--help");
        StringAssert.Contains(study.StdoutLines.Single(l => l.TrimStart().StartsWith("--arch", StringComparison.Ordinal)), "mlp, lenet5 (Diao 2025 MLP and LeNet-5)");
        Assert.IsFalse(study.Stdout.Contains("--models"), study.Stdout);

        Assert.AreEqual("lenet", ModelArchitectures.ShortName("WU-LENET"));
        Assert.AreEqual("lenet5", ModelArchitectures.ShortName("DiaoLeNet5"), "a network's own name");
        Assert.AreEqual("mlp", ModelArchitectures.ShortName("mlp"));
        Assert.IsNull(ModelArchitectures.ShortName("resnet"));
        Assert.AreEqual("wu-lenet", ModelArchitectures.Normalize("lenet"), "model files keep storing the long name");
    }

    [TestMethod]
    public void NoHelpShowsASentinelDefaultOrCallsACommandAStopGap()
    {
        CimctlRun.Result root = CimctlRun.Plain("--help");
        Assert.AreEqual(0, root.Exit, root.Stderr);
        var commands = new List<string[]> { Array.Empty<string>() };
        bool inCommands = false;
        foreach (string line in root.StdoutLines)
        {
            if (line.StartsWith("Commands:", StringComparison.Ordinal))
            {
                inCommands = true;
                continue;
            }
            if (inCommands && line.Length > 2 && line.StartsWith("  ", StringComparison.Ordinal) && line[2] != ' ')
            {
                commands.Add(new[] { line.Trim().Split(' ')[0] });
            }
        }
        Assert.IsTrue(commands.Count > 15, "the command list was read: " + commands.Count);

        var seen = new HashSet<string>();
        for (int i = 0; i < commands.Count; i++)
        {
            CimctlRun.Result r = CimctlRun.Plain(commands[i].Append("--help").ToArray());
            string name = "cimctl " + string.Join(" ", commands[i]);
            Assert.AreEqual(0, r.Exit, name + ": " + r.Stderr);
            foreach (string sentinel in new[] { "2147483647", "4294967295", "9223372036854775807", "-2147483648" })
            {
                Assert.IsFalse(r.Stdout.Contains(sentinel), name + " --help shows " + sentinel + ":\n" + r.Stdout);
            }
            Assert.IsFalse(r.Stdout.Contains("stop-gap", StringComparison.OrdinalIgnoreCase), name + ":\n" + r.Stdout);
            seen.Add(name);

            // Subcommands (ffp calibrate, bench infer, tls init, ...) are listed under their parent's Commands: too.
            bool sub = false;
            foreach (string line in r.StdoutLines)
            {
                if (line.StartsWith("Commands:", StringComparison.Ordinal))
                {
                    sub = true;
                    continue;
                }
                if (sub && commands[i].Length == 1 && line.Length > 2 && line.StartsWith("  ", StringComparison.Ordinal) && line[2] != ' ')
                {
                    commands.Add(new[] { commands[i][0], line.Trim().Split(' ')[0] });
                }
            }
        }
        CollectionAssert.IsSubsetOf(new[] { "cimctl infer", "cimctl model-file", "cimctl bench infer", "cimctl ffp levels" }, seen.ToArray());
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void EveryTestImageCountBeyondTheTestSetIsRefusedBeforeWork()
    {
        RequireData();
        using var temp = new CimctlRun.TempFolder();
        string model = temp.File("lenet.safetensors");
        ModelFile.Save(model, ModelArchitectures.Create("lenet", seed: 1));
        string expected = "is not valid; the test set in " + Learning.Data.FashionMnist.DefaultFolder + " has 10000 images: give 1..10000";
        foreach (string[] args in new[]
        {
            new[] { "model-file", "--test-images", "999999", "--out", temp.File("m.safetensors") },
            new[] { "infer", "--model", model, "--images", "999999" },
            new[] { "bench", "infer", "--model", model, "--images", "999999" },
            new[] { "transfer-study", "--software", model, "--images", "999999", "--out", temp.File("transfer") },
            new[] { "levels-study", "--images", "999999", "--out", temp.File("levels") },
        })
        {
            CimctlRun.Result r = CimctlRun.Plain(args);
            string name = string.Join(" ", args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)));
            Assert.AreEqual(2, r.Exit, name + ": " + r.Stderr);
            StringAssert.StartsWith(r.StderrLines[0], "cimctl: --");
            StringAssert.Contains(r.StderrLines[0], " 999999 " + expected, name);
            Assert.AreEqual("", r.Stdout, name + ": refused before any output");
        }
        Assert.AreEqual(1, Directory.GetFileSystemEntries(temp.Path).Length, "nothing but the model was written");

        CimctlRun.Result train = CimctlRun.Plain(With(TinySoftware("1", "--out", temp.File("run")), "--test-images", "999999"));
        Assert.AreEqual(2, train.Exit, train.Stderr);
        StringAssert.Contains(train.StderrLines[0], "--test-images 999999 exceeds the 10000 test images");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void ModelFilePrintsAJsonDocumentAndProgressLinesWhileItTrains()
    {
        RequireData();
        using var temp = new CimctlRun.TempFolder();
        string path = temp.File("mlp.safetensors");
        CimctlRun.Result r = CimctlRun.With(new Dictionary<string, string?> { ["CIMCTL_PROGRESS_SECONDS"] = "0" },
            "--json", "--seed", "3", "model-file", "--arch", "mlp", "--epochs", "2", "--batches-per-epoch", "10", "--test-images", "200", "--out", path);
        Assert.AreEqual(0, r.Exit, r.Stderr);
        JsonElement doc = Json(r.Stdout);
        Assert.AreEqual("mlp", doc.GetProperty("arch").GetString());
        Assert.AreEqual(3, doc.GetProperty("seed").GetInt32());
        Assert.AreEqual(2, doc.GetProperty("epochs").GetInt32());
        Assert.AreEqual(200, doc.GetProperty("testImages").GetInt32());
        Assert.AreEqual(Path.GetFullPath(path), doc.GetProperty("modelFile").GetString());
        JsonElement[] epochs = doc.GetProperty("perEpoch").EnumerateArray().ToArray();
        Assert.AreEqual(2, epochs.Length);
        Assert.AreEqual(doc.GetProperty("testAccuracy").GetDouble(), epochs[1].GetProperty("testAccuracy").GetDouble());
        LoadedModel saved = ModelFile.Load(path);
        Assert.AreEqual(doc.GetProperty("testAccuracy").GetDouble(), double.Parse(saved.Metadata["trained.test_accuracy"], System.Globalization.CultureInfo.InvariantCulture), 1e-4);

        // Progress goes to stderr as plain lines (stdout holds only the document): with an interval of 0 every batch.
        string[] progress = r.StderrLines.Where(l => l.StartsWith("training mlp (FP32, 2 x 10 x 64): ", StringComparison.Ordinal)).ToArray();
        Assert.AreEqual("training mlp (FP32, 2 x 10 x 64): 10/20 (50 %)", progress[9][..progress[9].IndexOf(" after", StringComparison.Ordinal)], string.Join("\n", progress));
        StringAssert.StartsWith(progress[^1], "training mlp (FP32, 2 x 10 x 64): done, 20/20 in ");

        // Errors come as one line and, under --json, as the JSON error document; nothing is written.
        CimctlRun.Result bad = CimctlRun.Plain("--json", "model-file", "--lr", "-1", "--out", temp.File("bad.safetensors"));
        Assert.AreEqual(2, bad.Exit, bad.Stderr);
        Assert.AreEqual("cimctl: --lr -1 is out of range; give a learning rate in (0, 1]", bad.StderrLines[0]);
        Assert.AreEqual("Usage", Json(bad.Stdout).GetProperty("code").GetString());
        Assert.IsFalse(File.Exists(temp.File("bad.safetensors")));
    }
}

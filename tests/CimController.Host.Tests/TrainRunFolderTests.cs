using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Host.Tests.TrainRunFiles;

namespace CimController.Host.Tests;

/// <summary>
/// cimctl train's run folders as child processes see them: no run replaces another, a resume does what the run allows and
/// says so, a config file reproduces a run, output paths and options are checked before any work, and a failed command
/// leaves no empty folder.
/// </summary>
[TestClass]
public sealed class TrainRunFolderTests
{
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void AnExistingRunFolderIsRefusedUnlessOverwriteAndDefaultFoldersAreNew()
    {
        RequireData();
        string cwd = TempDir();
        string dir = Path.Combine(cwd, "run");
        (int exit, _, string stderr) = CimctlChild.Run(TinySoftware("1", "--out", dir), RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        byte[] checkpoint = File.ReadAllBytes(Path.Combine(dir, "checkpoint.json"));

        (exit, _, stderr) = CimctlChild.Run(TinySoftware("2", "--out", dir), RunTimeout);
        Assert.AreEqual(2, exit);
        StringAssert.Contains(stderr, "--out " + dir + " holds an earlier run");
        StringAssert.Contains(stderr, "add --overwrite to replace it");
        CollectionAssert.AreEqual(checkpoint, File.ReadAllBytes(Path.Combine(dir, "checkpoint.json")), "the earlier run is untouched");

        (exit, _, stderr) = CimctlChild.Run(TinySoftware("2", "--out", dir, "--overwrite"), RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        using (JsonDocument summary = Json(dir, "summary.json"))
        {
            Assert.AreEqual(2, summary.RootElement.GetProperty("seed").GetInt32(), "the folder now holds the seed-2 run");
        }

        string foreign = Path.Combine(cwd, "notes");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "todo.txt"), "keep me");
        (exit, _, stderr) = CimctlChild.Run(TinySoftware("1", "--out", foreign, "--overwrite"), RunTimeout);
        Assert.AreEqual(2, exit);
        StringAssert.Contains(stderr, "holds files that are not a cimctl run (todo.txt)");
        Assert.IsTrue(File.Exists(Path.Combine(foreign, "todo.txt")));

        for (int i = 0; i < 2; i++)
        {
            string stdout;
            (exit, stdout, stderr) = CimctlChild.Run(TinySoftware("1"), RunTimeout, cwd);
            Assert.AreEqual(0, exit, stderr);
            // 4 batches x 3220 LeNet weights; no chip, so no device writes to compare them with.
            StringAssert.Contains(stdout, "FP32 software run, no chip: 12880 weight updates");
            Assert.IsFalse(stdout.Contains("fewer", StringComparison.Ordinal), stdout);
        }

        string[] runs = Directory.GetDirectories(Path.Combine(cwd, "runs")).Select(Path.GetFileName).ToArray()!;
        Console.WriteLine(string.Join(", ", runs));
        Assert.AreEqual(2, runs.Length, "two runs without --out: two folders");
        Assert.IsTrue(runs.All(r => r!.StartsWith("train-software-lenet-seed1-", StringComparison.Ordinal)));
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void ResumeSaysRunCompleteExtendsWithMoreEpochsAndRefusesOptionsThatContradictTheRun()
    {
        RequireData();
        string dir = Path.Combine(TempDir(), "run");
        (int exit, _, string stderr) = CimctlChild.Run(TinySoftware("3", "--out", dir), RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        byte[] checkpoint = File.ReadAllBytes(Path.Combine(dir, "checkpoint.json"));

        (exit, string stdout, stderr) = CimctlChild.Run(new[] { "train", "--resume", dir }, RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        StringAssert.Contains(stdout, "run complete: " + dir + " has finished all 1 epochs; nothing to do (give --epochs N with N > 1 to extend it)");
        CollectionAssert.AreEqual(checkpoint, File.ReadAllBytes(Path.Combine(dir, "checkpoint.json")), "nothing to do: nothing written");

        foreach ((string[] args, string expected) in new[]
        {
            (new[] { "--lr", "0.01" }, "--lr gives learningRate 0.01, which contradicts the run, trained with learningRate 0.004"),
            (new[] { "--mode", "mixed" }, "--mode gives mode mixed, which contradicts the run, trained with mode software"),
            (new[] { "--profile", "ideal" }, "--profile gives profile ideal, which contradicts the run, trained with profile brram"),
            (new[] { "--out", dir }, "--out does not go with --resume"),
        })
        {
            (exit, _, stderr) = CimctlChild.Run(new[] { "train", "--resume", dir }.Concat(args).ToArray(), RunTimeout);
            Assert.AreEqual(2, exit, stderr);
            StringAssert.Contains(stderr, expected);
        }

        (exit, _, stderr) = CimctlChild.Run(new[] { "train", "--resume", dir, "--epochs", "2" }, RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        using (JsonDocument summary = Json(dir, "summary.json"))
        {
            JsonElement root = summary.RootElement;
            Assert.AreEqual(2, root.GetProperty("results").GetProperty("epochs").GetInt32());
            JsonElement change = root.GetProperty("changes")[0];
            Assert.AreEqual("epochs", change.GetProperty("key").GetString());
            Assert.AreEqual("1", change.GetProperty("from").GetString());
            Assert.AreEqual("2", change.GetProperty("to").GetString());
            Assert.AreEqual(4, change.GetProperty("step").GetInt64(), "the change applies from the end of epoch 1");
            Assert.AreEqual(2, root.GetProperty("config").GetProperty("epochs").GetInt32(), "config.json states the effective epochs");
        }

        string twoEpochs = Path.Combine(TempDir(), "two");
        (exit, _, stderr) = CimctlChild.Run(With(TinySoftware("3", "--out", twoEpochs), "--epochs", "2"), RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        Assert.AreEqual(ModelChecksum(twoEpochs), ModelChecksum(dir), "extended by an epoch = trained for two");
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void TheRunFoldersConfigReproducesTheRun()
    {
        RequireData();
        string first = Path.Combine(TempDir(), "first"), again = Path.Combine(TempDir(), "again");
        (int exit, _, string stderr) = CimctlChild.Run(TinySoftware("4", "--lr", "0.002", "--out", first), RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        using (JsonDocument config = Json(first, "config.json"))
        {
            JsonElement c = config.RootElement;
            Assert.AreEqual(4, c.GetProperty("seed").GetInt32());
            Assert.AreEqual(0.002, c.GetProperty("learningRate").GetDouble(), 1e-9);
            Assert.AreEqual(64, c.GetProperty("dataSha256").GetString()!.Length);
        }

        (exit, _, stderr) = CimctlChild.Run(new[] { "train", "--config", Path.Combine(first, "config.json"), "--out", again }, RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        Assert.AreEqual(ModelChecksum(first), ModelChecksum(again));
        Assert.AreEqual(File.ReadAllText(Path.Combine(first, "config.json")), File.ReadAllText(Path.Combine(again, "config.json")));
        using (JsonDocument summary = Json(again, "summary.json"))
        {
            JsonElement root = summary.RootElement;
            Assert.AreEqual(64, root.GetProperty("config").GetProperty("dataSha256").GetString()!.Length);
            Assert.IsTrue(root.GetProperty("software").GetProperty("commit").GetString()!.Length > 0);
            Assert.AreEqual("complete", root.GetProperty("status").GetString());
            Assert.IsTrue(root.TryGetProperty("startedUtc", out _) && root.TryGetProperty("finishedUtc", out _));
        }

        string bad = Path.Combine(TempDir(), "bad.json");
        File.WriteAllText(bad, "{\"epochs\": 1, \"learningrate\": 0.1}");
        (exit, _, stderr) = CimctlChild.Run(new[] { "train", "--config", bad }, RunTimeout);
        Assert.AreEqual(2, exit);
        StringAssert.Contains(stderr, "key 'learningrate' is not a training setting (did you mean 'learningRate'?)");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void OptionsAndOutputPathsAreCheckedBeforeAnyWorkAndFailuresLeaveNoEmptyFolder()
    {
        RequireData();
        string root = TempDir();
        string dir = Path.Combine(root, "run");
        foreach ((string[] args, string expected) in new[]
        {
            (TinySoftware("1", "--repeats", "4,4", "--out", dir), "--repeats got 2 value(s) (4,4); lenet has 3 crossbar layers"),
            (With(TinySoftware("1", "--out", dir), "--test-images", "20000"), "--test-images 20000 exceeds the 10000 test images"),
            (TinySoftware("1", "--lr", "0", "--out", dir), "--lr 0: give a learning rate in (0, 1]"),
            (With(TinySoftware("1", "--out", dir), "--epochs", "0"), "--epochs 0 is out of range"),
            (new[] { "--profile", "nonesuch", "train", "--mode", "mixed", "--out", dir }, "nonesuch"),
        })
        {
            (int exit, _, string stderr) = CimctlChild.Run(args, RunTimeout);
            Assert.AreEqual(2, exit, stderr);
            StringAssert.Contains(stderr, expected);
            Assert.IsFalse(Directory.Exists(dir), "a refused command leaves no folder");
        }

        // A board that cannot be reached: the run fails (exit 1) before its first checkpoint and leaves no folder behind.
        (int code, _, string err) = CimctlChild.Run(new[] { "--board", "tcp://127.0.0.1:9", "train", "--mode", "mixed", "--no-baseline", "--epochs", "1", "--batches-per-epoch", "2", "--out", dir }, RunTimeout);
        Assert.AreEqual(1, code, err);
        Assert.IsFalse(Directory.Exists(dir), "a failed run leaves no empty folder");

        string model = Path.Combine(root, "missing", "model.safetensors");
        var clock = Stopwatch.StartNew();
        (code, _, err) = CimctlChild.Run(new[] { "model-file", "--out", model }, RunTimeout);
        Console.WriteLine($"model-file refused after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.AreEqual(2, code, err);
        StringAssert.Contains(err, "the folder " + Path.Combine(root, "missing") + " does not exist");
        Assert.IsFalse(Directory.Exists(Path.Combine(root, "missing")));
    }
}

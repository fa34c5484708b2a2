using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Host.Tests.TrainRunFiles;

namespace CimController.Host.Tests;

/// <summary>
/// <c>cimctl demo</c> end to end as a child process, shortened (one epoch of a few batches): on-chip training beside the
/// baseline, deployment to a fresh chip, inference, the summary in JSON, text and demo.json, the run folder, the same
/// figures for the same seed, and refusals before any work.
/// </summary>
[TestClass]
public sealed class DemoCommandTests
{
    private const int Batches = 6;
    private const int Images = 96;
    private const int LeNetWeights = 3220;
    private const int LeNetCells = 6440;

    private static string[] Short(int seed, string folder, params string[] more) => Concat(
        new[] { "--seed", seed.ToString(), "demo", "--epochs", "1", "--batches-per-epoch", Batches.ToString(), "--test-images", Images.ToString(), "--out", folder }, more);

    [TestMethod]
    public void TheDemoTrainsOnTheChipDeploysToAFreshChipAndReportsInJsonAndItsFolder()
    {
        RequireData();
        const int seed = 5;
        Console.WriteLine("seed " + seed);
        string folder = Path.Combine(TempDir(), "demo");
        var (exit, stdout, stderr) = CimctlChild.Run(Concat(new[] { "--json" }, Short(seed, folder)), RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        JsonObject doc = JsonNode.Parse(stdout)!.AsObject();
        Assert.AreEqual("demo", (string?)doc["command"]);
        Assert.AreEqual(seed, (int)doc["seed"]!);
        JsonObject training = doc["training"]!.AsObject(), deployment = doc["deployment"]!.AsObject(), inference = doc["inference"]!.AsObject();
        Assert.AreEqual((long)Batches * LeNetWeights, (long)training["softwareWeightUpdates"]!, "every weight updated every batch in software");
        long writes = (long)training["deviceWrites"]!;
        Assert.IsTrue(writes >= 0 && writes < (long)Batches * LeNetWeights, $"{writes} device writes: the firmware's accumulator writes far fewer");
        double onChip = (double)training["onChipTestAccuracy"]!, baseline = (double)training["softwareBaselineTestAccuracy"]!;
        // Six batches teach the software baseline a little; the chip's model moves only once its accumulated updates pass
        // the write threshold (about 100 batches leave chance: 59.8 %, seed 1), so its accuracy is checked as a count.
        Assert.IsTrue(baseline > 0.2, $"after {Batches} batches the software baseline learns: {baseline} (chance is 0.1)");
        // The report rounds to 4 decimals: 9 of 96 is 0.0938.
        Assert.IsTrue(onChip >= 0 && onChip <= 1 && Math.Abs((onChip * Images) - Math.Round(onChip * Images)) < 0.05,
            $"the on-chip accuracy {onChip} is a count of the {Images} test images");
        Assert.IsTrue((double)training["chipSeconds"]! > 0 && (double)training["chipMillijoules"]! > 0, "the training board's counters");
        Assert.AreEqual(LeNetCells, (int)deployment["cells"]!, "every differential-pair device of the LeNet is programmed on the fresh chip");
        Assert.IsTrue((long)deployment["pulses"]! >= LeNetCells, "write-verify pulses");
        Assert.AreEqual(Images, (int)doc["testImages"]!);
        double chip = (double)inference["chipAccuracy"]!, software = (double)inference["softwareAccuracySameWeights"]!;
        Assert.IsTrue(Math.Abs(chip - software) < 0.15, $"the deployed chip ({chip}) stays near the same weights in software ({software})");
        Assert.IsTrue((double)inference["chipMsPerImage"]! > 0 && (double)inference["chipMillijoulesPerImage"]! > 0);

        string[] plots = doc["plots"]!.AsArray().Select(p => (string)p!).ToArray();
        CollectionAssert.Contains(plots.Select(Path.GetFileName).ToArray(), "accuracy.png");
        Assert.IsTrue(plots.All(File.Exists), string.Join(", ", plots));
        foreach (string file in new[] { "demo.json", "summary.json", "checkpoint.json", "model.safetensors" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(folder, file)), file + " in the run folder");
        }

        JsonObject saved = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "demo.json")))!.AsObject();
        Assert.IsTrue(JsonNode.DeepEquals(doc, saved), "demo.json holds the printed document");
        StringAssert.StartsWith((string?)doc["reproduce"], $"cimctl demo --seed {seed} --profile brram --epochs 1 --batches-per-epoch {Batches} --test-images {Images}");
        Assert.AreEqual("complete", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")))!["status"], "the training run is complete");
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameFiguresAndTheTextSummaryNamesThem()
    {
        RequireData();
        const int seed = 8;
        Console.WriteLine("seed " + seed);
        string root = TempDir();
        var json = CimctlChild.Run(Concat(new[] { "--json" }, Short(seed, Path.Combine(root, "a"))), RunTimeout);
        Assert.AreEqual(0, json.Exit, json.Stderr);
        var text = CimctlChild.Run(Short(seed, Path.Combine(root, "b")), RunTimeout);
        Assert.AreEqual(0, text.Exit, text.Stderr);
        JsonObject a = JsonNode.Parse(json.Stdout)!.AsObject();
        JsonObject b = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "b", "demo.json")))!.AsObject();
        foreach (string key in new[] { "training.onChipTestAccuracy", "training.softwareBaselineTestAccuracy", "training.deviceWrites", "deployment.pulses", "inference.chipAccuracy" })
        {
            string[] path = key.Split('.');
            Assert.AreEqual(a[path[0]]![path[1]]!.ToJsonString(), b[path[0]]![path[1]]!.ToJsonString(), key + " for the same seed");
        }

        string[] lines = text.Stdout.Replace("\r", "").Split('\n');
        string Line(string start) => lines.SingleOrDefault(l => l.StartsWith(start, StringComparison.Ordinal)) ?? throw new AssertFailedException("no line '" + start + "' in:\n" + text.Stdout);
        double onChip = 100 * (double)b["training"]!["onChipTestAccuracy"]!;
        StringAssert.Contains(Line("on-chip training"), onChip.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " %");
        StringAssert.Contains(Line("device writes"), "weight updates in software");
        StringAssert.Contains(Line("inference"), "chip accuracy");
        StringAssert.Contains(Line("run again"), "cimctl demo --seed " + seed);
        StringAssert.Contains(Line("[3/4]"), "fresh emulated chip (seed " + (seed + 1) + ":");
    }

    [TestMethod]
    public void BadDemoOptionsAreRefusedBeforeAnyWork()
    {
        string root = TempDir();
        foreach (var (args, expected) in new[]
        {
            (new[] { "--board", "tcp://127.0.0.1:9", "demo", "--out", Path.Combine(root, "x") }, "is not accepted by demo"),
            (new[] { "demo", "--epochs", "0", "--out", Path.Combine(root, "x") }, "--epochs 0 is not valid; give 1..13"),
            (new[] { "--profile", "nosuch", "demo", "--out", Path.Combine(root, "x") }, "nosuch"),
        })
        {
            var (exit, _, stderr) = CimctlChild.Run(args, RunTimeout);
            Assert.AreEqual(2, exit, string.Join(" ", args) + ": " + stderr);
            StringAssert.Contains(stderr, expected);
            Assert.IsFalse(Directory.Exists(Path.Combine(root, "x")), "no folder is left after a refusal");
        }
    }
}

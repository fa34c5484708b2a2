using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Host.Tests.TrainRunFiles;

namespace CimController.Host.Tests;

/// <summary>cimctl sweep: the same command over several seeds, each seed's run reproducible, mean and spread reported.</summary>
[TestClass]
public sealed class SweepCommandTests
{
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void ASweepRunsEachSeedAndReportsMeanAndSpreadOfTheRunsItsFoldersHold()
    {
        RequireData();
        string dir = Path.Combine(TempDir(), "sweep");
        string[] train = TinySoftware("0").Skip(2).ToArray(); // the run without its --seed: the sweep gives each run its own
        (int exit, string stdout, string stderr) = CimctlChild.Run(new[] { "--json", "sweep", "--seeds", "1-3", "--out", dir, "--" }.Concat(train).ToArray(), RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.AreEqual("complete", root.GetProperty("status").GetString());
        double[] accuracies = new double[3];
        for (int i = 0; i < 3; i++)
        {
            JsonElement run = root.GetProperty("runs")[i];
            Assert.AreEqual(i + 1, run.GetProperty("seed").GetInt32());
            Assert.AreEqual(0, run.GetProperty("exitCode").GetInt32());
            string folder = run.GetProperty("runFolder").GetString()!;
            Assert.AreEqual(Path.Combine(dir, "seed-" + (i + 1)), folder);
            accuracies[i] = run.GetProperty("metrics").GetProperty("finalTestAccuracy").GetDouble();
            using JsonDocument summary = Json(folder, "summary.json");
            Assert.AreEqual(i + 1, summary.RootElement.GetProperty("seed").GetInt32());
            Assert.AreEqual(accuracies[i], summary.RootElement.GetProperty("results").GetProperty("finalTestAccuracy").GetDouble(), "the sweep reports what the seed's run folder holds");
        }

        Console.WriteLine("final test accuracy per seed: " + string.Join(", ", accuracies));
        double mean = accuracies.Average();
        double sd = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / 2);
        JsonElement stat = root.GetProperty("statistics").GetProperty("finalTestAccuracy");
        Assert.AreEqual(3, stat.GetProperty("n").GetInt32());
        Assert.AreEqual(mean, stat.GetProperty("mean").GetDouble(), 1e-5);
        Assert.AreEqual(sd, stat.GetProperty("sd").GetDouble(), 1e-5);
        Assert.AreEqual(accuracies.Min(), stat.GetProperty("min").GetDouble(), 1e-9);
        Assert.AreEqual(accuracies.Max(), stat.GetProperty("max").GetDouble(), 1e-9);
        string[] csv = File.ReadAllLines(Path.Combine(dir, "sweep.csv"));
        Assert.AreEqual(4, csv.Length, "a header and one row per seed");
        StringAssert.StartsWith(csv[0], "seed,exit_code,run_folder,finalTestAccuracy");

        // Seed 2 on its own gives what the sweep reported for it.
        string alone = Path.Combine(TempDir(), "alone");
        (exit, stdout, stderr) = CimctlChild.Run(new[] { "--seed", "2", "--json" }.Concat(train).Concat(new[] { "--out", alone }).ToArray(), RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        using JsonDocument single = JsonDocument.Parse(stdout);
        Assert.AreEqual(accuracies[1], single.RootElement.GetProperty("finalTestAccuracy").GetDouble());
        Assert.AreEqual(ModelChecksum(Path.Combine(dir, "seed-2")), ModelChecksum(alone));
    }

    /// <summary>
    /// SIGTERM to the sweep alone (as a service manager or kill(1) sends it): the run in flight did not get it, so the sweep
    /// passes it on; the run stops gracefully with its resume command, no further seed starts, the sweep exits 143 and its
    /// summary says stopped; the stopped run then resumes to completion.
    /// </summary>
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void SigtermToTheSweepStopsTheRunInFlightGracefullyAndStartsNoFurtherSeed()
    {
        RequireData();
        string dir = Path.Combine(TempDir(), "sweep");
        string[] train = { "train", "--mode", "software", "--epochs", "2", "--batches-per-epoch", "150", "--batch", "32", "--test-images", "64" };
        using (CimctlChild sweep = CimctlChild.Start(new[] { "sweep", "--seeds", "1-2", "--out", dir, "--" }.Concat(train).ToArray()))
        {
            sweep.WaitForLine(l => l.StartsWith("sweep: seed 1 (1 of 2)", StringComparison.Ordinal), RunTimeout, "the first seed's start");
            WaitForFile(dir, Path.Combine(dir, "seed-1", "checkpoint.json"), RunTimeout); // the run is training: its first checkpoint exists
            sweep.Signal("TERM");
            Assert.AreEqual(143, sweep.WaitForExit(RunTimeout), "128 + SIGTERM");
            StringAssert.Contains(sweep.Stderr, "seed 1: resume with: cimctl train --resume " + Path.Combine(dir, "seed-1"));
            StringAssert.Contains(sweep.Stderr, "cimctl sweep: stopped by SIGTERM after 1 of 2 runs");
            StringAssert.Contains(sweep.Stderr, "seeds not run: 2");
        }

        Assert.IsFalse(Directory.Exists(Path.Combine(dir, "seed-2")), "no further seed started");
        using (JsonDocument summary = Json(dir, "summary.json"))
        {
            Assert.AreEqual("stopped", summary.RootElement.GetProperty("status").GetString());
            Assert.AreEqual(143, summary.RootElement.GetProperty("runs")[0].GetProperty("exitCode").GetInt32());
        }

        (int exit, _, string stderr) = CimctlChild.Run(new[] { "train", "--resume", Path.Combine(dir, "seed-1") }, RunTimeout);
        Assert.AreEqual(0, exit, stderr);
    }

    /// <summary>Waits (file system events, with a deadline) until <paramref name="file"/> exists somewhere under <paramref name="root"/>.</summary>
    private static void WaitForFile(string root, string file, TimeSpan timeout)
    {
        using var changed = new System.Threading.AutoResetEvent(false);
        using var watcher = new FileSystemWatcher(root) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        watcher.Created += (_, _) => changed.Set();
        watcher.Renamed += (_, _) => changed.Set();
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(file))
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            Assert.IsTrue(left > TimeSpan.Zero, file + " did not appear within " + timeout.TotalSeconds + " s");
            changed.WaitOne(left);
        }
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void BadSweepArgumentsAndArgumentsTheSweptCommandRefusesEndTheSweepWithExit2()
    {
        RequireData();
        string root = TempDir();
        string dir = Path.Combine(root, "sweep");
        string[] train = TinySoftware("0").Skip(2).ToArray();
        foreach ((string[] args, string expected) in new[]
        {
            (new[] { "sweep", "--seeds", "3-1", "--out", dir, "--" }.Concat(train).ToArray(), "--seeds '3-1' is not valid"),
            (new[] { "sweep", "--seeds", "1,1", "--out", dir, "--" }.Concat(train).ToArray(), "names seed 1 twice"),
            (new[] { "sweep", "--seeds", "1-2", "--out", dir, "--" }.Concat(train).Concat(new[] { "--seed", "4" }).ToArray(), "sweep: --seed after -- is the sweep's to set"),
            (new[] { "sweep", "--seeds", "1-2", "--out", dir, "--", "emulate", "--listen", "127.0.0.1:0" }, "'emulate' cannot be swept"),
            (new[] { "sweep", "--seeds", "1-2", "--out", dir, "--", "nonesuch" }, "'nonesuch' is not a cimctl command"),
            (new[] { "sweep", "--seeds", "1-2", "--out", dir, "--" }.Concat(train).Concat(new[] { "--lr", "5" }).ToArray(), "sweep: cimctl train refused its arguments (seed 1): --lr 5: give a learning rate in (0, 1]"),
        })
        {
            (int exit, _, string stderr) = CimctlChild.Run(args, RunTimeout);
            Assert.AreEqual(2, exit, stderr);
            StringAssert.Contains(stderr, expected);
            Assert.IsFalse(Directory.Exists(dir), "a refused sweep leaves no folder");
        }
    }
}

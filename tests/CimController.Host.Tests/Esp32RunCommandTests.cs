using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>
/// <c>cimctl esp32 run</c> as a user runs it: the ESP32 app on the virtual ESP32 (the kit's nanoCLR) against the emulated
/// board, a second cimctl talking to it over the printed pty, SIGTERM stopping everything; and the failures (no kit, no
/// set, a bad --cim-board, no pty in time, the nanoCLR ending) with their exit codes and one error line. The tests that
/// boot the app need the kit (see <see cref="Esp32Kit"/>); the argument checks run without it.
/// </summary>
[TestClass]
public sealed class Esp32RunCommandTests
{
    private const int Seed = 11;
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(20);

    [ClassCleanup]
    public static void RemoveSets() => Esp32Kit.RemoveBuiltSets();

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void RunPrintsThePtyInfoSeesTheEsp32AndSigtermStopsEverything()
    {
        string set = Esp32Kit.RegisterMapSet();
        Console.WriteLine($"virtual ESP32: register-map board, profile brram, seed {Seed}");
        using Esp32CimctlRun run = Esp32CimctlRun.Start(new[] { "esp32", "run", "--pe-set", set, "--seed", Seed.ToString() });
        string serial = FirstLine(run, TimeSpan.FromSeconds(90));
        StringAssert.Matches(serial, new Regex(@"^serial:/dev/pts/\d+$"));
        IReadOnlyList<int> clr = Esp32CimctlRun.NanoClrChildren(run.Id);
        Assert.AreEqual(1, clr.Count, "cimctl should run exactly one nanoCLR; found pids " + string.Join(",", clr));

        (int exit, string stdout, string stderr) = CimctlProcess.Run("--board", serial, "--timeout", "30000", "--json", "info");
        Assert.AreEqual(0, exit, stderr);
        using (JsonDocument info = JsonDocument.Parse(stdout))
        {
            Assert.AreEqual("esp32-wrover", info.RootElement.GetProperty("info").GetProperty("boardKind").GetString());
        }

        StopWithSigterm(run, clr[0]);
        Assert.AreEqual(1, run.Stdout.Count, "exactly one stdout line: " + string.Join(" | ", run.Stdout));
    }

    [TestMethod]
    [Timeout(400_000, CooperativeCancellation = true)]
    public void RunWithoutPeSetBuildsTheAppItselfAndPrintsOneJsonObject()
    {
        Esp32Kit.Require();
        string firmware = Path.Combine(Esp32Kit.RepositoryRoot, "firmware");
        Console.WriteLine($"virtual ESP32 built by cimctl: discrete board, profile ideal, seed {Seed}");
        using Esp32CimctlRun run = Esp32CimctlRun.Start(new[] { "--json", "esp32", "run", "--cim-board", "discrete", "--profile", "ideal", "--seed", Seed.ToString() }, firmware);
        string? built = null;
        try
        {
            string line = FirstLine(run, TimeSpan.FromMinutes(5));
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            built = root.GetProperty("peSet").GetString();
            StringAssert.Matches(root.GetProperty("serial").GetString(), new Regex(@"^serial:/dev/pts/\d+$"));
            Assert.AreEqual("emulator-discrete", root.GetProperty("board").GetString());
            StringAssert.StartsWith(root.GetProperty("profile").GetString(), "ideal");
            Assert.AreEqual(Seed, root.GetProperty("seed").GetInt32());
            Assert.IsTrue(File.Exists(Path.Combine(built!, "manifest.tsv")), "the built set should stay reusable: " + built);
            StringAssert.StartsWith(built, Path.GetTempPath());
            JsonElement assemblies = root.GetProperty("assemblies");
            Assert.AreEqual("mscorlib", assemblies[0].GetString());
            Assert.AreEqual("CimController.Firmware.Esp32", assemblies[assemblies.GetArrayLength() - 1].GetString());
            Assert.IsTrue(root.GetProperty("bytes").GetInt64() > 100_000);
            int pid = root.GetProperty("pid").GetInt32();
            Assert.IsTrue(Esp32CimctlRun.IsNanoClr(pid), "the pid in the JSON should be the running nanoCLR: " + pid);
            Assert.IsNotNull(run.StderrLine(l => l.Contains("built the .pe set in", StringComparison.Ordinal), DateTime.UtcNow), "stderr should say the app was built and how long it took");

            (int exit, string stdout, string stderr) = CimctlProcess.Run("--board", root.GetProperty("serial").GetString()!, "--timeout", "30000", "--json", "info");
            Assert.AreEqual(0, exit, stderr);
            using (JsonDocument info = JsonDocument.Parse(stdout))
            {
                Assert.AreEqual("esp32-wrover-discrete", info.RootElement.GetProperty("info").GetProperty("boardKind").GetString());
            }
            StopWithSigterm(run, pid);
        }
        finally
        {
            // cimctl keeps the set it built (it prints where); the test removes it.
            if (built != null && Directory.Exists(Path.GetDirectoryName(built)))
            {
                Directory.Delete(Path.GetDirectoryName(built)!, recursive: true);
            }
        }
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void TheNanoClrEndingByItselfEndsTheCommandWithExitOneAndItsReason()
    {
        string set = Esp32Kit.RegisterMapSet();
        Console.WriteLine($"virtual ESP32: register-map board, profile brram, seed {Seed}");
        using Esp32CimctlRun run = Esp32CimctlRun.Start(new[] { "esp32", "run", "--json", "--pe-set", set, "--seed", Seed.ToString() });
        using JsonDocument doc = JsonDocument.Parse(FirstLine(run, TimeSpan.FromSeconds(90)));
        int pid = doc.RootElement.GetProperty("pid").GetInt32();
        Esp32CimctlRun.Signal(pid, "KILL"); // the nanoCLR this test started through cimctl
        Assert.IsTrue(run.WaitForExit(StopBound), $"cimctl did not end within {StopBound.TotalSeconds} s of its nanoCLR ending");
        Assert.AreEqual(1, run.ExitCode);
        StringAssert.StartsWith(OneErrorLine(run), "cimctl: the nanoCLR crashed (signal 9)");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void NoPtyWithinTheStartTimeoutExitsOneAndLeavesNothingRunning()
    {
        // The register-map app against the discrete board never finds its board, so it never opens its host port.
        string set = Esp32Kit.RegisterMapSet();
        Console.WriteLine($"virtual ESP32: register-map app on the discrete board, seed {Seed}");
        using Esp32CimctlRun run = Esp32CimctlRun.Start(new[] { "esp32", "run", "--pe-set", set, "--cim-board", "discrete", "--start-timeout", "3", "--seed", Seed.ToString() });
        Assert.IsTrue(run.WaitForExit(TimeSpan.FromSeconds(60)), "cimctl did not give up within 60 s with --start-timeout 3");
        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(0, run.Stdout.Count, "nothing on stdout without a pty: " + string.Join(" | ", run.Stdout));
        StringAssert.StartsWith(OneErrorLine(run), "cimctl: the app did not open COM2 within 3 s");
        Match started = run.Stderr.Select(l => Regex.Match(l, @"nanoCLR \(pid (\d+)\)")).First(m => m.Success);
        Assert.IsFalse(Esp32CimctlRun.IsNanoClr(int.Parse(started.Groups[1].Value)), "the nanoCLR should be stopped");
    }

    [TestMethod]
    [DataRow("option")]
    [DataRow("environment")]
    public void AMissingKitExitsTwoWithOneLineSayingWhereToGetIt(string how)
    {
        string empty = Directory.CreateTempSubdirectory("cim-esp32run-nokit-").FullName;
        try
        {
            var environment = new Dictionary<string, string?> { ["NANOCLR_KIT"] = how == "environment" ? empty : null };
            string[] args = how == "option" ? new[] { "esp32", "run", "--kit", empty } : new[] { "esp32", "run" };
            using Esp32CimctlRun run = Esp32CimctlRun.RunToEnd(CimctlProcess.CommandTimeout, environment, args);
            Assert.AreEqual(2, run.ExitCode);
            string line = OneErrorLine(run);
            StringAssert.StartsWith(line, "cimctl: " + (how == "option" ? "--kit " : "NANOCLR_KIT ") + empty + " is not a nanoCLR kit");
            StringAssert.Contains(line, Path.Combine("bin", "nanoFramework.nanoCLR.test"));
            StringAssert.Contains(line, "firmware/README.md, \"The nanoCLR kit\"");
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [TestMethod]
    public void APeSetFolderWithoutManifestExitsTwo()
    {
        string empty = Directory.CreateTempSubdirectory("cim-esp32run-noset-").FullName;
        try
        {
            using Esp32CimctlRun run = Esp32CimctlRun.RunToEnd(CimctlProcess.CommandTimeout, null, "esp32", "run", "--pe-set", empty);
            Assert.AreEqual(2, run.ExitCode);
            StringAssert.StartsWith(OneErrorLine(run), "cimctl: --pe-set: no .pe set in " + empty + ": manifest.tsv is missing");
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("--cim-board", "esp32s3", "cimctl: --cim-board esp32s3 is not valid; accepted: register-map (board emulator) or discrete (board emulator-discrete)")]
    [DataRow("--start-timeout", "0", "cimctl: --start-timeout 0 is not valid; give a positive number of seconds")]
    public void AnUnknownOptionValueExitsTwoNamingWhatIsAccepted(string option, string value, string expected)
    {
        using Esp32CimctlRun run = Esp32CimctlRun.RunToEnd(CimctlProcess.CommandTimeout, null, "esp32", "run", option, value);
        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual(expected, OneErrorLine(run));
    }

    private static string FirstLine(Esp32CimctlRun run, TimeSpan bound)
    {
        string? line = run.FirstStdoutLine(DateTime.UtcNow + bound);
        Assert.IsNotNull(line, $"cimctl esp32 run printed no stdout line within {bound.TotalSeconds} s (ended: {run.WaitForExit(TimeSpan.Zero)}); stderr:\n" + string.Join("\n", run.Stderr));
        Console.WriteLine("cimctl esp32 run: " + line);
        return line;
    }

    // SIGTERM: cimctl exits 0 within the bound, says what it stopped, and the nanoCLR is gone.
    private static void StopWithSigterm(Esp32CimctlRun run, int nanoClr)
    {
        Esp32CimctlRun.Signal(run.Id, "TERM");
        Assert.IsTrue(run.WaitForExit(StopBound), $"cimctl esp32 run did not end within {StopBound.TotalSeconds} s of SIGTERM");
        Assert.AreEqual(0, run.ExitCode, string.Join("\n", run.Stderr));
        Assert.IsTrue(run.Stderr.Any(l => l.StartsWith($"cimctl esp32 run: SIGTERM: stopped the nanoCLR (pid {nanoClr})", StringComparison.Ordinal)),
            "stderr should say what was stopped");
        Assert.IsFalse(Esp32CimctlRun.IsNanoClr(nanoClr), $"the nanoCLR (pid {nanoClr}) still runs after cimctl ended");
    }

    // The single error line ("cimctl: ..."); with exit 2 it is followed only by the pointer to --help.
    private static string OneErrorLine(Esp32CimctlRun run)
    {
        string[] errors = run.Stderr.Where(l => l.StartsWith("cimctl: ", StringComparison.Ordinal)).ToArray();
        Assert.AreEqual(1, errors.Length, "exactly one error line expected; stderr:\n" + string.Join("\n", run.Stderr));
        return errors[0];
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using CimController.Learning.Data;
using CimController.Learning.ModelFiles;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>
/// cimctl says the truth up front: targets outside the device window and bad values are refused before any work with one
/// line naming the value and what is accepted (exit 2, a JSON error with --json), runtime failures name their cause
/// (exit 1), and a programming result's exit code follows whether the cell ended where it was asked to be.
/// </summary>
[TestClass]
public sealed class CimctlHonestErrorsTests
{
    private static JsonElement Json(string stdout)
    {
        using JsonDocument doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    [TestMethod]
    public void ProgramRefusesATargetOutsideTheDeviceWindowBeforeAnyPulse()
    {
        using var temp = new CimctlRun.TempFolder();
        string dir = temp.File("program");
        CimctlRun.Result r = CimctlRun.Plain("--json", "program", "--row", "0", "--col", "0", "--us", "500", "--out", dir);
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --us 500 µS is outside the device window of profile 'brram': give 4-40 µS", r.StderrLines[0]);
        Assert.AreEqual("Usage", Json(r.Stdout).GetProperty("code").GetString());
        Assert.IsFalse(Directory.Exists(dir), "refused before the results folder was made (and before any pulse)");
    }

    [TestMethod]
    public void ProgramRefusesABandOutsideTheWindowAndAPulseBeyondTheProfile()
    {
        CimctlRun.Result r = CimctlRun.Plain("program", "--rows", "0:2", "--cols", "0:2", "--level", "3", "--band-ua", "0.1:9");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --band-ua 0.1:9 µA at 0.3 V is 0.333-30 µS, outside the device window of profile 'brram': give levels within 4-40 µS (1.2:12 µA at 0.3 V)", r.StderrLines[0]);

        r = CimctlRun.Plain("--profile", "hfo2", "program", "--rows", "0:2", "--cols", "0:2", "--level", "1", "--set-v", "1:3");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --set-v ends at 3 V, beyond the largest SET pulse of profile 'hfo2': give at most 1.5 V", r.StderrLines[0]);

        r = CimctlRun.Plain("--profile", "tio2", "program", "--row", "0", "--col", "0", "--level", "1", "--width-ns", "1000");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --width-ns 1000 is outside the pulse widths of profile 'tio2': give 1000000..2000000000 ns", r.StderrLines[0]);
    }

    [TestMethod]
    public void TrainAndTheForwardBenchRefuseMoreMacThreadsThanTheEmulatorUses()
    {
        // The emulator runs a MAC on the firmware's thread and at most one helper thread.
        CimctlRun.Result r = CimctlRun.Plain("train", "--mac-threads", "4", "--epochs", "1");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --mac-threads 4 is out of range; accepted: 1 (the firmware's thread only) or 2 (with the MAC helper thread)", r.StderrLines[0]);

        r = CimctlRun.Plain("bench", "train-forward", "--mac-threads", "3");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        StringAssert.Contains(r.StderrLines[0], "--mac-threads 3 is not valid; give 1 (the firmware's thread only), 2 (with the MAC helper thread) or 0 (2 on two or more cores)");
    }

    [TestMethod]
    public void FfpProgramRefusesAResistanceOutsideTheWindow()
    {
        CimctlRun.Result r = CimctlRun.Plain("--profile", "tio2", "ffp", "program", "--ohms", "5000");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --ohms 5000 ohm is outside the device window of profile 'tio2': give 740-880 ohm", r.StderrLines[0]);
    }

    [TestMethod]
    public void FfpCalibrationBeyondTheProfilesPulsesIsRefusedBeforeAnyPulse()
    {
        CimctlRun.Result r = CimctlRun.Plain("--profile", "tio2", "ffp", "calibrate", "--volts", "0.5,9");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --volts 9 is beyond the pulses of profile 'tio2': give write voltages up to 7 V", r.StderrLines[0]);

        r = CimctlRun.Plain("--profile", "tio2", "ffp", "calibrate", "--width-ms", "0.0001");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --width-ms 0.0001 is outside the pulse widths of profile 'tio2': give 1..2000 ms", r.StderrLines[0]);
    }

    [TestMethod]
    public void DeployBatchAndLevelsAreCheckedBeforeTheRunHeader()
    {
        CimctlRun.Result r = CimctlRun.Plain("deploy", "--model", "/nonexistent.safetensors", "--batch", "0");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --batch 0 is not valid; give 1..65535", r.StderrLines[0]);
        Assert.AreEqual("", r.Stdout);

        r = CimctlRun.Plain("infer", "--model", "/nonexistent.safetensors", "--levels", "-3");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --levels -3 is not valid; give 0 (continuous targets) or 2..4096 program levels", r.StderrLines[0]);
    }

    [TestMethod]
    public void FfpProgramExitCodeFollowsTheTolerance()
    {
        foreach (string tolerance in new[] { "0.05", "0.5" })
        {
            CimctlRun.Result r = CimctlRun.Plain("--profile", "tio2", "--seed", "1", "--json", "ffp", "program", "--ohms", "800", "--tolerance", tolerance);
            JsonElement doc = Json(r.Stdout);
            double error = doc.GetProperty("errorOhms").GetDouble();
            double tol = doc.GetProperty("toleranceOhms").GetDouble();
            bool reached = Math.Abs(error) <= tol;
            string status = doc.GetProperty("status").GetString()!;
            string explanation = doc.GetProperty("explanation").GetString()!;
            Console.WriteLine($"tolerance {tolerance}: {status}, error {error} ohm, exit {r.Exit}: {explanation}");
            Assert.AreEqual(reached, doc.GetProperty("reached").GetBoolean());
            Assert.AreEqual(reached ? 0 : 1, r.Exit, "exit 0 only when the cell ended within the tolerance, whatever the status");
            StringAssert.Contains(explanation, reached ? "within the " + tolerance + " ohm tolerance" : "outside the " + tolerance + " ohm tolerance");
            Assert.AreEqual(!reached, doc.TryGetProperty("error", out JsonElement errorText), "a miss is a failure and carries an error in the JSON document");
            if (!reached)
            {
                Assert.AreEqual(status + ": " + explanation, errorText.GetString());
                Assert.AreEqual(1, doc.GetProperty("exitCode").GetInt32());
            }
        }
        // Seed 1 ends 0.08 ohm from 800 ohm (WouldPass): outside 0.05 ohm, inside 0.5 ohm.
        CimctlRun.Result text = CimctlRun.Plain("--profile", "tio2", "--seed", "1", "ffp", "program", "--ohms", "800");
        Assert.AreEqual(1, text.Exit, text.Stderr);
        StringAssert.Contains(text.Stdout, "WouldPass: stopped before the next pulse event");
        StringAssert.Contains(text.Stdout, "outside the 0.05 ohm tolerance");
    }

    [TestMethod]
    public void ProgramMissExitsOneWithTheStatusExplained()
    {
        // HfO2's plain SET pulses (no heating pulse in write-verify) reach only the lower part of its window (Park 2023):
        // the top level of the default ladder is out of their reach, and the cell ends Stuck.
        using var temp = new CimctlRun.TempFolder();
        CimctlRun.Result r = CimctlRun.Plain("--profile", "hfo2", "--seed", "1", "--json", "program", "--row", "0", "--col", "0", "--level", "15", "--out", temp.File("prog"));
        Assert.AreEqual(1, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: 1 cell(s) Stuck: 30 pulses in a row moved the cell less than the minimum response; it does not respond to these pulses (a stuck device, or pulses too weak: --set-v/--reset-v/--width-ns)",
            r.StderrLines.Single(l => l.StartsWith("cimctl: ", StringComparison.Ordinal)));
        JsonElement doc = Json(r.Stdout);
        Assert.AreEqual(1, doc.GetProperty("exitCode").GetInt32());
        StringAssert.StartsWith(doc.GetProperty("error").GetString(), "1 cell(s) Stuck: ");
        Assert.AreEqual("Stuck", doc.GetProperty("results").GetProperty("cell").GetProperty("status").GetString());
    }

    [TestMethod]
    public void RegionOrTileBeyondTheBoardIsABadArgument()
    {
        CimctlRun.Result r = CimctlRun.Plain("read", "--rows", "0:65", "--cols", "0:2");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --rows 0:65 is outside the tile's rows; give FIRST:END within 0:64", r.StderrLines[0]);

        r = CimctlRun.Plain("--json", "vmm", "--tile", "9", "--rows", "0:2", "--cols", "0:2", "--input", "1,2");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --tile 9 is not on the board; it has tiles 0..3", r.StderrLines[0]);
        Assert.AreEqual(2, Json(r.Stdout).GetProperty("exitCode").GetInt32());
    }

    [TestMethod]
    public void MissingSerialDeviceIsNamedNotCalledAccessDenied()
    {
        CimctlRun.Result r = CimctlRun.Plain("--json", "--board", "serial:/dev/cimctl-no-such-port", "info");
        Assert.AreEqual(1, r.Exit, r.Stderr);
        StringAssert.StartsWith(r.StderrLines[0], "cimctl: could not open serial:/dev/cimctl-no-such-port: no such device; give the port the board appears as");
        Assert.IsFalse(r.Stderr.Contains("denied", StringComparison.OrdinalIgnoreCase), r.Stderr);
        Assert.AreEqual("Unreachable", Json(r.Stdout).GetProperty("code").GetString());
    }

    [TestMethod]
    public void ParserErrorsNameTheValueAndPrintJsonUnderJson()
    {
        CimctlRun.Result r = CimctlRun.Plain("--json", "--seed", "abc", "info");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --seed 'abc' is not valid; give a whole number, e.g. 4", r.StderrLines[0]);
        JsonElement doc = Json(r.Stdout);
        Assert.AreEqual(2, doc.GetProperty("exitCode").GetInt32());
        Assert.AreEqual("Usage", doc.GetProperty("code").GetString());
        Assert.AreEqual("--seed 'abc' is not valid; give a whole number, e.g. 4", doc.GetProperty("error").GetString());

        r = CimctlRun.Plain("--json", "info", "--bogus");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        StringAssert.Contains(Json(r.Stdout).GetProperty("error").GetString(), "--bogus");

        r = CimctlRun.Plain("program", "--us", "abc");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --us 'abc' is not valid; give a number, e.g. 0.5 or 2e3", r.StderrLines[0]);
    }

    [TestMethod]
    public void ArgumentExceptionsBecomeOneLineWithoutDotNetAdditions()
    {
        var range = new ArgumentOutOfRangeException("epochs", 0, "epochs must be at least 1");
        (int exit, string message, string? code) = CimController.Cli.ErrorReporter.Classify(range);
        Assert.AreEqual(2, exit);
        Assert.AreEqual("epochs must be at least 1 (given: 0)", message);
        Assert.AreEqual("Usage", code);
        Assert.AreEqual("invalid range 8.2-32.9 uS, -3 levels", CimController.Cli.ErrorReporter.OneLine(new ArgumentException("invalid range 8.2-32.9 uS, -3 levels", "Levels")));
    }

    [TestMethod]
    public void BadProgressIntervalIsABadArgument()
    {
        CimctlRun.Result r = CimctlRun.With(new System.Collections.Generic.Dictionary<string, string?> { ["CIMCTL_PROGRESS_SECONDS"] = "soon" }, "info");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: CIMCTL_PROGRESS_SECONDS 'soon' is not valid; give the seconds between progress lines, 0..3600 (0 = every update)", r.StderrLines[0]);
    }

    [TestMethod]
    public void HelpListsEveryProfileAndNoIntMaxDefault()
    {
        CimctlRun.Result r = CimctlRun.Plain("infer", "--help");
        Assert.AreEqual(0, r.Exit, r.Stderr);
        StringAssert.Contains(r.Stdout, "Device profile of the emulator: brram | brram-table1 | tio2 | hfo2 | ideal | path to a profile JSON file");
        Assert.IsFalse(r.Stdout.Contains("2147483647"), r.Stdout);
        StringAssert.Contains(r.Stdout, "lenet (Wu 2023 LeNet), lenet5 (Diao 2025 LeNet-5), mlp (Diao 2025 MLP)");
    }

    [TestMethod]
    public void MoreImagesThanTheTestSetHasAreRefused()
    {
        RequireFashionMnist();
        using var temp = new CimctlRun.TempFolder();
        string model = WriteModel(temp, "lenet");
        CimctlRun.Result r = CimctlRun.Plain("infer", "--model", model, "--images", "999999");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        Assert.AreEqual("cimctl: --images 999999 is not valid; the test set in " + FashionMnist.DefaultFolder + " has 10000 images: give 1..10000", r.StderrLines[0]);
        Assert.AreEqual("", r.Stdout, "refused before the run header");
    }

    [TestMethod]
    public void ANetworkTooLargeForTheBoardIsABadArgumentNotAnInternalError()
    {
        RequireFashionMnist();
        using var temp = new CimctlRun.TempFolder();
        string model = WriteModel(temp, "lenet5");
        CimctlRun.Result r = CimctlRun.Plain("--json", "transfer-study", "--software", model, "--samples", "1", "--images", "10", "--out", temp.File("study"));
        Assert.AreEqual(2, r.Exit, r.Stderr);
        string line = r.StderrLines.Single(l => l.StartsWith("cimctl: DiaoLeNet5", StringComparison.Ordinal));
        StringAssert.Contains(line, "needs 41 arrays of 64x64");
        StringAssert.Contains(line, "the board has 4");
        Assert.IsFalse(r.Stderr.Contains("internal error"), r.Stderr);
        Assert.AreEqual("Usage", Json(r.Stdout).GetProperty("code").GetString());
    }

    private static void RequireFashionMnist()
    {
        if (!FashionMnist.IsInstalled())
        {
            // CI installs the data set (.ci/run), so there its absence is a failure; elsewhere the test is reported as not run.
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("Fashion-MNIST is required and not installed: " + FashionMnist.HowToGet);
            }
            Assert.Inconclusive("Fashion-MNIST is not installed: " + FashionMnist.HowToGet);
        }
    }

    private static string WriteModel(CimctlRun.TempFolder temp, string architecture)
    {
        string path = temp.File(architecture + ".safetensors");
        ModelFile.Save(path, ModelArchitectures.Create(architecture, seed: 1));
        return path;
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Cli.Commands;
using CimController.Emulator;
using CimController.Experiments;
using CimController.Experiments.Ffp;
using CimController.Experiments.WriteVerify;
using CimController.Host;
using CimController.LocalBoard;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Analysis.Tests;

/// <summary>
/// The programming experiments of CimController.Experiments called as a library (no command line, no progress display)
/// against the in-process emulator: they give what the cimctl commands give for the same seed, because a command is only
/// its option checks plus one call of the flow.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ExperimentFlowTests
{
    private static readonly string[] Timing = { "wallSeconds", "cellsPerSecond", "firmwareElapsedMs" };

    private static CimClient Emulator(string profile, int seed) =>
        BoardConnector.Connect(BoardAddress.Parse("emulator"), new CimClientOptions { TimeoutMs = 60000 }, new EmulatorOptions { ProfileName = profile, Seed = seed, Rows = 64 });

    [TestMethod]
    public void CharacterizationFromTheLibraryMatchesTheCommandForTheSameSeed()
    {
        const int seed = 2;
        Console.WriteLine("seed " + seed);
        using var temp = new TempFolder();
        string commandDir = temp.File("command");
        Assert.AreEqual(0, CimController.Cli.Program.Main(new[] { "--seed", seed.ToString(), "--json", "characterize", "--rows", "0:8", "--cols", "0:8", "--out", commandDir }));
        JsonObject fromCommand = JsonNode.Parse(File.ReadAllText(Path.Combine(commandDir, "summary.json")))!["results"]!.AsObject();

        using CimClient client = Emulator("brram", seed);
        DeviceProfile p = DeviceProfile.Load("brram");
        var window = new DeviceWindow(p.Name, p.ConductanceMinMicrosiemens, p.ConductanceMaxMicrosiemens);
        LevelBand band = LevelBandOptions.Resolve(new LevelBandRequest(16, null, 0.3, null, 5, 500, 4, null, null, null, null), window, client.Info);
        var settings = new CharacterizationSettings(new CellRegion(0, 0, 8, 0, 8), band.Levels, "random", 4, seed, band.LowMicroamps, band.HighMicroamps, band.BandSource, window.MicrosiemensText);
        ResultsFolder folder = ResultsFolder.Create("characterize", temp.File("library"));
        JsonObject fromLibrary = Characterization.Run(client, SilentSteps.Instance, settings, folder);

        foreach (string key in Timing)
        {
            Assert.IsTrue(fromLibrary.Remove(key) && fromCommand.Remove(key), key);
        }
        Assert.AreEqual(fromCommand.ToJsonString(), fromLibrary.ToJsonString());
        Assert.IsTrue(fromLibrary["inBandPercent"]!.GetValue<double>() >= 90, "Wu 2023 Fig. 2g: nearly every cell verified in band");
        Assert.AreEqual(File.ReadAllText(Path.Combine(commandDir, "cells.csv")), File.ReadAllText(Path.Combine(folder.Path, "cells.csv")));
        CollectionAssert.AreEquivalent(new[] { "cdf-levels.png", "trials.png", "pulses.png" }, folder.Figures.Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void FfpProgrammingFromTheLibraryCalibratesBuildsTheTableAndReachesTheTarget()
    {
        const int seed = 1;
        Console.WriteLine("seed " + seed);
        using CimClient client = Emulator("tio2", seed);
        FfpCalibrationOptions calibration = FfpCommand.CalibrationOptions("2,4,6", 30, new[] { FfpDirection.Potentiation, FfpDirection.Depression });
        var settings = new FfpProgramSettings(0, 0, 0, 820, 0.05, 2000, calibration, null, null);
        FfpProgramOutcome outcome = FfpProgramExperiment.Run(client, SilentSteps.Instance, settings);

        StringAssert.StartsWith(outcome.Table, "calibrated now (6 traces)", "a fresh chip holds no table: 3 voltages x 2 directions are calibrated first");
        Assert.IsTrue(outcome.Reached, outcome.Result.StatusName + ", error " + outcome.ErrorOhms + " ohm");
        Assert.IsTrue(Math.Abs(outcome.Result.AfterOhms - 820) <= 0.05);
        JsonObject json = FfpProgramExperiment.Json(settings, outcome, null, null);
        Assert.IsTrue(json["reached"]!.GetValue<bool>());
        Assert.AreEqual(outcome.ErrorOhms, json["errorOhms"]!.GetValue<double>());
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Analysis.Tests;

/// <summary>
/// cimctl's programming commands end to end, in-process (Program.Main) against the in-process emulator with the
/// device physics and the firmware's write-verify and FFP algorithms. Small regions and few repeats keep them fast.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class CimctlProgrammingEndToEndTests
{
    private static int Cimctl(params string[] args)
    {
        Console.WriteLine("$ cimctl " + string.Join(" ", args));
        return CimController.Cli.Program.Main(args);
    }

    private static JsonObject Summary(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!.AsObject();

    [TestMethod]
    public void FfpLevelsSegmentsFitsAndExportsOnTheTio2Profile()
    {
        using var temp = new TempFolder();
        string dir = temp.File("levels");
        Assert.AreEqual(0, Cimctl("ffp", "levels", "--profile", "tio2", "--seed", "3", "--n", "32,128", "--repeats", "3", "--json", "--out", dir));
        JsonObject s = Summary(dir);
        Assert.AreEqual(3, s["seed"]!.GetValue<int>());
        Assert.AreEqual("ffp-levels", s["command"]!.GetValue<string>());
        JsonObject results = s["results"]!.AsObject();
        Assert.IsTrue(results["window"]!["hrsOverLrs"]!.GetValue<double>() is > 1.1 and < 1.3, "TiO2 window about 880/740");
        foreach (string direction in new[] { "potentiation", "depression" })
        {
            JsonObject d = results["directions"]![direction]!.AsObject();
            Assert.IsTrue(d["eventsPerSweep"]!["mean"]!.GetValue<double>() > 100, direction + ": an FFP sweep takes hundreds of events");
            JsonObject n32 = d["levels"]!["n32"]!.AsObject();
            Assert.AreEqual(32, n32["distinctLevels"]!.GetValue<int>(), direction + ": 32 levels are all distinct");
            double nu = n32["nu"]!.GetValue<double>();
            Assert.IsTrue(nu > 4.9e-3 / 3 && nu < 4.9e-3 * 3, direction + ": nu(32) " + nu + " within 3x of the paper's 4.9e-3");
            Assert.IsNotNull(n32["skipProne"]);
            ProgramErrorModel model = ProgramErrorModel.Load(Path.Combine(dir, n32["programErrorModel"]!.GetValue<string>()));
            Assert.AreEqual(32, model.LevelCount);
            Assert.IsTrue(File.Exists(Path.Combine(dir, "ladder-" + direction + "-n128.png")));
            Assert.IsTrue(File.Exists(Path.Combine(dir, "cpd-" + direction + "-n32.png")));
        }
        Assert.IsTrue(s["figures"]!.AsArray().Count >= 10);
        Assert.IsTrue(File.Exists(Path.Combine(dir, "sweeps.csv")));
        Assert.IsTrue(File.Exists(Path.Combine(dir, "ffp-table.ffptable")));
    }

    [TestMethod]
    public void CharacterizeWritesSixteenLevelsInBand()
    {
        using var temp = new TempFolder();
        string dir = temp.File("char");
        Assert.AreEqual(0, Cimctl("characterize", "--profile", "brram", "--seed", "5", "--rows", "0:8", "--cols", "0:16", "--json", "--out", dir));
        JsonObject r = Summary(dir)["results"]!.AsObject();
        Assert.AreEqual(128, r["cells"]!.GetValue<int>());
        Assert.AreEqual(100.0, r["inBandPercent"]!.GetValue<double>(), "every cell verified in band with at most 5 trials");
        Assert.IsTrue(r["trialsMax"]!.GetValue<int>() <= 5);
        Assert.IsTrue(File.Exists(Path.Combine(dir, "cdf-levels.png")));
        string[] lines = File.ReadAllLines(Path.Combine(dir, "cells.csv"));
        Assert.AreEqual(129, lines.Length);
        Assert.AreEqual(16, lines.Skip(1).Select(l => l.Split(',')[2]).Distinct().Count(), "all 16 levels are used");
    }

    [TestMethod]
    public void ProgramWritesALevelMapFile()
    {
        using var temp = new TempFolder();
        string map = temp.File("map.csv");
        File.WriteAllText(map, "# two rows\nL0, L15, -, 20.5\nL7 L8 L9 L10\n");
        string dir = temp.File("prog");
        Assert.AreEqual(0, Cimctl("program", "--map", map, "--at", "4,4", "--json", "--out", dir));
        JsonObject r = Summary(dir)["results"]!.AsObject();
        Assert.AreEqual(7, r["cells"]!.GetValue<int>());
        Assert.AreEqual(100.0, r["inBandPercent"]!.GetValue<double>());
    }

    [TestMethod]
    public void BadInputGivesExitCode2()
    {
        using var temp = new TempFolder();
        Assert.AreEqual(2, Cimctl("ffp", "levels", "--profile", "brram", "--out", temp.File("x")), "FFP on a b-RRAM profile is refused");
        File.WriteAllBytes(temp.File("bad.ffptable"), new byte[] { 1, 2, 3, 4, 5 });
        Assert.AreEqual(2, Cimctl("ffp", "table", "--profile", "tio2", "--upload", temp.File("bad.ffptable"), "--out", temp.File("y")));
        File.WriteAllText(temp.File("bad-model.json"), "{ \"format\": \"cimcontroller.program-error-model\", \"version\": 9 }");
        Assert.AreEqual(2, Cimctl("ffp", "program", "--profile", "tio2", "--level", "3", "--model", temp.File("bad-model.json")));
        Assert.AreEqual(2, Cimctl("characterize", "--band-ua", "9.4:2.3"));
        Assert.AreEqual(2, Cimctl("ffp", "levels", "--profile", "tio2", "--n", "32,abc"));
        Assert.AreEqual(2, Cimctl("program", "--row", "1", "--col", "1"), "no target");
    }
}

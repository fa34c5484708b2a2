using System;
using System.IO;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>`--chip` picks the emulated chip from boards/chips: info shows it, a bad one is refused, and a network too large for the default chip is told which chip it fits.</summary>
[TestClass]
public sealed class CimctlChipTests
{
    [TestMethod]
    public void InfoShowsTheChipItsGeometryAndWhereItsCostsComeFrom()
    {
        CimctlRun.Result r = CimctlRun.Plain("--json", "--chip", "neurram48", "info");
        Assert.AreEqual(0, r.Exit, r.Stderr);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement info = doc.RootElement.GetProperty("info");
        Assert.AreEqual("neurram48", info.GetProperty("chip").GetString());
        Assert.AreEqual(48, info.GetProperty("tiles").GetInt32());
        Assert.AreEqual(256, info.GetProperty("rows").GetInt32());
        Assert.AreEqual(256, info.GetProperty("columns").GetInt32());
        Assert.AreEqual(11.72, info.GetProperty("tileOpEnergyNanojoules").GetDouble(), 1e-9);
        StringAssert.Contains(info.GetProperty("tileOpEnergySource").GetString(), "scaled from Wu 2023 Table 2");

        CimctlRun.Result plain = CimctlRun.Plain("--json", "info");
        using JsonDocument d2 = JsonDocument.Parse(plain.Stdout);
        Assert.AreEqual("wu2023", d2.RootElement.GetProperty("info").GetProperty("chip").GetString(), "the default chip");
        Assert.AreEqual(4, d2.RootElement.GetProperty("info").GetProperty("tiles").GetInt32());
    }

    [TestMethod]
    public void AnUnknownChipIsRefusedNamingTheBuiltIns()
    {
        CimctlRun.Result r = CimctlRun.Plain("--chip", "huge", "info");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        StringAssert.Contains(r.StderrLines[0], "--chip: chip 'huge' is not a built-in name and not a path; accepted: wu2023, wu2023-256x64, neurram48");
    }

    [TestMethod]
    public void ANetworkTooLargeForTheDefaultChipIsToldWhichChipItFits()
    {
        CimctlRun.Result r = CimctlRun.Plain("train", "--arch", "mlp", "--mode", "mixed", "--epochs", "1", "--batches-per-epoch", "1", "--no-baseline");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        StringAssert.Contains(r.StderrLines[0], "the board has 4");
        StringAssert.Contains(r.StderrLines[0], "(emulated: --chip neurram48)");
    }

    [TestMethod]
    public void InferSpreadsAModelOverSeveralBoardsAndRefusesTooFewNamingTheCounts()
    {
        using var temp = new CimctlRun.TempFolder();
        string run = temp.File("run");
        CimctlRun.Result trained = CimctlRun.Plain("train", "--mode", "software", "--epochs", "1", "--batches-per-epoch", "20", "--test-images", "100", "--out", run);
        Assert.AreEqual(0, trained.Exit, trained.Stderr);
        string chip = temp.File("one-tile.json");
        string wu = File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "chips", "wu2023.json"));
        File.WriteAllText(chip, wu.Replace("\"name\": \"wu2023\"", "\"name\": \"one-tile\"").Replace("\"tiles\": { \"value\": 4,", "\"tiles\": { \"value\": 1,"));
        string model = System.IO.Path.Combine(run, "model.safetensors");

        CimctlRun.Result r = CimctlRun.Plain("--json", "--profile", "ideal", "--chip", chip, "--board", "emulator,emulator", "infer", "--model", model, "--images", "100", "--repeats", "1,1,1");
        Assert.AreEqual(0, r.Exit, r.Stderr);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement root = doc.RootElement;
        Assert.AreEqual(2, root.GetProperty("spreadOver").GetInt32());
        Assert.AreEqual(100, root.GetProperty("images").GetInt32());
        Assert.IsTrue(root.GetProperty("accuracy").GetDouble() > 0.3, "the spread network classifies");
        JsonElement boards = root.GetProperty("boards");
        Assert.AreEqual(2, boards.GetArrayLength());
        Assert.AreEqual(root.GetProperty("pairs").GetInt32(), boards[0].GetProperty("writes").GetInt32() + boards[1].GetProperty("writes").GetInt32(), "every pair on one board");

        CimctlRun.Result few = CimctlRun.Plain("--profile", "ideal", "--chip", chip, "infer", "--model", model, "--images", "10");
        Assert.AreNotEqual(0, few.Exit, "one one-tile board cannot hold the LeNet");
        CimctlRun.Result one = CimctlRun.Plain("--profile", "ideal", "--chip", chip, "--board", "emulator,emulator", "infer", "--model", model, "--images", "10", "--repeats", "1,1,1");
        Assert.AreEqual(0, one.Exit, one.Stderr);
    }
}

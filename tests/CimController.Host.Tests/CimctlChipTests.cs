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
}

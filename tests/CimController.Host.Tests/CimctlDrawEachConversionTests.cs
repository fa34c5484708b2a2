using System;
using System.IO;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>`--draw-each-conversion` reaches the emulator every command builds, and a state-file board refuses it.</summary>
[TestClass]
public sealed class CimctlDrawEachConversionTests
{
    private static string Codes(params string[] more)
    {
        // 16 rows at codes up to 100: the columns sit mid-range (codes around 40), where the emulator draws the sum.
        string[] args = { "--json", "--seed", "3", "vmm", "--rows", "0:16", "--cols", "0:8", "--random", "16", "--max-code", "100", "--conversions", "8" };
        CimctlRun.Result r = CimctlRun.Plain(more.Length == 0 ? args : [more[0], .. args]);
        Assert.AreEqual(0, r.Exit, r.Stderr);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement root = doc.RootElement;
        return root.GetProperty("codeSums").GetRawText();
    }

    [TestMethod]
    public void TheOptionSwitchesTheEmulatorsConversionsAndSeededRunsRepeat()
    {
        Console.WriteLine("seed 3");
        string summed = Codes(), again = Codes(), each = Codes("--draw-each-conversion");
        Assert.AreEqual(summed, again, "the same seed gives the same code sums");
        Assert.AreNotEqual(summed, each, "drawing each conversion draws other noise");
    }

    [TestMethod]
    public void AStateFileBoardRefusesIt()
    {
        string state = Path.Combine(Path.GetTempPath(), "cimctl-draw-" + Guid.NewGuid().ToString("N") + ".json");
        CimctlRun.Result r = CimctlRun.Plain("--board", "emulator:" + state, "--draw-each-conversion", "info");
        Assert.AreEqual(2, r.Exit, r.Stderr);
        StringAssert.Contains(r.StderrLines[0], "--draw-each-conversion is not kept in emulator state files; give it with --board emulator");
        Assert.IsFalse(File.Exists(state), "nothing written");
    }
}

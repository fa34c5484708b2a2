using System;
using System.IO;
using System.Linq;
using CimController.Host;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

public static partial class Scenarios
{
    /// <summary>
    /// Write-verify (Wu 2023) of one cell, a region, a level map, a stuck cell, and with pulse and time budgets too small
    /// to finish. The profile is b-RRAM with 1 % of the cells stuck (the paper's arrays have none).
    /// </summary>
    public static Scenario WriteVerify() => new("write-verify", "emulator", BrramWithStuckCells(), 21, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        var quick = new WriteVerifyOptions { Averages = 1 };
        Assert.IsTrue(c.WriteVerifyCell(0, 3, 3, 20_000, quick).Success);
        var region = Enumerable.Range(0, 16).Select(i => (uint)(9_000 + 1_500 * i)).ToArray();
        WriteVerifyResult r = c.WriteVerifyRegion(1, 8, 4, 8, 4, region, quick);
        Assert.AreEqual(16, r.Cells.Length);
        var levels = Enumerable.Range(0, 16).Select(i => new CellTarget(i, (i * 5) % 16, (uint)(8_200 + i * 1_640))).ToArray();
        r = c.WriteVerify(2, levels, new WriteVerifyOptions { Averages = 2, ProgressEveryCells = 4 });
        Assert.AreEqual(16, r.Cells.Length);
        (int tile, int row, int col) = FirstStuckCell(run);
        WriteVerifyCellResult stuck = c.WriteVerifyCell(tile, row, col, 30_000, new WriteVerifyOptions { Averages = 1, StuckPulses = 10 });
        Assert.IsFalse(stuck.Success, "a stuck cell cannot reach its target");
        WriteVerifyCellResult pulses = c.WriteVerifyCell(0, 20, 20, 35_000, new WriteVerifyOptions { Averages = 1, MaxPulsesPerCell = 3 });
        Assert.IsFalse(pulses.Success, "3 pulses are not enough from the born-on state to 35 uS");
        WriteVerifyCellResult time = c.WriteVerifyCell(0, 21, 21, 35_000, new WriteVerifyOptions { Averages = 1, TimeBudgetMs = 5 });
        Assert.IsFalse(time.Success, "5 ms of the firmware's clock are not enough");
    });

    /// <summary>A copy of boards/profiles/brram.json with 1 % stuck cells, as a profile file path.</summary>
    private static string BrramWithStuckCells()
    {
        string json = File.ReadAllText(Path.Combine(RepoPaths.Root, "boards", "profiles", "brram.json"));
        const string none = "\"stuckFraction\": { \"value\": 0,";
        Assert.IsTrue(json.Contains(none, StringComparison.Ordinal), "brram.json has no zero stuckFraction to replace");
        string path = Path.Combine(Path.GetTempPath(), "cim-brram-stuck-" + Environment.ProcessId + ".json");
        File.WriteAllText(path, json.Replace(none, "\"stuckFraction\": { \"value\": 0.01,", StringComparison.Ordinal));
        return path;
    }

    private static (int Tile, int Row, int Col) FirstStuckCell(ScenarioRun run)
    {
        for (int tile = 0; tile < 4; tile++)
            for (int row = 0; row < 64; row++)
                for (int col = 0; col < 64; col++)
                    if (run.Emulator!.IsStuck(tile, row, col))
                        return (tile, row, col);
        Assert.Fail("no stuck cell on the board with this seed");
        return default;
    }

    /// <summary>
    /// FFP (Diao 2025): calibrate, build the table, download it, upload it (and a corrupt copy), sweep, program, apply a
    /// pulse group; at the 4096-byte payload of an ESP32 without PSRAM.
    /// </summary>
    public static Scenario Ffp() => new("ffp", "emulator", "ideal", 22, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        var options = new FfpCalibrationOptions
        {
            VoltagesMillivolts = new[] { 1900, 2400, 3000 }, Pulses = 40, WidthNs = 1000, ResetMillivolts = 3000, ResetWidthNs = 1000, ResetCount = 70, Averages = 1,
        };
        var traces = c.FfpCalibrateAll(0, 4, 4, options);
        Assert.AreEqual(6, traces.Count);
        FfpTableData built = c.FfpBuildTable(new FfpBuildTableRequest { Bins = 24, BandLowMilliohms = 100_000, BandHighMilliohms = 300_000 });
        FfpTableData got = c.FfpGetTable();
        CollectionAssert.AreEqual(CimClient.FfpTableBytes(built), CimClient.FfpTableBytes(got));
        c.FfpSetTable(built);
        byte[] bad = CimClient.FfpTableBytes(built);
        bad[^5] ^= 0x40;
        var e = Assert.ThrowsExactly<CimProtocolException>(() => c.FfpSetTableBytes(bad));
        Assert.AreEqual(ErrorCode.TableCorrupt, e.Code);
        FfpSweepResult s = c.FfpSweep(0, 7, 7, FfpDirection.Potentiation, new FfpSweepRequest { Averages = 1, MaxEvents = 300 });
        Assert.IsTrue(s.Events > 0);
        c.FfpProgram(0, 7, 7, 50_000_000, 300_000, new FfpProgramRequest { Averages = 1 });
        FfpGroupResult g = c.FfpApplyGroup(0, 7, 7, FfpDirection.Potentiation, new[] { 2000, 2000, 2500 }, readEach: true, averages: 1);
        Assert.AreEqual(3, g.Applied);
    })
    { Noise = false, Configure = config => config.MaxPayload = Esp32Payload };
}

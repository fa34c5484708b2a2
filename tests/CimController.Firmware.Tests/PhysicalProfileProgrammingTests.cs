using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// Write-verify and FFP on the device-physics profiles (boards/profiles: b-RRAM after Wu 2023, TiO2-x after
/// Diao 2025), noise on, with the papers' settings. Prints the measured figures.
/// </summary>
[TestClass]
public sealed class PhysicalProfileProgrammingTests
{
    [TestMethod]
    public void BrramSixteenLevelsOnATileWithWuSettings()
    {
        using var f = new ProgrammingFixture(seed: 41, profile: "brram", noise: true);
        const int rows = 64, cols = 64;
        // Wu 2023 Fig. 2g: 16 levels within 7.6-31.3 uS.
        var targets = new uint[rows * cols];
        for (int i = 0; i < targets.Length; i++) targets[i] = (uint)Math.Round(7_600 + (i % 16) * (31_300 - 7_600) / 15.0);
        var q = new WriteVerifyRequest { Tile = 0, ToleranceNanosiemens = 500, MaxTrials = 5, Averages = 4, MaxPulsesPerCell = 2000, ProgressEveryCells = 0 };
        var cells = new List<WriteVerifyTests.CellOutcome>();
        int perRequest = 1024;
        for (int r0 = 0; r0 < rows; r0 += perRequest / cols)
        {
            int n = perRequest / cols;
            Reply r = f.Expect(MessageType.WriteVerify, WriteVerifyTests.Region(q, r0, n, 0, cols, targets.Skip(r0 * cols).Take(n * cols).ToArray()));
            cells.AddRange(WriteVerifyTests.Outcomes(r, out _, out _));
        }
        int ok = cells.Count(c => c.Status == WriteVerifyStatus.InBand);
        Console.WriteLine($"b-RRAM (brram, noise on, seed 41), 64x64 tile, 16 levels 7.6-31.3 uS, band +-0.5 uS, <= 5 trials: " +
            $"{ok}/{cells.Count} in band ({100.0 * ok / cells.Count:F2} %); pulses per cell mean {cells.Average(c => c.Pulses):F1}, max {cells.Max(c => c.Pulses)}; " +
            $"trials mean {cells.Average(c => c.Trials):F2}, max {cells.Max(c => c.Trials)}; failures by status: " +
            string.Join(", ", cells.Where(c => c.Status != 0).GroupBy(c => WriteVerifyStatus.Name(c.Status)).Select(g => g.Key + " " + g.Count())));
        Assert.IsTrue(cells.All(c => c.Trials <= 5 && c.Pulses <= 2000), "bounded");
        Assert.IsTrue(ok >= cells.Count * 0.95, $"{ok}/{cells.Count} in band");
    }

    [TestMethod]
    public void Tio2FfpCalibrationTableAndSweepsWithDiaoSettings()
    {
        using var f = new ProgrammingFixture(seed: 42, profile: "tio2", noise: true);
        int[] voltages = { 300, 400, 500, 600, 700, 800, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 7000 };
        bool first = true;
        foreach (int d in new[] { FfpDirection.Potentiation, FfpDirection.Depression })
        {
            foreach (int mv in voltages)
            {
                var q = new FfpCalibrateRequest
                {
                    Tile = 0, Row = 3, Col = 3, Direction = d, WriteMv = mv, Pulses = 100, WidthNs = 2_000_000_000,
                    ResetMv = 6000, ResetWidthNs = 2_000_000_000, ResetCount = 30, Averages = 4,
                    Flags = first ? FfpCalibrateFlags.ClearStore : 0,
                };
                first = false;
                f.Expect(MessageType.FfpCalibrate, q.Write);
            }
        }
        Reply built = f.Expect(MessageType.FfpBuildTable, new FfpBuildTableRequest { Bins = 64 }.Write);
        var t = new FfpTableData(128);
        t.Read(built.Reader(), built.Payload.Length);
        int potIn = Enumerable.Range(0, t.Bins).Count(b => (t.PotentiationFlags[b] & FfpEntryFlags.InBand) != 0);
        int depIn = Enumerable.Range(0, t.Bins).Count(b => (t.DepressionFlags[b] & FfpEntryFlags.InBand) != 0);
        Console.WriteLine($"TiO2-x table: {t.Bins} bins {t.RMinMilliohms / 1000.0:F1}..{t.RMaxMilliohms / 1000.0:F1} ohm, band 0.1-0.3 ohm: " +
            $"potentiation {potIn} bins in band, depression {depIn}; {t.WireLength} bytes on the wire");

        foreach (int d in new[] { FfpDirection.Potentiation, FfpDirection.Depression })
        {
            // Start from the far end of the window, as the paper's sweeps do.
            var reset = new PulseRequest { Tile = 0, Row = 3, Col = 3, Millivolts = d == FfpDirection.Potentiation ? -6000 : 6000, WidthNs = 2_000_000_000, Count = 30 };
            f.Expect(MessageType.Pulse, reset.Write);
            Reply r = f.Expect(MessageType.FfpSweep, new FfpSweepRequest { Row = 3, Col = 3, Direction = d, MaxEvents = 5000, NoProgressEvents = 40 }.Write);
            PayloadReader rd = r.Reader();
            rd.ReadByte();
            int stop = rd.ReadByte();
            int events = rd.ReadUInt16();
            uint r0 = rd.ReadUInt32();
            uint last = r0;
            for (int i = 0; i < events; i++) { rd.ReadUInt16(); last = rd.ReadUInt32(); }
            Console.WriteLine($"TiO2-x FFP sweep, {FfpDirection.Name(d)}: {events} pulse events, {r0 / 1000.0:F2} -> {last / 1000.0:F2} ohm, stop {FfpStatus.Name(stop)} (Diao 2025: 494 potentiation, 579 depression)");
            Assert.IsTrue(events > 0 && events <= 5000);
        }
    }
}

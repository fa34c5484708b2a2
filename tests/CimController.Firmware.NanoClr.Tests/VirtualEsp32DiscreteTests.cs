using System;
using System.IO;
using System.Linq;
using CimController.Firmware.Desktop.Esp32;
using CimController.Host;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>The discrete-board build of the app on the virtual ESP32 (AD5328 on CS0, MCP3208 on CS1), and what a broken set does.</summary>
[TestClass]
public sealed class VirtualEsp32DiscreteTests
{
    [TestMethod]
    public void TheDiscreteBuildServesTheAd5328AndMcp3208Board()
    {
        NanoClrKit kit = NanoClrKit.Require();
        using VirtualEsp32 esp32 = VirtualEsp32Fixture.Start(kit, board: "emulator-discrete", seed: 51);
        using CimClient c = VirtualEsp32Fixture.Connect(esp32);
        InfoMessage info = c.Info;
        Assert.AreEqual("esp32-wrover-discrete", info.BoardKind);
        Assert.AreEqual((1, 3, 4), (info.Tiles, info.Rows, info.Columns));
        Assert.AreEqual(20_000u, info.MinPulseWidthNs);
        float[] g = c.ReadConductance(0, 0, 3, 0, 4);
        Assert.IsTrue(g.All(us => us > 0), string.Join(", ", g));
        c.Vmm(0, 0, 3, 0, 4, Scenarios.Bytes(3 * 4, 5102), 4, differential: true, conversions: 2);
        c.Pulse(0, 1, 1, 2500, 50_000);
        var narrow = Assert.ThrowsExactly<CimProtocolException>(() => c.Pulse(0, 1, 1, 2500, 5_000));
        Assert.AreEqual(ErrorCode.PulseLimit, narrow.Code);
        WriteVerifyCellResult r = c.WriteVerifyCell(0, 2, 3, 20_000, new WriteVerifyOptions { Averages = 1, WidthNs = 50_000 });
        Console.WriteLine($"write-verify on the discrete board: {r.StatusName} after {r.Pulses} pulses, {r.FinalMicrosiemens:F2} uS");
        Assert.IsTrue(r.Success, r.StatusName);
        Console.WriteLine($"{esp32.Board.TransferCount} SPI transfers to the DAC and ADC, {esp32.Board.RefusalCount} refused");
        Assert.AreEqual(0L, esp32.Board.RefusalCount);
    }

    [TestMethod]
    public void ASetMissingAnAssemblyEndsWithTheLinkFailureAndLeavesNothingRunning()
    {
        NanoClrKit kit = NanoClrKit.Require();
        PeSet full = VirtualEsp32Fixture.Set(kit, "register-map");
        string dir = Directory.CreateTempSubdirectory("cim-broken-set-").FullName;
        try
        {
            // the set without System.IO.Ports: the app references it, so the nanoCLR cannot link
            foreach (string f in full.Files.Where(f => !f.EndsWith("System.IO.Ports.pe", StringComparison.Ordinal)))
                File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            File.WriteAllLines(Path.Combine(dir, "manifest.tsv"),
                File.ReadAllLines(Path.Combine(full.Directory, "manifest.tsv")).Where(l => !l.StartsWith("System.IO.Ports\t", StringComparison.Ordinal)));
            PeSet broken = PeSet.Load(dir);
            var e = Assert.ThrowsExactly<VirtualEsp32Exception>(() => VirtualEsp32.Start(new VirtualEsp32Options
            {
                NanoClrKit = kit.KitDir, PeSet = broken, StartTimeout = TimeSpan.FromSeconds(30),
            }));
            Console.WriteLine(e.Message);
            StringAssert.Contains(e.Message, "needs assembly 'System.IO.Ports'");
            Assert.IsFalse(System.Diagnostics.Process.GetProcessesByName("nanoFramework.nanoCLR.test").Any(p => IsOurs(p, dir)),
                "no nanoCLR of this set is left running");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void AKitWithoutANanoClrIsNamed()
    {
        string empty = Directory.CreateTempSubdirectory("cim-no-kit-").FullName;
        try
        {
            var e = Assert.ThrowsExactly<VirtualEsp32Exception>(() => VirtualEsp32.Start(new VirtualEsp32Options
            {
                NanoClrKit = empty, PeSet = null!,
            }));
            StringAssert.Contains(e.Message, "no nanoCLR at " + Path.Combine(empty, "bin"));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    /// <summary>True when <paramref name="p"/> was started with a .pe from <paramref name="dir"/> (its command line names it).</summary>
    private static bool IsOurs(System.Diagnostics.Process p, string dir)
    {
        try
        {
            return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(dir, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}

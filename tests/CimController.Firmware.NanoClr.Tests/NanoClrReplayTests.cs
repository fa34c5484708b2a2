using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The firmware core on nanoFramework's own runtime: every recorded session replays on the nanoCLR and the firmware
/// built as nanoFramework code sends byte for byte the SPI transactions and reply frames the desktop build sent.
/// </summary>
[TestClass]
public sealed class NanoClrReplayTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);

    [TestMethod]
    public void EveryScenarioReplaysByteIdenticallyOnTheNanoClr()
    {
        NanoClrKit kit = NanoClrKit.Require();
        var all = RecordedScenarios.All;
        NfReplayApp.Run run = NfReplayApp.Replay(kit, all.Select(t => t.Bytes).ToList(), RunLimit);
        Console.WriteLine($"nanoCLR: {all.Count} transcripts, {all.Sum(t => (long)t.Bytes.Length):N0} bytes, {run.Wall.TotalSeconds:F1} s wall");
        Assert.AreEqual(0, run.ExitStatus, run.Describe());
        Assert.AreEqual(all.Count, run.Done, run.Describe());
        Assert.AreEqual(all.Count, run.Outcomes.Count, run.Describe());
        for (int i = 0; i < all.Count; i++)
        {
            ReplayOutcome r = run.Outcomes[i];
            Console.WriteLine($"{all[i].Scenario.Name,-22} {(r.Passed ? "PASS" : "FAIL")} {r.Events,8:N0} events, {r.SpiTransactions,7:N0} SPI, {r.FramesOut,5} frames out, " +
                $"{r.ServeTicks / 1e4,9:F1} ms, heap {r.HeapBuiltBytes,8:N0} B built, {r.HeapEndBytes,8:N0} B at the end");
            Assert.IsTrue(r.Passed, r.Failure);
        }
        var desktop = all.Select((t, i) => DesktopReplay.Run(t.Bytes, i)).ToList();
        Assert.IsTrue(desktop.All(d => d.Passed), string.Join("; ", desktop.Where(d => !d.Passed).Select(d => d.Failure)));
        Console.WriteLine();
        Console.WriteLine("Time in the firmware core (replay interfaces taken out), nanoCLR beside desktop .NET in this run:");
        Console.WriteLine(NanoClrFigures.Table(all, run.Outcomes, desktop));
    }
}

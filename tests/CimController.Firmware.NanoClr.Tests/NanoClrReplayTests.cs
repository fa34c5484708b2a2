using System;
using System.Linq;
using Transcripts = CimController.Firmware.Transcripts;
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

    [TestMethod]
    public void AMismatchOnTheNanoClrNamesTheTransactionAndTheNextTranscriptStillReplays()
    {
        NanoClrKit kit = NanoClrKit.Require();
        byte[] damaged = (byte[])RecordedScenarios.Of("pulses").Clone();
        var spi = TranscriptEvents.Read(damaged).Events.Where(e => e.Kind == Transcripts.TranscriptFormat.Spi).ToList();
        damaged[TranscriptEvents.DataOffset(spi[20]) + 1] ^= 0x01;
        NfReplayApp.Run run = NfReplayApp.Replay(kit, new[] { damaged, RecordedScenarios.Of("vmm") }, TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, run.ExitStatus, run.Describe());
        Assert.AreEqual(2, run.Outcomes.Count, run.Describe());
        Console.WriteLine(run.Outcomes[0].Failure);
        Assert.IsFalse(run.Outcomes[0].Passed);
        StringAssert.Contains(run.Outcomes[0].Failure, "transcript 'pulses'");
        StringAssert.Contains(run.Outcomes[0].Failure, "SPI transaction 20 differs first at byte 1");
        // the same words as the desktop replayer's: the report comes from the one replayer both runtimes run
        Assert.AreEqual(DesktopReplay.Run(damaged).Failure, run.Outcomes[0].Failure);
        Assert.IsTrue(run.Outcomes[1].Passed, run.Outcomes[1].Failure);
    }

    [TestMethod]
    public void ANanoClrFailureSurfacesTheUncaughtExceptionAndTheExitStatus()
    {
        NanoClrKit kit = NanoClrKit.Require();
        // stream marker 2 is neither "a transcript follows" nor "end": the app's TranscriptStream throws, uncaught
        NfReplayApp.Run run = NfReplayApp.ReplayStream(kit, new byte[] { 2 }, TimeSpan.FromMinutes(1));
        string report = run.Describe();
        Console.WriteLine(report);
        Assert.AreEqual(1, run.ExitStatus, report);
        StringAssert.Contains(report, "unhandled exception");
        StringAssert.Contains(report, "transcript stream marker 2");
        Assert.IsNull(run.Done, "the app cannot have finished");
    }
}

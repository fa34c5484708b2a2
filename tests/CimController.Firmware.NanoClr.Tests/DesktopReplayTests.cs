using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>The recorder and the replayer agree on desktop .NET: every scenario replays against the core it was recorded with.</summary>
[TestClass]
public sealed class DesktopReplayTests
{
    [TestMethod]
    public void EveryScenarioReplaysOnTheDesktop()
    {
        foreach (var (scenario, bytes) in RecordedScenarios.All)
        {
            ReplayOutcome r = DesktopReplay.Run(bytes);
            Console.WriteLine($"{scenario.Name,-22} {(r.Passed ? "PASS" : "FAIL")} {r.Events,8:N0} events, {r.SpiTransactions,7:N0} SPI, {r.FramesOut,5} frames out, {r.ServeTicks / 1e4,8:F1} ms");
            Assert.IsTrue(r.Passed, r.Failure);
        }
    }
}

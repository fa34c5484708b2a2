using System;
using System.Linq;
using System.Threading;
using CimController.Emulator;
using CimController.Firmware;
using CimController.LocalBoard;
using CimController.Protocol.Board;
using CimController.Firmware.Desktop;
using CimController.Host.Transports;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>The programming client methods (protocol 1.2) against the real firmware over the emulated ideal board, in-process.</summary>
[TestClass]
public sealed class ProgrammingClientTests
{
    private static (CimClient Client, EmulatedFirmware Firmware) Start(int maxPayload = FrameFormat.MaxPayloadLimit, int timeoutMs = 10000)
    {
        Console.WriteLine($"emulator: profile ideal, noise off, seed {EmulatedBoard.Seed}; client max payload {maxPayload}");
        var fw = EmulatedFirmware.Start(new EmulatorOptions { ProfileName = "ideal", Noise = false, Seed = EmulatedBoard.Seed });
        var client = new CimClient(new InProcessTransport(fw.HostEnd, fw), new CimClientOptions { TimeoutMs = timeoutMs, MaxPayload = maxPayload });
        client.Connect();
        return (client, fw);
    }

    [TestMethod]
    public void WriteVerifyRegionIsSplitToThePayloadLimitAndLandsInBand()
    {
        var (client, fw) = Start(maxPayload: 1024);
        using var _ = client;
        const int rows = 16, cols = 16;
        var targets = new uint[rows * cols];
        for (int i = 0; i < targets.Length; i++) targets[i] = (uint)(12_000 + (i % 16) * 3_200);
        var progress = new RecordingProgress();
        ulong before = fw.Emulator.Counters.Pulses;
        WriteVerifyResult r = client.WriteVerifyRegion(3, 10, rows, 20, cols, targets, new WriteVerifyOptions { ToleranceNanosiemens = 500, Averages = 1 }, progress);
        Assert.AreEqual(0, r.Failures, string.Join(", ", r.Cells.Where(c => !c.Success).Take(5)));
        Assert.IsTrue(r.Requests > 1, $"{r.Requests} requests for {rows * cols} cells at 1024-byte payloads");
        Assert.AreEqual((long)(fw.Emulator.Counters.Pulses - before), r.TotalPulses);
        for (int i = 0; i < r.Cells.Length; i++)
        {
            WriteVerifyCellResult c = r.Cells[i];
            Assert.AreEqual(10 + i / cols, c.Row);
            Assert.AreEqual(20 + i % cols, c.Col);
            Assert.AreEqual(targets[i], c.TargetNanosiemens);
            Assert.IsTrue(Math.Abs((double)c.FinalNanosiemens - targets[i]) <= 500);
        }
        Assert.AreEqual(rows * cols, progress.Reports[^1].Done);
        Console.WriteLine($"{r.Cells.Length} cells in {r.Requests} requests: pulses per cell mean {r.Cells.Average(c => c.Pulses):F1}, max {r.Cells.Max(c => c.Pulses)}");
    }

    [TestMethod]
    public void ProgressFramesArriveDuringALongWriteVerify()
    {
        var (client, fw) = Start();
        using var _ = client;
        var cells = Enumerable.Range(0, 64).Select(i => new CellTarget(i / 8, i % 8, (uint)(15_000 + (i % 8) * 5_000))).ToArray();
        var progress = new RecordingProgress();
        WriteVerifyResult r = client.WriteVerify(0, cells, new WriteVerifyOptions { ProgressEveryCells = 8, Averages = 1 }, progress);
        Assert.AreEqual(0, r.Failures);
        Assert.AreEqual(1, r.Requests);
        // 7 or 8 frames from the firmware (every 8 cells) plus the final report of the client.
        Assert.IsTrue(progress.Reports.Count >= 8, $"{progress.Reports.Count} progress reports");
        CollectionAssert.IsSubsetOf(new long[] { 8, 16, 24, 32, 40, 48, 56 }, progress.Reports.Select(p => p.Done).ToArray());
        Assert.IsTrue(progress.Reports.All(p => p.Total == 64));
    }

    [TestMethod]
    public void PulseBeyondTheProfileIsRefusedAndNothingApplied()
    {
        var (client, fw) = Start();
        using var _ = client;
        fw.Emulator.SetConductanceMicrosiemens(0, 1, 1, 30f);
        PulseResult ok = client.Pulse(0, 1, 1, 3000, 1000, count: 2);
        Assert.IsTrue(ok.Microsiemens > 30.5, $"{ok.Microsiemens} uS after two SET pulses");
        Assert.AreEqual(1e6 / ok.Microsiemens, ok.Ohms, 5);
        ulong before = fw.Emulator.Counters.Pulses;
        var e = Assert.ThrowsExactly<CimProtocolException>(() => client.Pulse(0, 1, 1, 3500, 1000));
        Assert.AreEqual(ErrorCode.PulseLimit, e.Code);
        e = Assert.ThrowsExactly<CimProtocolException>(() => client.Pulse(0, 1, 1, -2000, 1_000_000));
        Assert.AreEqual(ErrorCode.PulseLimit, e.Code);
        Assert.AreEqual(before, fw.Emulator.Counters.Pulses);
    }

    [TestMethod]
    public void FfpCalibrateBuildDownloadUploadSweepProgramAndGroup()
    {
        var (client, fw) = Start(maxPayload: 1024);
        using var _ = client;
        var options = new FfpCalibrationOptions
        {
            VoltagesMillivolts = new[] { 1700, 1900, 2100, 2400, 2700, 3000 }, WidthNs = 1000, ResetMillivolts = 3000, ResetWidthNs = 1000, ResetCount = 70, Averages = 1,
        };
        var progress = new RecordingProgress();
        var traces = client.FfpCalibrateAll(0, 4, 4, options, progress);
        Assert.AreEqual(12, traces.Count);
        Assert.AreEqual(12, progress.Reports[^1].Done);
        Assert.IsTrue(traces.All(t => t.Milliohms.Length == 100));
        Assert.IsTrue(traces[0].AbsDeltaOhms()[0] > 0);

        // The paper's defaults (+-6 V reset, 2 s pulses) are beyond the ideal profile: a clear PulseLimit.
        var e = Assert.ThrowsExactly<CimProtocolException>(() => client.FfpCalibrate(0, 4, 4, FfpDirection.Potentiation, 1000));
        Assert.AreEqual(ErrorCode.PulseLimit, e.Code);

        FfpTableData built = client.FfpBuildTable(new FfpBuildTableRequest { Bins = 48, BandLowMilliohms = 100_000, BandHighMilliohms = 300_000 });
        FfpTableData got = client.FfpGetTable();
        CollectionAssert.AreEqual(CimClient.FfpTableBytes(built), CimClient.FfpTableBytes(got));
        built.Version = 9;
        FfpTableAcceptance a = client.FfpSetTable(built);
        Assert.AreEqual(9u, a.Version);
        Assert.AreEqual(48, a.Bins);
        byte[] bad = CimClient.FfpTableBytes(built);
        bad[^1] ^= 1;
        e = Assert.ThrowsExactly<CimProtocolException>(() => client.FfpSetTableBytes(bad));
        Assert.AreEqual(ErrorCode.TableCorrupt, e.Code);
        Assert.AreEqual(9u, client.FfpGetTable().Version);

        // Sweep from HRS to LRS with a 1024-byte payload (169 events per reply): continued over several requests.
        fw.Emulator.SetConductanceMicrosiemens(0, 7, 7, 10.2f);
        FfpSweepResult s = client.FfpSweep(0, 7, 7, FfpDirection.Potentiation, new FfpSweepRequest { Averages = 1, MaxEvents = 5000 });
        Console.WriteLine($"sweep: {s.Events} events in {s.Requests} request(s), stop {s.StopName}, {s.StartMilliohms / 1000.0:F0} -> {s.Milliohms[^1] / 1000.0:F0} ohm");
        Assert.IsTrue(s.Events > 100 && s.Events < 5000);
        Assert.AreEqual(s.Events, s.Millivolts.Length);
        Assert.IsTrue(s.Requests > 1, $"{s.Requests} requests");
        for (int i = 1; i < s.Events; i++) Assert.IsTrue(s.Milliohms[i] <= s.Milliohms[i - 1] + 1000, $"event {i}: R rises");
        Assert.IsTrue(s.Stop == FfpStatus.WindowEnd || s.Stop == FfpStatus.NoProgress, s.StopName);

        FfpProgramResult p = client.FfpProgram(0, 7, 7, 50_000_000, 300_000, new FfpProgramRequest { Averages = 1 });
        Assert.IsTrue(p.Status == FfpStatus.InTolerance || p.Status == FfpStatus.WouldPass, p.StatusName);
        Assert.AreEqual(FfpDirection.Depression, p.Direction);

        FfpGroupResult g = client.FfpApplyGroup(0, 7, 7, FfpDirection.Potentiation, new[] { 2000, 2000, 2500 }, readEach: true, averages: 1);
        Assert.AreEqual(3, g.Applied);
        Assert.AreEqual(3, g.EachMilliohms!.Length);
        Assert.IsTrue(g.AfterMilliohms < g.BeforeMilliohms);
    }

    /// <summary>An SPI bus that takes <c>delayMs</c> per PULSE command: a slow board.</summary>
    private sealed class SlowPulseBus : ISpiBus
    {
        private readonly ISpiBus _inner;
        private readonly int _delayMs;
        public SlowPulseBus(ISpiBus inner, int delayMs) { _inner = inner; _delayMs = delayMs; }
        public void Transfer(byte[] tx, byte[] rx, int count)
        {
            if (count >= 6 && tx[0] == SpiOpcode.WriteRegister && tx[1] == BoardRegister.Control && tx[2] == BoardCommand.Pulse) Thread.Sleep(_delayMs);
            _inner.Transfer(tx, rx, count);
        }
    }

    [TestMethod]
    public void ProgressFramesExtendTheClientsWait()
    {
        var emulator = new BoardEmulator(new EmulatorOptions { ProfileName = "ideal", Noise = false, Seed = EmulatedBoard.Seed });
        var config = FirmwareHost.ConfigFor(emulator.Profile, "emulator");
        config.ProgressIntervalMs = 20;
        var controller = new Controller(new SlowPulseBus(emulator, 2), new SystemClock(), config);
        InProcessLink.CreatePair(out IHostLink fwEnd, out IHostLink hostEnd);
        var thread = new Thread(() => controller.Serve(fwEnd)) { IsBackground = true };
        thread.Start();
        try
        {
            using var client = new CimClient(new InProcessTransport(hostEnd, null), new CimClientOptions { TimeoutMs = 150 });
            client.Connect();
            var cells = Enumerable.Range(0, 12).Select(i => new CellTarget(0, i, (uint)(15_000 + i * 4_000))).ToArray();
            var progress = new RecordingProgress();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            WriteVerifyResult r = client.WriteVerify(0, cells, new WriteVerifyOptions { ProgressEveryCells = 0, Averages = 1 }, progress);
            watch.Stop();
            Console.WriteLine($"{r.TotalPulses} pulses at 2 ms each took {watch.ElapsedMilliseconds} ms with a 150 ms client timeout; {progress.Reports.Count} progress reports");
            Assert.AreEqual(0, r.Failures);
            Assert.IsTrue(watch.ElapsedMilliseconds > 150, "the command outlasted one timeout");
            Assert.IsTrue(progress.Reports.Count > 2);
        }
        finally
        {
            controller.Stop();
            ((IDisposable)fwEnd).Dispose();
            thread.Join(5000);
        }
    }
}

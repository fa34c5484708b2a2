using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using CimController.Firmware.Desktop.Esp32;
using CimController.Host;
using CimController.Host.Transports;
using CimController.Inference;
using CimController.Protocol;
using CimController.Protocol.Board;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The real ESP32 app (its deployable .pe set) on the virtual ESP32, driven by the host over the pty: one image booted for
/// the class (register-map board, b-RRAM, seed 7), each test a connection of its own.
/// </summary>
[TestClass]
public sealed class VirtualEsp32Tests
{
    private const int Seed = 7;
    private static VirtualEsp32? _esp32;

    [ClassInitialize]
    public static void Boot(TestContext context)
    {
        if (NanoClrKit.Find(out _) == null) return; // each test reports the missing kit itself
        _esp32 = VirtualEsp32Fixture.Start(NanoClrKit.Require(), seed: Seed);
    }

    [ClassCleanup]
    public static void Stop() => _esp32?.Dispose();

    private static VirtualEsp32 Esp32
    {
        get
        {
            NanoClrKit.Require();
            Assert.IsNotNull(_esp32, "the virtual ESP32 did not boot");
            Assert.IsFalse(_esp32.HasExited, "the nanoCLR has ended: " + (_esp32.HasExited ? _esp32.DescribeExit().Message : ""));
            return _esp32;
        }
    }

    [TestMethod]
    public void TheImageAnswersInfoAndReportsItsHeap()
    {
        using CimClient client = VirtualEsp32Fixture.Connect(Esp32);
        InfoMessage info = client.Info;
        Assert.AreEqual("esp32-wrover", info.BoardKind);
        Assert.AreEqual((4, 64, 64), (info.Tiles, info.Rows, info.Columns));
        Assert.AreEqual(16384, info.MaxPayload);
        Assert.AreEqual(ProtocolVersion.Minor, info.ProtocolMinor);
        StatsMessage stats = client.Stats();
        Console.WriteLine($"free managed heap {stats.HeapFreeBytes:N0} bytes");
        Assert.AreNotEqual(StatsMessage.HeapNotReported, stats.HeapFreeBytes);
    }

    [TestMethod]
    public void ReadsVmmWithConversionsAndPulseLimitsGoThroughTheImage()
    {
        using CimClient client = VirtualEsp32Fixture.Connect(Esp32);
        float[] g = client.ReadConductance(0, 0, 4, 0, 4, averages: 2);
        Assert.IsTrue(g.All(us => us > 0 && us < 100), string.Join(", ", g));
        byte[] codes = Scenarios.Bytes(64 * 8, 9001);
        VmmResult single = client.Vmm(0, 0, 64, 0, 64, codes, 8);
        VmmResult summed = client.Vmm(0, 0, 64, 0, 64, codes, 8, differential: true, conversions: 4);
        Assert.AreEqual(8 * 64, single.Codes.Length);
        Assert.AreEqual(8 * 32, summed.DifferentialCodes!.Length, "one difference of u16 sums per column pair and vector");
        client.Pulse(1, 2, 3, 2500, 1000, count: 2);
        var high = Assert.ThrowsExactly<CimProtocolException>(() => client.Pulse(1, 2, 3, 3500, 1000));
        Assert.AreEqual(ErrorCode.PulseLimit, high.Code);
        var wide = Assert.ThrowsExactly<CimProtocolException>(() => client.Pulse(1, 2, 3, 2000, 1_000_000));
        Assert.AreEqual(ErrorCode.PulseLimit, wide.Code);
    }

    [TestMethod]
    public void WriteVerifyOfARegionLandsInBand()
    {
        using CimClient client = VirtualEsp32Fixture.Connect(Esp32);
        uint[] targets = Enumerable.Range(0, 16).Select(i => (uint)(9_000 + 1_500 * i)).ToArray();
        WriteVerifyResult r = client.WriteVerifyRegion(2, 10, 4, 20, 4, targets, new WriteVerifyOptions { Averages = 2 });
        Console.WriteLine($"{r.Cells.Length} cells, {r.TotalPulses} pulses, {r.Failures} failures, {r.ElapsedMs} ms");
        Assert.AreEqual(0, r.Failures, string.Join("; ", r.Cells.Where(c => !c.Success).Select(c => $"({c.Row},{c.Col}) {c.StatusName}")));
    }

    [TestMethod]
    public void AnFfpTableBuiltOnTheImageRoundTrips()
    {
        using CimClient client = VirtualEsp32Fixture.Connect(Esp32);
        var calibration = new FfpCalibrationOptions
        {
            VoltagesMillivolts = new[] { 1900, 2400, 3000 }, Pulses = 20, WidthNs = 1000, ResetMillivolts = 3000, ResetWidthNs = 1000, ResetCount = 40, Averages = 1,
        };
        Assert.AreEqual(6, client.FfpCalibrateAll(3, 5, 5, calibration).Count);
        FfpTableData built = client.FfpBuildTable(new FfpBuildTableRequest { Bins = 16, BandLowMilliohms = 100_000, BandHighMilliohms = 300_000 });
        byte[] bytes = CimClient.FfpTableBytes(client.FfpGetTable());
        CollectionAssert.AreEqual(CimClient.FfpTableBytes(built), bytes);
        FfpTableAcceptance accepted = client.FfpSetTableBytes(bytes);
        Assert.AreEqual(16, accepted.Bins);
        CollectionAssert.AreEqual(bytes, CimClient.FfpTableBytes(client.FfpGetTable()));
    }

    [TestMethod]
    public void ADeployedLeNetRunsAForwardBatchOnTheImage()
    {
        using CimClient client = VirtualEsp32Fixture.Connect(Esp32);
        Deployment d = Scenarios.DeployLeNet(client, Esp32.Board.Board.Emulator!, 71);
        byte[] images = Scenarios.Bytes(784 * 4, 7101);
        var sw = Stopwatch.StartNew();
        ForwardResult r = client.Forward(d.ProgramId, images, 0, 4, 784);
        Console.WriteLine($"Forward of 4 images through the image: {sw.ElapsedMilliseconds} ms");
        Assert.AreEqual(40, r.Logits.Length);
        Assert.IsTrue(r.Logits.All(float.IsFinite));
        Assert.AreEqual(4L, client.NetworkStatus().Images);
    }

    [TestMethod]
    public void MalformedFramesOverThePtyGetTheirErrorsAndServingGoesOn()
    {
        using var transport = new SerialTransport(Esp32.SerialPath, 921600);
        transport.Open();
        var link = new TransportLink(transport);
        byte[] stats = RawFrames.Build(MessageType.Stats, 1);
        byte[] badCrc = (byte[])stats.Clone();
        badCrc[^1] ^= 0x5A;
        Assert.AreEqual(ErrorCode.BadCrc, RawFrames.ErrorCodeOf(RawFrames.Exchange(link, badCrc)));
        byte[] oversize = RawFrames.Build(MessageType.Stats, 2);
        oversize[FrameFormat.LengthOffset] = 0xFF;
        oversize[FrameFormat.LengthOffset + 1] = 0xFF;
        Assert.AreEqual(ErrorCode.FrameTooLarge, RawFrames.ErrorCodeOf(RawFrames.Exchange(link, oversize)));
        Assert.AreEqual(ErrorCode.UnknownMessage, RawFrames.ErrorCodeOf(RawFrames.Exchange(link, RawFrames.Build(0x3F, 3))));
        // a frame cut short: the firmware's inter-byte timeout (500 ms on the ESP32's clock) drops it as truncated
        byte[] cut = RawFrames.Build(MessageType.Stats, 4);
        link.Write(cut, 0, cut.Length - 3);
        Assert.AreEqual(ErrorCode.Truncated, RawFrames.ErrorCodeOf(RawFrames.Receive(link, 10_000)));
        Assert.AreEqual(MessageType.StatsResult, RawFrames.Exchange(link, RawFrames.Build(MessageType.Stats, 5)).Type);
    }

    [TestMethod]
    public void TheWatchdogMakesTheBoardSafeAfterFiveSecondsOfHostSilence()
    {
        using var softReset = new ManualResetEventSlim(false);
        long resetAtMs = 0;
        byte[] command = { SpiOpcode.WriteRegister, BoardRegister.Control, (byte)BoardCommand.SoftReset, 0, 0, 0 };
        var clock = Stopwatch.StartNew();
        long lastHostByteMs;
        using (CimClient client = VirtualEsp32Fixture.Connect(Esp32))
        {
            client.Stats();
            lastHostByteMs = clock.ElapsedMilliseconds;
            Esp32.Board.Observer = (bus, cs, mode, sent, received) =>
            {
                if (sent.SequenceEqual(command) && !softReset.IsSet)
                {
                    resetAtMs = clock.ElapsedMilliseconds;
                    softReset.Set();
                }
            };
            try
            {
                Assert.IsTrue(softReset.Wait(TimeSpan.FromSeconds(30)), "no SOFT_RESET reached the board within 30 s of host silence");
            }
            finally
            {
                Esp32.Board.Observer = null;
            }
            long silentMs = resetAtMs - lastHostByteMs;
            Console.WriteLine($"SOFT_RESET after {silentMs} ms of host silence (HostSilenceMs 5000)");
            Assert.IsTrue(silentMs >= 4_900, $"the board was reset after only {silentMs} ms of silence");
            client.Stats(); // serving goes on
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Esp32;
using CimController.Host;
using CimController.Host.Transports;
using CimController.Inference;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// Wall time per command through the real image on the virtual ESP32 (host -> pty -> nanoCLR -> NSPI socket -> emulated
/// board) beside the desktop runner over TCP loopback (host -> socket -> firmware on .NET -> emulator), the same calls on
/// the same seeded board; and the image's free heap after boot, with a LeNet training session and with a deployed LeNet.
/// Prints the table firmware/README.md quotes; asserts that every call succeeded on both.
/// </summary>
[TestClass]
public sealed class VirtualEsp32FiguresTests
{
    private const int Seed = 41;

    [TestMethod]
    public void CommandTimesThroughTheImageBesideTheDesktopRunner()
    {
        NanoClrKit kit = NanoClrKit.Require();
        Dictionary<string, double> esp32Ms, desktopMs;
        var heap = new List<(string When, uint Free)>();
        using (VirtualEsp32 esp32 = VirtualEsp32Fixture.Start(kit, profile: "ideal", seed: Seed, noise: false))
        using (CimClient c = VirtualEsp32Fixture.Connect(esp32))
        {
            heap.Add(("after boot", c.Stats().HeapFreeBytes));
            esp32Ms = Measure(c, esp32.Board.Board.Emulator!, heap);
        }
        using (FirmwareHost host = FirmwareHost.Create("emulator", new EmulatorOptions { ProfileName = "ideal", Seed = Seed, Noise = false }, config => config.MaxPayload = 16384))
        using (var server = new TcpFirmwareServer(host.Controller, new IPEndPoint(IPAddress.Loopback, 0)))
        {
            server.Start();
            using var c = new CimClient(new TcpTransport("127.0.0.1", server.LocalEndPoint.Port), new CimClientOptions { TimeoutMs = 60_000 });
            c.Connect();
            desktopMs = Measure(c, host.Emulator!, new List<(string, uint)>());
        }
        var ic = CultureInfo.InvariantCulture;
        Console.WriteLine("| command (median of the repeats) | virtual ESP32 (pty, nanoCLR) | desktop runner (TCP, .NET) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, ms) in esp32Ms)
            Console.WriteLine(string.Format(ic, "| {0} | {1:F2} ms | {2:F2} ms | {3:F0}x |", name, ms, desktopMs[name], ms / desktopMs[name]));
        Console.WriteLine();
        foreach (var (when, free) in heap) Console.WriteLine(string.Format(ic, "free managed heap of the image {0}: {1:N0} B", when, free));
        Assert.AreEqual(desktopMs.Count, esp32Ms.Count);
        Assert.IsTrue(heap.All(h => h.Free != StatsMessage.HeapNotReported));
    }

    /// <summary>Runs every measured command on <paramref name="c"/>; returns the median wall time of each, ms.</summary>
    private static Dictionary<string, double> Measure(CimClient c, BoardEmulator board, List<(string, uint)> heap)
    {
        var times = new Dictionary<string, double>();
        void Time(string name, int repeats, Action call)
        {
            var ms = new List<double>();
            for (int i = 0; i < repeats; i++)
            {
                var sw = Stopwatch.StartNew();
                call();
                ms.Add(sw.Elapsed.TotalMilliseconds);
            }
            ms.Sort();
            times[name] = ms[ms.Count / 2];
        }
        byte[] codes = Scenarios.Bytes(64 * 64, 4101);
        Time("Stats", 9, () => c.Stats());
        Time("ReadConductance 8x8", 5, () => c.ReadConductance(0, 0, 8, 0, 8, averages: 1));
        Time("Vmm 64 vectors, 64x64", 5, () => c.Vmm(0, 0, 64, 0, 64, codes, 64));
        Time("Vmm 64 vectors, differential, 16 conversions", 5, () => c.Vmm(1, 0, 64, 0, 64, codes, 64, differential: true, conversions: 16));
        Time("Pulse", 9, () => c.Pulse(2, 1, 1, 2000, 1000));
        int cell = 0;
        Time("WriteVerify, one cell to 20 uS", 5, () => { c.WriteVerifyCell(3, cell, cell, 20_000, new WriteVerifyOptions { Averages = 2 }); cell++; });
        int pairs = Scenarios.LeNetPairs + 100;
        Scenarios.StartSession(c, pairs, new[] { 0, 200, 1400 });
        heap.Add(("with a LeNet training session (3,320 pairs)", c.Stats().HeapFreeBytes));
        var step = new float[pairs];
        uint s = 0;
        Time("TrainUpdate step of the LeNet's 3,320 weights (no crossing)", 5, () =>
        {
            s++;
            for (int first = 0; first < pairs; first += c.TrainUpdateChunk)
                c.TrainUpdate(Scenarios.TrainToken, s, 0, first, step.AsSpan(first, Math.Min(c.TrainUpdateChunk, pairs - first)));
        });
        Deployment d = Scenarios.DeployLeNet(c, board, 4102);
        heap.Add(("with a deployed LeNet (max batch 16) as well", c.Stats().HeapFreeBytes));
        byte[] images = Scenarios.Bytes(784 * 8, 4103);
        Time("Forward, 8 LeNet images", 3, () => c.Forward(d.ProgramId, images, 0, 8, 784));
        return times;
    }
}

using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// A long command stops when its host has gone: the first progress frame that cannot be written marks the link lost,
/// the command stops after the pulse in flight (board at rest) and the frame server ends the link. The bound:
/// 2 x ProgressIntervalMs plus one pulse-and-read step (TCP may accept one write after the peer's close).
/// </summary>
[TestClass]
public sealed class LinkLossTests
{
    private const int Seed = 916;
    private const int IntervalMs = 50;

    /// <summary>Bound the tests allow: the documented 2 x interval plus room for a loaded 2-core machine's scheduling.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromMilliseconds(2 * IntervalMs + 1500);

    /// <summary>A write-verify of the whole 64 x 64 tile toward 200 uS, beyond the ideal device: about 41 M pulses, minutes of work.</summary>
    private static byte[] EndlessWriteVerify(int sequence)
    {
        var q = new WriteVerifyRequest
        {
            Tile = 0, Averages = 1, MaxPulsesPerCell = CommandCaps.PulsesPerCell, StuckPulses = CommandCaps.PulsesPerCell, MinResponseNanosiemens = 1,
            TimeBudgetMs = CommandCaps.RequestMs, ProgressEveryCells = 0,
        };
        return TestFrames.Build(MessageType.WriteVerify, sequence, WriteVerifyTests.Region(q, 0, 64, 0, 64, Enumerable.Repeat(200_000u, 64 * 64).ToArray()));
    }

    [TestMethod]
    public void TheFirstFailedProgressWriteStopsTheCommandAfterTheCellInProgress()
    {
        using var f = new ProgrammingFixture(Seed);
        var q = new WriteVerifyRequest { Tile = 0, Averages = 1, ToleranceNanosiemens = 500, ProgressEveryCells = 1 };
        byte[] frame = TestFrames.Build(MessageType.WriteVerify, 5, WriteVerifyTests.Region(q, 0, 1, 0, 8, Enumerable.Repeat(30_000u, 8).ToArray()));
        float[] before = Enumerable.Range(0, 8).Select(c => f.Board.GetConductanceMicrosiemens(0, 0, c)).ToArray();
        var link = new ScriptedLink(new FakeClock()) { FailWrites = true }.Send(frame).Send(TestFrames.Empty(MessageType.Stats, 6));
        f.Controller.Serve(link);
        float[] after = Enumerable.Range(0, 8).Select(c => f.Board.GetConductanceMicrosiemens(0, 0, c)).ToArray();
        Console.WriteLine("cells after: " + string.Join(", ", after.Select(g => g.ToString("F2"))) + " uS (target 30)");
        Assert.AreEqual(30.0, after[0], 0.5, "cell 0 was programmed; its progress frame then failed");
        CollectionAssert.AreEqual(before.Skip(1).ToArray(), after.Skip(1).ToArray(), "no other cell was touched");
        Assert.AreEqual(0, link.Written.Length, "nothing reached the gone host");
        Assert.AreEqual(1u, f.Controller.Stats.FramesReceived, "the Stats behind it was not read: the link was dropped");
    }

    [TestMethod]
    public void TheDiscreteBoardIsAtRestWhenItsCommandStops()
    {
        using FirmwareHost host = FirmwareHost.Create(FirmwareHost.DiscreteEmulatorBoard, new EmulatorOptions { ProfileName = "ideal", Seed = Seed },
            c => c.MaxPulseWidthNs = 1_000_000, new FakeClock());
        var board = host.DiscreteEmulator!;
        var q = new WriteVerifyRequest { Tile = 0, Averages = 1, ToleranceNanosiemens = 500, WidthNs = 50_000, ProgressEveryCells = 1 };
        byte[] frame = TestFrames.Build(MessageType.WriteVerify, 5, WriteVerifyTests.Region(q, 0, 3, 0, 4, Enumerable.Repeat(30_000u, 12).ToArray()));
        var link = new ScriptedLink(new FakeClock()) { FailWrites = true }.Send(frame);
        host.Controller.Serve(link);
        Assert.IsFalse(board.PulseMode, "TIAs back in measure mode");
        double bias = DiscreteBoardDefinition.Standard().BiasMillivolts / 1000.0;
        for (int ch = 0; ch < 7; ch++)
        {
            Assert.AreEqual(bias, board.LineVolts(ch), 0.002, $"DAC channel {ch} back at the bias");
        }
    }

    [TestMethod]
    public void AnInProcessHostThatClosesMidCommandStopsTheFirmwareWithinTheBound()
    {
        using var fw = EmulatedFirmware.Start(new EmulatorOptions { ProfileName = "ideal", Noise = false, Seed = Seed }, c => c.ProgressIntervalMs = IntervalMs);
        Console.WriteLine($"emulator seed {Seed}, profile ideal, noise off; progress every {IntervalMs} ms");
        var client = new LinkClient(fw.HostEnd);
        client.Send(EndlessWriteVerify(1));
        Reply progress = client.Receive();
        Assert.AreEqual(FrameFlags.Reply | FrameFlags.Progress, progress.Flags, "the command is running: " + progress);
        var watch = Stopwatch.StartNew();
        ((IDisposable)fw.HostEnd).Dispose();
        bool stopped = fw.WaitForServeEnd(TimeSpan.FromSeconds(30));
        watch.Stop();
        ulong pulses = fw.Emulator.Counters.Pulses;
        Console.WriteLine($"in-process: the firmware stopped {watch.Elapsed.TotalMilliseconds:F0} ms after the host closed, after {pulses} pulses of the ~41 M asked");
        Assert.IsTrue(stopped, "the firmware stopped serving");
        Assert.IsTrue(watch.Elapsed <= StopBound, $"stopped after {watch.Elapsed.TotalMilliseconds:F0} ms; bound {StopBound.TotalMilliseconds} ms");
        Assert.IsNull(fw.Fault);
        Assert.IsTrue(pulses < 4096UL * CommandCaps.PulsesPerCell / 10, "most of the work was never done");
    }

    [TestMethod]
    public void ATcpHostThatClosesItsSocketMidCommandStopsTheFirmwareWithinTheBound()
    {
        using FirmwareHost host = FirmwareHost.Create(FirmwareHost.EmulatorBoard, new EmulatorOptions { ProfileName = "ideal", Noise = false, Seed = Seed },
            c => c.ProgressIntervalMs = IntervalMs);
        Console.WriteLine($"emulator seed {Seed}, profile ideal, noise off; progress every {IntervalMs} ms; TCP loopback");
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var hostSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        hostSocket.Connect(listener.LocalEndPoint!);
        using var firmwareLink = new TcpHostLink(listener.Accept());
        var serve = new Thread(() => host.Controller.Serve(firmwareLink)) { IsBackground = true, Name = "link-loss test firmware" };
        serve.Start();
        try
        {
            var hostLink = new TcpHostLink(hostSocket);
            var client = new LinkClient(hostLink);
            client.Send(EndlessWriteVerify(1));
            Reply progress = client.Receive();
            Assert.AreEqual(FrameFlags.Reply | FrameFlags.Progress, progress.Flags, "the command is running: " + progress);
            var watch = Stopwatch.StartNew();
            hostLink.Dispose();
            bool stopped = serve.Join(TimeSpan.FromSeconds(30));
            watch.Stop();
            ulong pulses = host.Emulator!.Counters.Pulses;
            Console.WriteLine($"TCP: the firmware stopped {watch.Elapsed.TotalMilliseconds:F0} ms after the host closed its socket, after {pulses} pulses of the ~41 M asked");
            Assert.IsTrue(stopped, "the firmware stopped serving the socket");
            Assert.IsTrue(watch.Elapsed <= StopBound, $"stopped after {watch.Elapsed.TotalMilliseconds:F0} ms; bound {StopBound.TotalMilliseconds} ms");
            Assert.IsTrue(pulses < 4096UL * CommandCaps.PulsesPerCell / 10, "most of the work was never done");
        }
        finally
        {
            host.Controller.Stop();
            serve.Join(TimeSpan.FromSeconds(30));
        }
    }
}

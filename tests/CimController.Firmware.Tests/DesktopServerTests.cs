using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>The firmware served in-process, over TCP and over a serial pty pair, end to end with real frames.</summary>
[TestClass]
public sealed class DesktopServerTests
{
    private const int Seed = 31337;

    private static EmulatorOptions Options() => new() { ProfileName = "ideal", Noise = false, Seed = Seed };

    [TestMethod]
    public void EmulatedFirmwareServesTheHostEnd()
    {
        Console.WriteLine($"emulator seed {Seed}");
        using var fw = EmulatedFirmware.Start(Options());
        var client = new LinkClient(fw.HostEnd);
        var info = client.Exchange(TestFrames.Hello(1));
        Assert.AreEqual(MessageType.Info, info.Type);
        var m = new InfoMessage();
        m.Read(info.Reader());
        Assert.AreEqual("ideal", m.ProfileName);
        Assert.AreEqual(fw.Config.MaxPayload, m.MaxPayload);
        var vmm = client.Exchange(TestFrames.Vmm(2, 0, 0, 64, 0, 64, new byte[64 * 4]));
        Assert.AreEqual(MessageType.VmmResult, vmm.Type);
        Assert.AreEqual(2, vmm.Sequence);
        Assert.AreEqual(4ul, fw.Emulator.Counters.TileOps);
    }

    [TestMethod]
    public void EmulatedFirmwareEndsWhenTheHostEndIsClosed()
    {
        var fw = EmulatedFirmware.Start(Options());
        ((IDisposable)fw.HostEnd).Dispose();
        var sw = Stopwatch.StartNew();
        fw.Dispose();
        Assert.IsTrue(sw.Elapsed < EmulatedFirmware.StopTimeout, $"stopped in {sw.ElapsedMilliseconds} ms");
        Assert.IsNull(fw.Fault);
    }

    [TestMethod]
    public void TruncatedFrameInRealTimeThenNextFrameServed()
    {
        using var fw = EmulatedFirmware.Start(Options(), c => c.InterByteTimeoutMs = 200);
        var client = new LinkClient(fw.HostEnd);
        var frame = TestFrames.Vmm(70, 0, 0, 64, 0, 64, new byte[64]);
        fw.HostEnd.Write(frame, 0, frame.Length - 5);
        var error = client.Receive().AsError();
        Assert.AreEqual(ErrorCode.Truncated, error.Code, error.Message);
        var good = client.Exchange(TestFrames.Vmm(71, 0, 0, 64, 0, 64, new byte[64]));
        Assert.AreEqual(MessageType.VmmResult, good.Type);
        Assert.AreEqual(71, good.Sequence);
    }

    [TestMethod]
    public void TcpServerServesClientsOneAfterAnotherAndSurvivesAVanishedClient()
    {
        using var host = FirmwareHost.Create(FirmwareHost.EmulatorBoard, Options());
        using var server = new TcpFirmwareServer(host.Controller, new IPEndPoint(IPAddress.Loopback, 0));
        Assert.AreNotEqual(0, server.LocalEndPoint.Port);
        server.Start();

        using (var first = TcpHostLink.Connect(server.LocalEndPoint))
        {
            var client = new LinkClient(first);
            Assert.AreEqual(MessageType.Info, client.Exchange(TestFrames.Hello(1)).Type);
            var frame = TestFrames.Vmm(2, 0, 0, 64, 0, 64, new byte[64]);
            first.Write(frame, 0, frame.Length / 2); // vanishes mid-frame
        }

        using (var second = TcpHostLink.Connect(server.LocalEndPoint))
        {
            var client = new LinkClient(second);
            var reply = client.Exchange(TestFrames.Vmm(3, 0, 0, 64, 0, 64, new byte[64]));
            Assert.AreEqual(MessageType.VmmResult, reply.Type, reply.ToString());
            Assert.AreEqual(3, reply.Sequence);
        }
        Assert.AreEqual(2, server.ConnectionsServed);
    }

    [TestMethod]
    public void TcpServerStopsWithinBoundedTimeWithAClientConnected()
    {
        using var host = FirmwareHost.Create(FirmwareHost.EmulatorBoard, Options());
        var server = new TcpFirmwareServer(host.Controller, new IPEndPoint(IPAddress.Loopback, 0));
        server.Start();
        using var link = TcpHostLink.Connect(server.LocalEndPoint);
        Assert.AreEqual(MessageType.Info, new LinkClient(link).Exchange(TestFrames.Hello(1)).Type);
        var sw = Stopwatch.StartNew();
        server.Dispose();
        Console.WriteLine($"TcpFirmwareServer stopped in {sw.ElapsedMilliseconds} ms");
        Assert.IsTrue(sw.ElapsedMilliseconds < 2000, $"stopped in {sw.ElapsedMilliseconds} ms");
        Assert.AreEqual(-1, link.Read(new byte[16], 0, 16, 2000), "the client sees the connection closed");
    }

    [TestMethod]
    public void TcpServerStopsWithinBoundedTimeWhenIdle()
    {
        using var host = FirmwareHost.Create(FirmwareHost.EmulatorBoard, Options());
        var server = new TcpFirmwareServer(host.Controller, new IPEndPoint(IPAddress.Loopback, 0));
        server.Start();
        var sw = Stopwatch.StartNew();
        server.Stop();
        Assert.IsTrue(sw.ElapsedMilliseconds < 2000, $"stopped in {sw.ElapsedMilliseconds} ms");
    }

    [TestMethod]
    public void SerialServerServesOverAPtyPair()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cimfw-pty-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string a = Path.Combine(dir, "fw"), b = Path.Combine(dir, "host");
        Process socat;
        try
        {
            socat = Process.Start(new ProcessStartInfo("socat", $"pty,raw,echo=0,link={a} pty,raw,echo=0,link={b}")
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // CI installs socat (.ci/run), so there a missing socat is a failure; elsewhere the test is reported as not run.
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail("socat is required for the serial pty test and is not installed (apt-get install socat)");
            Assert.Inconclusive("socat is not installed (apt-get install socat)");
            return;
        }
        try
        {
            long deadline = Environment.TickCount64 + 5000;
            while (!(File.Exists(a) && File.Exists(b)) && Environment.TickCount64 < deadline && !socat.HasExited)
                socat.WaitForExit(20);
            Assert.IsTrue(File.Exists(a) && File.Exists(b), "socat created the pty pair");
            using var host = FirmwareHost.Create(FirmwareHost.EmulatorBoard, Options());
            using var server = new SerialFirmwareServer(host.Controller, a, 115200);
            server.Start();
            using var link = new SerialHostLink(b, 115200);
            var client = new LinkClient(link);
            var info = client.Exchange(TestFrames.Hello(5));
            Assert.AreEqual(MessageType.Info, info.Type);
            var vmm = client.Exchange(TestFrames.Vmm(6, 0, 0, 64, 0, 8, new byte[64 * 2], VmmFlags.Differential));
            Assert.AreEqual(MessageType.VmmResult, vmm.Type, vmm.ToString());
            var sw = Stopwatch.StartNew();
            server.Stop();
            Assert.IsTrue(sw.ElapsedMilliseconds < 2000, $"serial server stopped in {sw.ElapsedMilliseconds} ms");
        }
        finally
        {
            if (!socat.HasExited) socat.Kill();
            socat.WaitForExit(5000);
            socat.Dispose();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Host.Transports;
using CimController.LocalBoard;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>The client over a real serial stack: a socat pty pair, the firmware served on one end, the client on the other.</summary>
[TestClass]
public sealed class SerialLinkTests
{
    private const int Baud = 115200;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void ClientTalksToFirmwareOverAPtyPair()
    {
        string? socat = FindOnPath("socat");
        if (socat == null)
        {
            const string message = "socat is required for the serial test (apt-get install -y socat); it creates the pty pair the firmware and the client talk over";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(message);
            }
            Assert.Inconclusive("serial test not run: " + message);
        }
        string stem = Path.Combine(Path.GetTempPath(), "cimctl-pty-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        string firmwarePort = stem + "-fw";
        string hostPort = stem + "-host";
        var info = new ProcessStartInfo(socat) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "-d", "-d", "pty,raw,echo=0,link=" + firmwarePort, "pty,raw,echo=0,link=" + hostPort })
        {
            info.ArgumentList.Add(a);
        }
        using Process pair = Process.Start(info)!;
        try
        {
            WaitForTransferLoop(pair);
            Console.WriteLine($"pty pair {firmwarePort} <-> {hostPort}; emulator profile brram, seed {EmulatedBoard.Seed}");

            using FirmwareHost firmware = FirmwareHost.Create(FirmwareHost.EmulatorBoard, new EmulatorOptions { Seed = EmulatedBoard.Seed });
            using var server = new SerialFirmwareServer(firmware.Controller, firmwarePort, Baud);
            server.Start();

            BoardAddress address = BoardAddress.Parse("serial:" + hostPort + "?baud=" + Baud);
            using CimClient client = BoardConnector.Connect(address, new CimClientOptions { TimeoutMs = 10000 });

            Assert.AreEqual(64, client.Info.Rows);
            StringAssert.Contains(client.BoardDescription, hostPort);
            Assert.AreEqual(6, client.ReadConductance(0, 0, 2, 0, 3).Length);
            byte[] inputs = new byte[40 * 64];
            new Random(EmulatedBoard.Seed).NextBytes(inputs);
            VmmResult result = client.Vmm(0, 0, 64, 0, 64, inputs, 40, differential: true);
            Assert.AreEqual(40ul, result.TileOps);
            Assert.AreEqual(40 * 32, result.DifferentialCodes!.Length);
        }
        finally
        {
            // SIGTERM lets socat remove its links; delete them anyway if it was killed.
            CimctlProcess.Stop(pair, TimeSpan.FromSeconds(5));
            File.Delete(firmwarePort);
            File.Delete(hostPort);
        }
    }

    /// <summary>Reads socat's -d -d log until it says both ptys are up (bounded).</summary>
    private static void WaitForTransferLoop(Process pair)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Task<string?> line = pair.StandardError.ReadLineAsync();
            TimeSpan left = TimeSpan.FromSeconds(20) - deadline.Elapsed;
            Assert.IsTrue(left > TimeSpan.Zero && line.Wait(left), "socat did not report its data transfer loop within 20 s");
            Assert.IsNotNull(line.Result, "socat exited before creating the pty pair");
            if (line.Result.Contains("starting data transfer loop"))
            {
                return;
            }
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}

using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>cimctl as a user runs it: an <c>emulate</c> server process and client processes over TCP, JSON output parsed.</summary>
[TestClass]
public sealed class CimctlEndToEndTests
{
    private const int Seed = 3;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public void InfoAndVmmOverTcpAgainstEmulateServer()
    {
        Console.WriteLine($"cimctl emulate: profile brram, seed {Seed}");
        using Process server = Process.Start(CimctlProcess.StartInfo(new[] { "emulate", "--listen", "127.0.0.1:0", "--seed", Seed.ToString() }))!;
        server.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                Console.WriteLine("server stderr: " + e.Data);
            }
        };
        server.BeginErrorReadLine();
        try
        {
            server.StandardInput.Close();
            Task<string?> first = server.StandardOutput.ReadLineAsync();
            Assert.IsTrue(first.Wait(TimeSpan.FromSeconds(60)), "cimctl emulate printed no line within 60 s");
            string line = first.Result ?? "";
            Console.WriteLine("server: " + line);
            StringAssert.StartsWith(line, "listening on 127.0.0.1:");
            int port = int.Parse(line.Substring("listening on 127.0.0.1:".Length));
            Assert.IsTrue(port > 0);
            string board = "tcp://127.0.0.1:" + port;

            (int exit, string stdout, string stderr) = CimctlProcess.Run("--board", board, "info", "--json");
            Assert.AreEqual(0, exit, stderr);
            using (JsonDocument info = JsonDocument.Parse(stdout))
            {
                JsonElement root = info.RootElement;
                Assert.AreEqual(board, root.GetProperty("board").GetString());
                StringAssert.StartsWith(root.GetProperty("profile").GetString(), "brram");
                JsonElement i = root.GetProperty("info");
                Assert.AreEqual(4, i.GetProperty("tiles").GetInt32());
                Assert.AreEqual(64, i.GetProperty("rows").GetInt32());
                Assert.AreEqual(64, i.GetProperty("columns").GetInt32());
                Assert.AreEqual("emulator", i.GetProperty("boardKind").GetString());
            }

            (exit, stdout, stderr) = CimctlProcess.Run("--board", board, "--seed", Seed.ToString(), "--json", "vmm", "--tile", "1", "--rows", "0:4", "--cols", "2:6",
                "--input", "0,12,255,128,255,255,255,255", "--differential");
            Assert.AreEqual(0, exit, stderr);
            using (JsonDocument vmm = JsonDocument.Parse(stdout))
            {
                JsonElement root = vmm.RootElement;
                Assert.AreEqual(2, root.GetProperty("vectors").GetInt32());
                JsonElement codes = root.GetProperty("codes");
                Assert.AreEqual(2, codes.GetArrayLength());
                Assert.AreEqual(4, codes[0].GetArrayLength());
                JsonElement diff = root.GetProperty("differentialCodes");
                JsonElement currents = root.GetProperty("currentsMicroamps");
                double lsb = root.GetProperty("lsbMicroamps").GetDouble();
                for (int v = 0; v < 2; v++)
                {
                    Assert.AreEqual(2, diff[v].GetArrayLength());
                    for (int k = 0; k < 2; k++)
                    {
                        Assert.AreEqual(codes[v][2 * k].GetInt32() - codes[v][2 * k + 1].GetInt32(), diff[v][k].GetInt32());
                    }
                    for (int c = 0; c < 4; c++)
                    {
                        Assert.AreEqual(codes[v][c].GetInt32() * lsb, currents[v][c].GetDouble(), 1e-4);
                    }
                }
                Assert.IsTrue(codes[1].EnumerateArray().Sum(c => c.GetInt32()) > codes[0].EnumerateArray().Sum(c => c.GetInt32()),
                    "the all-255 vector should draw more current than 0,12,255,128");
                Assert.AreEqual(2, root.GetProperty("tileOps").GetInt32());
                Assert.IsTrue(root.GetProperty("chipSeconds").GetDouble() > 0);
                Assert.IsTrue(root.GetProperty("energyPicojoules").GetDouble() > 0);
                Assert.AreEqual(Seed, root.GetProperty("seed").GetInt32());
            }
        }
        finally
        {
            CimctlProcess.Stop(server, TimeSpan.FromSeconds(10));
        }
        Assert.AreEqual(0, server.ExitCode, "cimctl emulate should exit 0 on SIGTERM");
    }

    [TestMethod]
    public void ReadPrintsARowMajorGridOfConductancesAsJson()
    {
        (int exit, string stdout, string stderr) = CimctlProcess.Run("--seed", Seed.ToString(), "--json", "read", "--tile", "3", "--rows", "10:13", "--cols", "5", "--avg", "2");
        Assert.AreEqual(0, exit, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement grid = doc.RootElement.GetProperty("microsiemens");
        Assert.AreEqual(3, grid.GetArrayLength());
        Assert.AreEqual(1, grid[0].GetArrayLength());
        Assert.IsTrue(grid[2][0].GetDouble() > 5 && grid[2][0].GetDouble() < 80);
        Assert.AreEqual(Seed, doc.RootElement.GetProperty("seed").GetInt32());
        Assert.AreEqual("10:13", doc.RootElement.GetProperty("rows").GetString());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void BenchVmmReportsRoundTripsOverheadAndTileOps()
    {
        (int exit, string stdout, string stderr) = CimctlProcess.Run("--json", "bench", "vmm", "--seconds", "0.05", "--batches", "1,32");
        Assert.AreEqual(0, exit, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement vmm = doc.RootElement.GetProperty("vmm");
        Assert.AreEqual(4, vmm.GetArrayLength());
        foreach (JsonElement row in vmm.EnumerateArray())
        {
            Assert.IsTrue(row.GetProperty("roundTripsPerSecond").GetDouble() > 0);
            Assert.IsTrue(row.GetProperty("bytesPerUsefulByte").GetDouble() > 1);
        }
        // 32 vectors of 64 in + 64 out codes = 4 KB useful per call: overhead below 3 %.
        Assert.IsTrue(vmm[1].GetProperty("bytesPerUsefulByte").GetDouble() < 1.03);
        JsonElement ops = doc.RootElement.GetProperty("emulatorTileOps");
        Assert.AreEqual("64x64", ops[0].GetProperty("tile").GetString());
        Assert.AreEqual("256x64", ops[1].GetProperty("tile").GetString());
        Assert.AreEqual(1, ops[0].GetProperty("threads").GetInt32());
        Assert.IsTrue(ops[0].GetProperty("tileOpsPerSecond").GetDouble() > 0);
    }

    [TestMethod]
    public void BadArgumentsExitWithCode2AndAMessageWithoutStackTrace()
    {
        (int exit, string _, string stderr) = CimctlProcess.Run("--board", "tcp://nowhere", "info");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(stderr, "port is missing");
        StringAssert.Contains(stderr, "Accepted forms");
        Assert.IsFalse(stderr.Contains("   at "), "stack trace printed:\n" + stderr);

        (exit, _, stderr) = CimctlProcess.Run("read", "--tile", "0", "--rows", "5:2", "--cols", "0:4");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(stderr, "--rows '5:2'");

        (exit, _, stderr) = CimctlProcess.Run("vmm", "--tile", "0", "--rows", "0:2", "--cols", "0:2", "--input", "1,2,300");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(stderr, "'300'");

        (exit, _, stderr) = CimctlProcess.Run("frobnicate");
        Assert.AreEqual(2, exit);
    }

    [TestMethod]
    public void RuntimeFailureExitsWithCode1AndJsonError()
    {
        // A TCP port nobody listens on: the connection is refused, a runtime failure (the command line itself is valid).
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        (int exit, string stdout, string stderr) = CimctlProcess.Run("--json", "--board", "tcp://127.0.0.1:" + port, "info");
        Assert.AreEqual(1, exit, stderr);
        Assert.IsFalse(stderr.Contains("   at "), "stack trace printed:\n" + stderr);
        StringAssert.Contains(stderr, "cimctl: could not connect to tcp://127.0.0.1:" + port);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        Assert.AreEqual("Unreachable", doc.RootElement.GetProperty("code").GetString(), "a refused connection is not a timeout");
        Assert.AreEqual(1, doc.RootElement.GetProperty("exitCode").GetInt32());
        StringAssert.Contains(doc.RootElement.GetProperty("error").GetString(), "could not connect");
    }
}

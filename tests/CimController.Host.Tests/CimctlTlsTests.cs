using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>
/// Provisioning and the TLS link as a user meets them, with cimctl processes: <c>tls init</c> writes the credentials,
/// <c>emulate</c> serves TLS with them, a host dials the printed tls:// address; plain TCP, an unlisted host and listening
/// beyond loopback without TLS are refused with one line each.
/// </summary>
[TestClass]
public sealed class CimctlTlsTests
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public void TlsInitCredentialsServeAndAdmitTheHost()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cimctl-tls-init-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            (int exit, string stdout, string stderr) = CimctlProcess.Run("tls", "init", "--out", dir, "--board-name", "lab-board", "--host-name", "lab-pc", "--json");
            Assert.AreEqual(0, exit, stderr);
            string boardFingerprint, hostFingerprint, hostPfx;
            using (JsonDocument doc = JsonDocument.Parse(stdout))
            {
                boardFingerprint = doc.RootElement.GetProperty("board").GetProperty("sha256").GetString()!;
                hostFingerprint = doc.RootElement.GetProperty("host").GetProperty("sha256").GetString()!;
                hostPfx = doc.RootElement.GetProperty("host").GetProperty("pfx").GetString()!;
                StringAssert.Contains(doc.RootElement.GetProperty("boardAddress").GetString(), "fingerprint=" + boardFingerprint + "&cert=" + hostPfx);
            }
            foreach (string name in new[] { "board.pfx", "board.key", "lab-pc.pfx" })
                if (!OperatingSystem.IsWindows()) Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, name)), name + " is readable by its owner only");
            StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "hosts.txt")), hostFingerprint + " lab-pc");
            StringAssert.StartsWith(File.ReadAllText(Path.Combine(dir, "hosts.pem")), "-----BEGIN CERTIFICATE-----");
            StringAssert.StartsWith(File.ReadAllText(Path.Combine(dir, "board.key")), "-----BEGIN PRIVATE KEY-----");
            (exit, stdout, stderr) = CimctlProcess.Run("tls", "fingerprint", Path.Combine(dir, "board.crt"));
            Assert.AreEqual(0, exit, stderr);
            StringAssert.StartsWith(stdout, boardFingerprint + "  CN=lab-board");

            (exit, _, stderr) = CimctlProcess.Run("tls", "init", "--out", dir);
            Assert.AreEqual(2, exit, "init never overwrites credentials");
            StringAssert.Contains(stderr, "exists already");

            using Process server = StartEmulate(out int port, "--listen", "127.0.0.1:0", "--tls-cert", Path.Combine(dir, "board.pfx"), "--tls-clients", Path.Combine(dir, "hosts.txt"));
            try
            {
                string board = "tls://127.0.0.1:" + port + "?fingerprint=" + boardFingerprint + "&cert=" + hostPfx;
                (exit, stdout, stderr) = CimctlProcess.Run("--board", board, "info", "--json");
                Assert.AreEqual(0, exit, stderr);
                using (JsonDocument info = JsonDocument.Parse(stdout))
                    Assert.AreEqual(4, info.RootElement.GetProperty("info").GetProperty("tiles").GetInt32());

                (exit, _, stderr) = CimctlProcess.Run("--board", "tcp://127.0.0.1:" + port, "info");
                Assert.AreEqual(1, exit);
                StringAssert.Contains(stderr, "serves TLS sessions only");

                (exit, _, stderr) = CimctlProcess.Run("--board", "tls://127.0.0.1:" + port + "?fingerprint=" + new string('0', 64) + "&cert=" + hostPfx, "info");
                Assert.AreEqual(1, exit);
                StringAssert.Contains(stderr, "which is not the pinned " + new string('0', 64));

                // A host added after the board started is not admitted until the board reads hosts.txt again (a restart).
                (exit, stdout, stderr) = CimctlProcess.Run("tls", "host", "--out", dir, "--name", "second-pc");
                Assert.AreEqual(0, exit, stderr);
                StringAssert.Contains(stdout, "fingerprint=" + boardFingerprint);
                (exit, _, stderr) = CimctlProcess.Run("--board", "tls://127.0.0.1:" + port + "?fingerprint=" + boardFingerprint + "&cert=" + Path.Combine(dir, "second-pc.pfx"), "info");
                Assert.AreEqual(1, exit);
                StringAssert.Contains(stderr, "did not admit this host's certificate");
                Assert.AreEqual(2, File.ReadAllLines(Path.Combine(dir, "hosts.txt")).Length - 2, "hosts.txt lists both hosts under its two comment lines");
            }
            finally
            {
                CimctlProcess.Stop(server, StopWait);
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void EmulateBeyondLoopbackNeedsTlsOrAnExplicitInsecure()
    {
        (int exit, _, string stderr) = CimctlProcess.Run("emulate", "--listen", "0.0.0.0:0");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(stderr, "reaches beyond this machine");
        StringAssert.Contains(stderr, "--insecure");

        using Process server = StartEmulate(out int port, "--listen", "0.0.0.0:0", "--insecure");
        try
        {
            Assert.IsTrue(port > 0);
            (exit, _, stderr) = CimctlProcess.Run("--board", "tcp://127.0.0.1:" + port, "info");
            Assert.AreEqual(0, exit, stderr);
        }
        finally
        {
            CimctlProcess.Stop(server, StopWait);
        }
        string serverErr = server.StandardError.ReadToEnd();
        StringAssert.Contains(serverErr, "WARNING: --insecure: serving plain TCP on 0.0.0.0:0 without TLS or host authentication");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void BenchTlsTimesVmmOverBothTransports()
    {
        // The default --batches (1,16,256): a call of 256 vectors is accepted as bench vmm accepts it.
        (int exit, string stdout, string stderr) = CimctlProcess.Run("bench", "tls", "--seconds", "0.05", "--rounds", "1", "--connects", "2", "--json");
        Assert.AreEqual(0, exit, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        StringAssert.StartsWith(doc.RootElement.GetProperty("tls").GetString(), "Tls1");
        Assert.IsTrue(doc.RootElement.GetProperty("tlsConnectMs").GetDouble() > 0);
        JsonElement rows = doc.RootElement.GetProperty("vmm");
        CollectionAssert.AreEqual(new[] { 1, 16, 256 }, rows.EnumerateArray().Select(r => r.GetProperty("vectorsPerCall").GetInt32()).ToArray());
        foreach (JsonElement row in rows.EnumerateArray())
        {
            Assert.IsTrue(row.GetProperty("plainRoundTripsPerSecond").GetDouble() > 0);
            Assert.IsTrue(row.GetProperty("tlsRoundTripsPerSecond").GetDouble() > 0);
            Assert.IsTrue(row.GetProperty("tlsCpuMicrosecondsPerRoundTrip").GetDouble() > 0);
        }
        (exit, _, stderr) = CimctlProcess.Run("bench", "tls", "--rounds", "0");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(stderr, "--rounds 0 is not valid; give 1..99");
    }

    /// <summary>Starts <c>cimctl emulate ARGS</c> and reads the port from its first line (<c>listening on IP:PORT</c>).</summary>
    private static Process StartEmulate(out int port, params string[] args)
    {
        Process server = Process.Start(CimctlProcess.StartInfo(new[] { "emulate" }.Concat(args)))!;
        server.StandardInput.Close();
        Task<string?> first = server.StandardOutput.ReadLineAsync();
        if (!first.Wait(TimeSpan.FromSeconds(60)))
        {
            CimctlProcess.Stop(server, StopWait);
            Assert.Fail("cimctl emulate printed no line within 60 s");
        }
        string line = first.Result ?? "";
        Console.WriteLine("server: " + line);
        StringAssert.StartsWith(line, "listening on ");
        port = int.Parse(line.Substring(line.LastIndexOf(':') + 1));
        return server;
    }
}

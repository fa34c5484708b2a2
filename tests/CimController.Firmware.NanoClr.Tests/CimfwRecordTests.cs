using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using CimController.Host;
using CimController.Host.Transports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary><c>cimfw --record FILE</c>: a desktop session over TCP, stopped with SIGTERM, replays on desktop .NET and on the nanoCLR.</summary>
[TestClass]
public sealed class CimfwRecordTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [TestMethod]
    public void ARecordedCimfwSessionReplaysOnTheDesktopAndOnTheNanoClr()
    {
        string file = Path.Combine(Path.GetTempPath(), "cimfw-record-" + Guid.NewGuid().ToString("N")[..8] + ".cimt");
        using Process cimfw = Start("--listen", "127.0.0.1:0", "--record", file, "--seed", "3");
        try
        {
            string? line;
            int port = 0;
            var deadline = DateTime.UtcNow + Limit;
            while (port == 0 && DateTime.UtcNow < deadline && (line = cimfw.StandardOutput.ReadLine()) != null)
            {
                Match m = Regex.Match(line, @"^listening on .*:(\d+)$");
                if (m.Success) port = int.Parse(m.Groups[1].Value);
            }
            Assert.AreNotEqual(0, port, "cimfw did not print 'listening on HOST:PORT'");
            using (var client = new CimClient(new TcpTransport("127.0.0.1", port), new CimClientOptions { TimeoutMs = 20_000 }))
            {
                client.Connect();
                client.Vmm(0, 0, 64, 0, 16, Scenarios.Bytes(64 * 4, 303), 4, differential: true);
                client.ReadConductance(1, 0, 2, 0, 2);
                client.Stats();
            }
            // a graceful stop while no host is connected, as an operator would end the runner
            Process.Start("kill", new[] { "-TERM", cimfw.Id.ToString() })!.WaitForExit();
            Assert.IsTrue(cimfw.WaitForExit((int)Limit.TotalMilliseconds), "cimfw did not stop on SIGTERM");
            string rest = cimfw.StandardOutput.ReadToEnd();
            Assert.AreEqual(0, cimfw.ExitCode, rest + cimfw.StandardError.ReadToEnd());
            StringAssert.Contains(rest, "session recorded in " + file);
        }
        finally
        {
            if (!cimfw.HasExited) cimfw.Kill(entireProcessTree: true);
        }
        byte[] transcript = File.ReadAllBytes(file);
        File.Delete(file);
        Console.WriteLine($"cimfw recorded {transcript.Length:N0} bytes");
        ReplayOutcome desktop = DesktopReplay.Run(transcript);
        Assert.IsTrue(desktop.Passed, desktop.Failure);
        Assert.IsTrue(desktop.Stats.ContainsKey(Protocol.MessageType.VmmResult));
        NanoClrKit kit = NanoClrKit.Require();
        NfReplayApp.Run run = NfReplayApp.Replay(kit, new[] { transcript }, TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, run.ExitStatus, run.Describe());
        Assert.IsTrue(run.Outcomes.Single().Passed, run.Outcomes.Single().Failure);
    }

    [TestMethod]
    public void RecordingIntoAnExistingFileIsRefusedBeforeServing()
    {
        string file = Path.GetTempFileName();
        try
        {
            using Process cimfw = Start("--listen", "127.0.0.1:0", "--record", file);
            Assert.IsTrue(cimfw.WaitForExit((int)Limit.TotalMilliseconds));
            string err = cimfw.StandardError.ReadToEnd();
            Assert.AreEqual(2, cimfw.ExitCode, err);
            StringAssert.Contains(err, "--record " + file);
            StringAssert.Contains(err, "must not exist yet");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Process Start(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "cimfw.dll");
        Assert.IsTrue(File.Exists(dll), "cimfw.dll is not next to the tests: the project references the runner so it is built and copied");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (string a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using CimController.Firmware.Transcripts;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The nanoFramework replay application (tests/CimController.Firmware.NfReplay) on the nanoCLR: built once per test run
/// against the kit's nanoFramework libraries, run with the kit's run-nf.sh, fed a transcript stream over its COM1 (a
/// Unix socket: the app asks for each block, this side answers), and its RESULT/STAT/FAIL lines parsed.
/// </summary>
public static class NfReplayApp
{
    /// <summary>The nanoFramework libraries the app loads besides mscorlib (System.IO.Ports and what it needs; Runtime.Native for GC.Run).</summary>
    public static readonly string[] Libraries =
        { "System.IO.Ports", "System.IO.Streams", "nanoFramework.System.Text", "nanoFramework.Runtime.Events", "nanoFramework.Runtime.Native" };

    private static readonly object BuildGate = new();
    private static string? _built;

    /// <summary>Builds the app (once) and returns the folder holding its dll and the firmware's nanoFramework dll.</summary>
    public static string Build(NanoClrKit kit)
    {
        lock (BuildGate)
        {
            if (_built != null) return _built;
            string output = Path.Combine(Path.GetTempPath(), "cim-nfreplay-" + Guid.NewGuid().ToString("N")[..8]);
            string project = Path.Combine(RepoPaths.Root, "tests", "CimController.Firmware.NfReplay", "CimController.Firmware.NfReplay.csproj");
            var (rc, text) = ChildProcess.Run("dotnet", new[] { "build", project, "-c", "Release", "-nologo", "-p:NfLibs=" + kit.NfLibsDir, "-o", output },
                TimeSpan.FromMinutes(5));
            if (rc != 0) throw new InvalidOperationException($"building the nanoFramework replay app failed (exit {rc}):\n{text}");
            _built = output;
            return output;
        }
    }

    /// <summary>Result of one nanoCLR run.</summary>
    public sealed record Run(int ExitStatus, string ExitReason, string Output, string Errors, IReadOnlyList<ReplayOutcome> Outcomes, int? Done, TimeSpan Wall)
    {
        /// <summary>What to show when the run went wrong: the exit status, the CLR's own words and the end of its output.</summary>
        public string Describe() =>
            $"nanoCLR run ended with exit status {ExitStatus} ({ExitReason}) after {Wall.TotalSeconds:F1} s; stdout tail:\n{Tail(Output)}\nstderr tail:\n{Tail(Errors)}";

        private static string Tail(string s) => s.Length <= 4000 ? s : "..." + s[^4000..];
    }

    /// <summary>Frames <paramref name="transcripts"/> into one stream and replays it on the nanoCLR.</summary>
    public static Run Replay(NanoClrKit kit, IReadOnlyList<byte[]> transcripts, TimeSpan timeout)
    {
        var stream = new MemoryStream();
        var sink = new StreamSink(stream);
        foreach (byte[] t in transcripts) TranscriptStream.WriteTranscript(sink, t, t.Length);
        TranscriptStream.WriteEnd(sink);
        return ReplayStream(kit, stream.ToArray(), timeout);
    }

    /// <summary>Runs the app on the nanoCLR with <paramref name="stream"/> served over its COM1; bounded by <paramref name="timeout"/>.</summary>
    public static Run ReplayStream(NanoClrKit kit, byte[] stream, TimeSpan timeout)
    {
        string app = Build(kit);
        string socketPath = Path.Combine("/tmp", "cimreplay-" + Guid.NewGuid().ToString("N")[..10] + ".sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        using var stop = new CancellationTokenSource();
        var server = new Thread(() => Serve(listener, stream, stop.Token)) { IsBackground = true, Name = "replay stream" };
        server.Start();
        try
        {
            var args = new List<string> { kit.RunNf, "-t", ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                Path.Combine(app, "CimController.Firmware.NfReplay.dll"), Path.Combine(app, "CimController.Firmware.Nf.dll") };
            args.AddRange(Libraries.Select(l => kit.Library(l, ".pe")));
            var sw = Stopwatch.StartNew();
            var (rc, stdout, stderr) = ChildProcess.RunSplit("bash", args, timeout + TimeSpan.FromSeconds(30),
                new Dictionary<string, string> { ["NANOCLR_COM1_SOCKET"] = socketPath });
            sw.Stop();
            string reason = stderr.Split('\n').LastOrDefault(l => l.StartsWith("[run-nf] exit status", StringComparison.Ordinal)) ?? "(no exit line from run-nf.sh)";
            return Parse(rc, reason, stdout, stderr, sw.Elapsed);
        }
        finally
        {
            stop.Cancel();
            listener.Close();
            server.Join(TimeSpan.FromSeconds(5));
            File.Delete(socketPath);
        }
    }

    /// <summary>Answers each block request ('R', u32 count) with exactly count bytes of the stream (zeros past its end).</summary>
    private static void Serve(Socket listener, byte[] stream, CancellationToken stop)
    {
        Socket client;
        try
        {
            client = listener.Accept();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return;
        }
        using (client)
        {
            var request = new byte[5];
            int next = 0;
            while (!stop.IsCancellationRequested)
            {
                int got = 0;
                while (got < request.Length)
                {
                    int n;
                    try
                    {
                        n = client.Receive(request, got, request.Length - got, SocketFlags.None);
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        return;
                    }
                    if (n <= 0) return;
                    got += n;
                }
                if (request[0] != (byte)'R') return;
                int count = BitConverter.ToInt32(request, 1);
                var block = new byte[count];
                int available = Math.Max(0, Math.Min(count, stream.Length - next));
                Array.Copy(stream, next, block, 0, available);
                next += available;
                try
                {
                    client.Send(block);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        }
    }

    private static Run Parse(int rc, string reason, string stdout, string stderr, TimeSpan wall)
    {
        var stats = new Dictionary<int, Dictionary<int, CommandStat>>();
        var failures = new Dictionary<int, string>();
        var outcomes = new List<ReplayOutcome>();
        int? done = null;
        foreach (string raw in stdout.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("STAT ", StringComparison.Ordinal))
            {
                long[] v = line[5..].Split(' ').Select(long.Parse).ToArray();
                int index = (int)v[0];
                if (!stats.TryGetValue(index, out var byType)) stats[index] = byType = new Dictionary<int, CommandStat>();
                byType[(int)v[1]] = new CommandStat((int)v[2], v[3], v[4], v[5]);
            }
            else if (line.StartsWith("FAIL ", StringComparison.Ordinal))
            {
                int space = line.IndexOf(' ', 5);
                failures[int.Parse(line[5..space], CultureInfo.InvariantCulture)] = line[(space + 1)..];
            }
            else if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                int index = int.Parse(parts[1], CultureInfo.InvariantCulture);
                var fields = parts.Skip(3).Select(p => p.Split('=')).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));
                long F(string k) => fields.TryGetValue(k, out long x) ? x : -1;
                outcomes.Add(new ReplayOutcome(index, parts[2] == "PASS", failures.GetValueOrDefault(index, ""), F("events"), F("spi"), F("out"), F("buildTicks"),
                    F("serveTicks"), F("overheadTicks"), F("heapBuilt"), F("heapEnd"), stats.GetValueOrDefault(index) ?? new Dictionary<int, CommandStat>()));
            }
            else if (line.StartsWith("DONE ", StringComparison.Ordinal))
            {
                done = int.Parse(line[5..], CultureInfo.InvariantCulture);
            }
        }
        return new Run(rc, reason, stdout, stderr, outcomes, done, wall);
    }

    private sealed class StreamSink(Stream s) : IByteSink
    {
        public void Write(byte[] buffer, int offset, int count) => s.Write(buffer, offset, count);
    }
}

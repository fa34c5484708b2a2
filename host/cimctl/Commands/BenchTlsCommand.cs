using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using CimController.Benchmarks;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Tls;
using CimController.Host;
using CimController.Host.Transports;
using CimController.Links.Tls;
using CimController.LocalBoard;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl bench tls</c>: what TLS costs on the link. The emulated board is served twice on loopback, plain TCP and
    /// TLS (fresh ECDSA P-256 credentials made in memory, the host admitted by certificate, the board pinned), and the same
    /// Vmm calls are timed over both (<see cref="VmmRoundTripBenchmark"/>), alternating plain and TLS for several rounds and
    /// keeping each one's median (a busy machine slows whichever runs at the time), with the process's CPU time per round
    /// trip beside the wall-clock rates (host and board run in this process, so it is both ends' work, and other load on
    /// the machine barely moves it), plus the time to connect and exchange Hello/Info (the TLS handshake included),
    /// median of several connections.
    /// </summary>
    public static class BenchTlsCommand
    {
        private const int Rows = 64;
        private const int Cols = 64;

        /// <summary>Builds <c>bench tls</c>.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var seconds = new Option<double>("--seconds") { Description = "Seconds timed per measurement", DefaultValueFactory = _ => 1.0 };
            var batches = new Option<string>("--batches") { Description = "Vectors per Vmm call, comma-separated", DefaultValueFactory = _ => "1,16,256" };
            var connects = new Option<int>("--connects") { Description = "Connections timed (connect + Hello/Info) per transport", DefaultValueFactory = _ => 20 };
            var rounds = new Option<int>("--rounds") { Description = "Alternating plain/TLS measurements per batch size; the median is reported", DefaultValueFactory = _ => 3 };
            var command = new Command("tls", "Vmm round trips/s and vectors/s over TLS beside plain TCP on loopback, and the cost of connecting");
            command.Options.Add(seconds);
            command.Options.Add(batches);
            command.Options.Add(connects);
            command.Options.Add(rounds);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                double s = parse.GetValue(seconds);
                if (!(s > 0) || s > 60)
                {
                    throw new UsageException("--seconds " + s.ToString(CultureInfo.InvariantCulture) + " is not valid; give a number in (0, 60]");
                }
                int n = parse.GetValue(connects);
                if (n < 1 || n > 1000)
                {
                    throw new UsageException("--connects " + n + " is not valid; give 1..1000");
                }
                int r = parse.GetValue(rounds);
                if (r < 1 || r > 99)
                {
                    throw new UsageException("--rounds " + r + " is not valid; give 1..99");
                }
                int[] sizes = OptionParsing.Integers("--batches", parse.GetValue(batches), 1, 65535);
                Run(g, s, sizes, n, r);
                return ExitCodes.Ok;
            });
            return command;
        }

        private sealed record Row(int VectorsPerCall, VmmRoundTripResult Plain, VmmRoundTripResult Tls, double PlainCpuMicros, double TlsCpuMicros);

        private static void Run(GlobalSettings g, double seconds, int[] sizes, int connects, int rounds)
        {
            var rows = new List<Row>();
            double plainConnectMs = 0;
            double tlsConnectMs = 0;
            string protocol = "";
            using X509Certificate2 boardCert = TlsCertificateFactory.CreateBoard("bench-board");
            using X509Certificate2 hostCert = TlsCertificateFactory.CreateHost("bench-host");
            using var credentials = new TlsServerCredentials(boardCert,
                HostAllowList.Parse(HostAllowList.Line(CertificateFingerprint.Of(hostCert), "bench-host"), "bench credentials"));
            var options = new CimClientOptions { TimeoutMs = g.TimeoutMs, ClientName = "cimctl bench tls" };
            var loopback = new IPEndPoint(IPAddress.Loopback, 0);
            int steps = 2 * rounds * sizes.Length + 2;
            ProgressDisplay.Run(g.Interactive, "bench tls", progress =>
            {
                int done = 0;
                void Step() => progress?.Report(new CimProgress("bench", ++done, steps));
                using EmulatorTcpServer plainServer = EmulatorTcpServer.Start(g.Emulator(), loopback);
                using EmulatorTcpServer tlsServer = EmulatorTcpServer.Start(g.Emulator(), loopback, policy: new TcpLinkPolicy { Tls = credentials });
                ITransport Plain() => new TcpTransport("127.0.0.1", plainServer.LocalEndPoint.Port, g.TimeoutMs);
                ITransport Tls() => new TcpTransport("127.0.0.1", tlsServer.LocalEndPoint.Port, g.TimeoutMs,
                    new TlsClientCredentials(X509CertificateLoader.LoadPkcs12(hostCert.Export(X509ContentType.Pkcs12), null), credentials.Fingerprint));
                plainConnectMs = MedianConnectMs(Plain, options, connects);
                Step();
                tlsConnectMs = MedianConnectMs(Tls, options, connects);
                Step();
                using var plain = new CimClient(Plain(), options);
                plain.Connect();
                var tlsTransport = (TcpTransport)Tls();
                using var tls = new CimClient(tlsTransport, options);
                tls.Connect();
                protocol = tlsTransport.TlsProtocol ?? "";
                foreach (int n in sizes)
                {
                    var p = new VmmRoundTripResult[rounds];
                    var t = new VmmRoundTripResult[rounds];
                    var pCpu = new double[rounds];
                    var tCpu = new double[rounds];
                    for (int k = 0; k < rounds; k++)
                    {
                        (p[k], pCpu[k]) = Measure(plain, n, seconds, g.Seed, "tcp loopback");
                        Step();
                        (t[k], tCpu[k]) = Measure(tls, n, seconds, g.Seed, "tls loopback");
                        Step();
                    }
                    rows.Add(new Row(n, Median(p), Median(t), Median(pCpu), Median(tCpu)));
                }
                return true;
            });
            if (g.Json)
            {
                var array = new JsonArray();
                foreach (Row r in rows)
                {
                    array.Add(new JsonObject
                    {
                        ["vectorsPerCall"] = r.VectorsPerCall,
                        ["plainRoundTripsPerSecond"] = r.Plain.RoundTripsPerSecond,
                        ["tlsRoundTripsPerSecond"] = r.Tls.RoundTripsPerSecond,
                        ["plainVectorsPerSecond"] = r.Plain.VectorsPerSecond,
                        ["tlsVectorsPerSecond"] = r.Tls.VectorsPerSecond,
                        ["tlsOverPlain"] = r.Tls.RoundTripsPerSecond / r.Plain.RoundTripsPerSecond,
                        ["plainCpuMicrosecondsPerRoundTrip"] = r.PlainCpuMicros,
                        ["tlsCpuMicrosecondsPerRoundTrip"] = r.TlsCpuMicros,
                    });
                }
                JsonOutput.Write(new JsonObject
                {
                    ["profile"] = g.Profile,
                    ["seed"] = g.Seed,
                    ["window"] = Rows + "x" + Cols,
                    ["secondsPerMeasurement"] = seconds,
                    ["rounds"] = rounds,
                    ["tls"] = protocol,
                    ["connects"] = connects,
                    ["plainConnectMs"] = plainConnectMs,
                    ["tlsConnectMs"] = tlsConnectMs,
                    ["vmm"] = array,
                });
                return;
            }
            AnsiConsole.MarkupLine("[grey]profile[/] " + Markup.Escape(g.Profile) + "  [grey]seed[/] " + g.Seed + "  [grey]window[/] " + Rows + "x" + Cols +
                "  [grey]timed[/] " + BoardReport.Num(seconds) + " s, median of " + rounds + " alternating rounds  [grey]TLS[/] " + Markup.Escape(protocol) + ", ECDSA P-256 certificates, loopback");
            var table = new Table().Title("Vmm over plain TCP and TLS").AddColumn(new TableColumn("vec/call").RightAligned())
                .AddColumn(new TableColumn("tcp trips/s").RightAligned()).AddColumn(new TableColumn("tls trips/s").RightAligned())
                .AddColumn(new TableColumn("tls/tcp").RightAligned()).AddColumn(new TableColumn("tcp vec/s").RightAligned())
                .AddColumn(new TableColumn("tls vec/s").RightAligned()).AddColumn(new TableColumn("tcp CPU us/trip").RightAligned())
                .AddColumn(new TableColumn("tls CPU us/trip").RightAligned());
            foreach (Row r in rows)
            {
                table.AddRow(r.VectorsPerCall.ToString(CultureInfo.InvariantCulture), BoardReport.Num(r.Plain.RoundTripsPerSecond, "0"),
                    BoardReport.Num(r.Tls.RoundTripsPerSecond, "0"), BoardReport.Num(r.Tls.RoundTripsPerSecond / r.Plain.RoundTripsPerSecond, "0.00"),
                    BoardReport.Num(r.Plain.VectorsPerSecond, "0"), BoardReport.Num(r.Tls.VectorsPerSecond, "0"),
                    BoardReport.Num(r.PlainCpuMicros, "0.0"), BoardReport.Num(r.TlsCpuMicros, "0.0"));
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("[grey]connect + Hello/Info, median of " + connects + ":[/] tcp " + BoardReport.Num(plainConnectMs, "0.00") + " ms, tls " +
                BoardReport.Num(tlsConnectMs, "0.00") + " ms (handshake with client certificate included)");
        }

        /// <summary>
        /// One <see cref="VmmRoundTripBenchmark"/> measurement and the process CPU time per round trip during it. The
        /// measurement starts with a warm-up its count leaves out, so the CPU time is scaled to the timed share of the wall time.
        /// </summary>
        private static (VmmRoundTripResult Result, double CpuMicrosPerTrip) Measure(CimClient client, int vectors, double seconds, int seed, string label)
        {
            TimeSpan cpu0 = Environment.CpuUsage.TotalTime;
            long start = Stopwatch.GetTimestamp();
            VmmRoundTripResult result = VmmRoundTripBenchmark.Measure(client, Rows, Cols, vectors, seconds, seed, label);
            double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double cpu = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds * result.Seconds / wall;
            return (result, cpu * 1e6 / result.RoundTrips);
        }

        private static double Median(double[] values)
        {
            var sorted = (double[])values.Clone();
            Array.Sort(sorted);
            return sorted[sorted.Length / 2];
        }

        /// <summary>The measurement with the median round trips per second.</summary>
        private static VmmRoundTripResult Median(VmmRoundTripResult[] results)
        {
            var sorted = (VmmRoundTripResult[])results.Clone();
            Array.Sort(sorted, (a, b) => a.RoundTripsPerSecond.CompareTo(b.RoundTripsPerSecond));
            return sorted[sorted.Length / 2];
        }

        /// <summary>Median wall time of <paramref name="count"/> fresh connections: dial, (handshake,) Hello/Info, close.</summary>
        private static double MedianConnectMs(Func<ITransport> transport, CimClientOptions options, int count)
        {
            var times = new double[count];
            for (int i = 0; i < count; i++)
            {
                ITransport link = transport();
                var sw = Stopwatch.StartNew();
                using (var client = new CimClient(link, options))
                {
                    client.Connect();
                    times[i] = sw.Elapsed.TotalMilliseconds;
                }
            }
            Array.Sort(times);
            return count % 2 == 1 ? times[count / 2] : (times[count / 2 - 1] + times[count / 2]) / 2;
        }
    }
}

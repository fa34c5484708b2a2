using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using CimController.Benchmarks;
using CimController.Emulator;
using CimController.Host;
using CimController.LocalBoard;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl bench vmm</c>: Vmm round trips per second and protocol bytes per useful byte over the
    /// in-process link and loopback TCP for a range of batch sizes, and the emulator's own tile
    /// operations per second for 64x64 and 256x64 tiles (<see cref="EmulatorBenchmark"/>).
    /// </summary>
    public static class BenchCommand
    {
        private const int Rows = 64;
        private const int Cols = 64;

        /// <summary>Builds <c>bench</c> with its <c>vmm</c> subcommand.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var seconds = new Option<double>("--seconds") { Description = "Seconds timed per measurement", DefaultValueFactory = _ => 0.5 };
            var batches = new Option<string>("--batches") { Description = "Vectors per Vmm call, comma-separated", DefaultValueFactory = _ => "1,4,16,64,256,1024" };
            var vmm = new Command("vmm", "Vmm round trips/s and protocol overhead (in-process and TCP), emulator tile ops/s");
            vmm.Options.Add(seconds);
            vmm.Options.Add(batches);
            vmm.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                double s = parse.GetValue(seconds);
                if (!(s > 0) || s > 60)
                {
                    throw new UsageException("--seconds " + s.ToString(CultureInfo.InvariantCulture) + " is not valid; give a number in (0, 60]");
                }
                int[] sizes = OptionParsing.Integers("--batches", parse.GetValue(batches), 1, 65535);
                Run(g, s, sizes);
                return ExitCodes.Ok;
            });
            var bench = new Command("bench", "Benchmarks");
            bench.Subcommands.Add(vmm);
            bench.Subcommands.Add(BenchTrainForwardCommand.Create(globals));
            bench.Subcommands.Add(BenchTlsCommand.Create(globals));
            return bench;
        }

        private static void Run(GlobalSettings g, double seconds, int[] sizes)
        {
            var roundTrips = new List<VmmRoundTripResult>();
            var tileOps = new List<(string Tile, int Threads, EmulatorBenchmarkResult Result)>();
            int steps = 2 * sizes.Length + 4;
            ProgressDisplay.Run(g.Interactive, "bench vmm", progress =>
            {
                int done = 0;
                void Step() => progress?.Report(new CimProgress("bench", ++done, steps));
                var options = new CimClientOptions { TimeoutMs = g.TimeoutMs, ClientName = "cimctl bench" };
                using (CimClient client = BoardConnector.Connect(BoardAddress.Emulator, options, g.Emulator()))
                {
                    foreach (int n in sizes)
                    {
                        roundTrips.Add(VmmRoundTripBenchmark.Measure(client, Rows, Cols, n, seconds, g.Seed, "in-process"));
                        Step();
                    }
                }
                using (EmulatorTcpServer server = EmulatorTcpServer.Start(g.Emulator(), new IPEndPoint(IPAddress.Loopback, 0)))
                using (CimClient client = BoardConnector.Connect(server.Address, options))
                {
                    foreach (int n in sizes)
                    {
                        roundTrips.Add(VmmRoundTripBenchmark.Measure(client, Rows, Cols, n, seconds, g.Seed, "tcp loopback"));
                        Step();
                    }
                }
                foreach (int threads in new[] { 1, Environment.ProcessorCount })
                {
                    tileOps.Add(("64x64", threads, EmulatorBenchmark.Run(64, 64, 256, seconds, true, g.Seed, g.Profile, threads)));
                    Step();
                    tileOps.Add(("256x64", threads, EmulatorBenchmark.Run(256, 64, 64, seconds, true, g.Seed, g.Profile, threads)));
                    Step();
                }
                return true;
            });
            if (g.Json)
            {
                JsonOutput.Write(Json(g, seconds, roundTrips, tileOps));
            }
            else
            {
                Print(g, seconds, roundTrips, tileOps);
            }
        }

        private static JsonObject Json(GlobalSettings g, double seconds, List<VmmRoundTripResult> roundTrips, List<(string Tile, int Threads, EmulatorBenchmarkResult Result)> tileOps)
        {
            var trips = new JsonArray();
            foreach (VmmRoundTripResult r in roundTrips)
            {
                trips.Add(new JsonObject
                {
                    ["transport"] = r.Transport,
                    ["vectorsPerCall"] = r.VectorsPerCall,
                    ["usefulBytesPerCall"] = r.UsefulBytesPerCall,
                    ["roundTrips"] = r.RoundTrips,
                    ["seconds"] = r.Seconds,
                    ["roundTripsPerSecond"] = r.RoundTripsPerSecond,
                    ["vectorsPerSecond"] = r.VectorsPerSecond,
                    ["protocolBytes"] = r.ProtocolBytes,
                    ["usefulBytes"] = r.UsefulBytes,
                    ["bytesPerUsefulByte"] = r.BytesPerUsefulByte,
                });
            }
            var ops = new JsonArray();
            foreach ((string tile, int threads, EmulatorBenchmarkResult r) in tileOps)
            {
                ops.Add(new JsonObject
                {
                    ["tile"] = tile,
                    ["threads"] = threads,
                    ["tileOpsPerSecond"] = r.TileOpsPerSecond,
                    ["tileOps"] = r.TileOps,
                    ["seconds"] = r.Seconds,
                    ["chipCycles"] = r.ChipCycles,
                    ["energyPicojoules"] = r.EnergyPicojoules,
                });
            }
            return new JsonObject
            {
                ["profile"] = g.Profile,
                ["seed"] = g.Seed,
                ["window"] = Rows + "x" + Cols,
                ["secondsPerMeasurement"] = seconds,
                ["vmm"] = trips,
                ["emulatorTileOps"] = ops,
            };
        }

        private static void Print(GlobalSettings g, double seconds, List<VmmRoundTripResult> roundTrips, List<(string Tile, int Threads, EmulatorBenchmarkResult Result)> tileOps)
        {
            AnsiConsole.MarkupLine("[grey]profile[/] " + Markup.Escape(g.Profile) + "  [grey]seed[/] " + g.Seed + "  [grey]window[/] " + Rows + "x" + Cols
                + "  [grey]timed[/] " + BoardReport.Num(seconds) + " s per row");
            var table = new Table().Title("Vmm round trips (wire/useful = protocol bytes per input+output code byte)").AddColumn("transport")
                .AddColumn(new TableColumn("vec/call").RightAligned()).AddColumn(new TableColumn("useful B").RightAligned())
                .AddColumn(new TableColumn("trips/s").RightAligned()).AddColumn(new TableColumn("vec/s").RightAligned())
                .AddColumn(new TableColumn("wire/useful").RightAligned());
            foreach (VmmRoundTripResult r in roundTrips)
            {
                table.AddRow(Markup.Escape(r.Transport), r.VectorsPerCall.ToString(CultureInfo.InvariantCulture), r.UsefulBytesPerCall.ToString(CultureInfo.InvariantCulture),
                    BoardReport.Num(r.RoundTripsPerSecond, "0"), BoardReport.Num(r.VectorsPerSecond, "0"), BoardReport.Num(r.BytesPerUsefulByte, "0.000"));
            }
            AnsiConsole.Write(table);
            var ops = new Table().Title("Emulator MAC through SPI (EmulatorBenchmark)").AddColumn("tile").AddColumn(new TableColumn("MAC threads").RightAligned()).AddColumn(new TableColumn("tile ops/s").RightAligned())
                .AddColumn(new TableColumn("chip cycles/op").RightAligned()).AddColumn(new TableColumn("nJ/op").RightAligned());
            foreach ((string tile, int threads, EmulatorBenchmarkResult r) in tileOps)
            {
                ops.AddRow(tile, threads.ToString(CultureInfo.InvariantCulture), BoardReport.Num(r.TileOpsPerSecond, "0"), BoardReport.Num(r.ChipCycles / (double)r.TileOps, "0.0"),
                    BoardReport.Num(r.EnergyPicojoules / 1000.0 / r.TileOps, "0.00"));
            }
            AnsiConsole.Write(ops);
            VmmRoundTripResult[] big = roundTrips.Where(r => r.UsefulBytesPerCall >= 1024).ToArray();
            if (big.Length > 0)
            {
                AnsiConsole.MarkupLine("[grey]wire bytes per useful byte for calls of ≥ 1 KB:[/] " + BoardReport.Num(big.Max(r => r.BytesPerUsefulByte), "0.000") + " at most");
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Benchmarks;
using CimController.LocalBoard;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl bench train-forward</c>: the chip forward pass of a training batch (Wu 2023 LeNet, batches of 64) through
    /// host, firmware core and emulator in process, timed by stage (<see cref="TrainForwardBenchmark"/>), with the projected
    /// time of an epoch's chip forward passes.
    /// </summary>
    public static class BenchTrainForwardCommand
    {
        /// <summary>Builds the <c>train-forward</c> subcommand.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var batches = new Option<int>("--batches") { Description = "Batches timed per repeat", DefaultValueFactory = _ => 20 };
            var repeats = new Option<int>("--repeats") { Description = "Timed repeats (the machine's load is printed with each)", DefaultValueFactory = _ => 3 };
            var batch = new Option<int>("--batch") { Description = "Images per batch (Wu 2023: 64)", DefaultValueFactory = _ => 64 };
            var perEpoch = new Option<int>("--batches-per-epoch") { Description = "Batches per epoch for the projection (Wu 2023: 400)", DefaultValueFactory = _ => 400 };
            var macThreads = new Option<int>("--mac-threads") { Description = "Emulator MAC threads (1 = the firmware's thread only, 2 = with the MAC helper thread, 0 = 2 on two or more cores)", DefaultValueFactory = _ => 2 };
            var maxPayload = new Option<int>("--max-payload") { Description = "Largest frame payload, bytes (64..65535)", DefaultValueFactory = _ => 65535 };
            var zeros = new Option<double>("--zero-fraction") { Description = "Fraction of the synthetic activations that are exactly 0", DefaultValueFactory = _ => 0.5 };
            var onFirmware = new Option<bool>("--differential-on-firmware") { Description = "Let the firmware send the differential codes (Vmm Differential flag) instead of the host computing them" };
            var rowByRow = new Option<bool>("--row-by-row-quantise") { Description = "Quantise with the chip session's row-by-row loop instead of DacCodes.Quantise (tiled)" };
            var conversions = new Option<string>("--conversions") { Description = "Conversions per vector (1..128) per crossbar layer, the last repeated (training's default 8,16,64): each vector sent once, converted N times on the chip (protocol 1.4)", DefaultValueFactory = _ => "8,16,64" };
            var repeatOnHost = new Option<bool>("--repeat-on-host") { Description = "With --conversions N: send each vector N times instead (one conversion each; the chip session's repeats before 1.4)" };
            var copiesOnHost = new Option<bool>("--copies-on-host") { Description = "Send a copied block's codes once per copy instead of once for the chip to drive every copy (protocol 1.7 row copies)" };
            var direct = new Option<bool>("--direct") { Description = "Serve the firmware on the host's thread (DirectFirmwareTransport: Controller.HandleFrame) instead of over the in-process link" };
            var command = new Command("train-forward", "Chip forward pass of a LeNet training batch through host, firmware core and emulator, timed by stage");
            foreach (Option o in new Option[] { batches, repeats, batch, perEpoch, macThreads, maxPayload, zeros, onFirmware, rowByRow, direct, conversions, repeatOnHost, copiesOnHost })
            {
                command.Options.Add(o);
            }
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                int n = parse.GetValue(batches), r = parse.GetValue(repeats), size = parse.GetValue(batch), epoch = parse.GetValue(perEpoch);
                int threads = parse.GetValue(macThreads), payload = parse.GetValue(maxPayload);
                double zero = parse.GetValue(zeros);
                int[] conv = OptionParsing.Integers("--conversions", parse.GetValue(conversions), 1, 128);
                Require(n >= 1 && n <= 100000, "--batches " + n + " is not valid; give 1..100000");
                Require(r >= 1 && r <= 100, "--repeats " + r + " is not valid; give 1..100");
                Require(size >= 1 && size <= 4096, "--batch " + size + " is not valid; give 1..4096");
                Require(epoch >= 1, "--batches-per-epoch " + epoch + " is not valid; give at least 1");
                Require(threads >= 0 && threads <= 2, "--mac-threads " + threads + " is not valid; give 1 (the firmware's thread only), 2 (with the MAC helper thread) or 0 (2 on two or more cores)");
                Require(payload >= 64 && payload <= 65535, "--max-payload " + payload + " is not valid; give 64..65535");
                Require(zero >= 0 && zero <= 1, "--zero-fraction " + zero.ToString(CultureInfo.InvariantCulture) + " is not valid; give 0..1");
                var options = new TrainForwardOptions
                {
                    Batches = n, Repeats = r, BatchSize = size, BatchesPerEpoch = epoch, MacThreads = threads, MaxPayload = payload, ZeroFraction = zero,
                    Profile = g.Profile, Seed = g.Seed, DifferentialOnFirmware = parse.GetValue(onFirmware), RowByRowQuantise = parse.GetValue(rowByRow), Direct = parse.GetValue(direct),
                    Conversions = conv, RepeatOnHost = parse.GetValue(repeatOnHost), CopiesOnHost = parse.GetValue(copiesOnHost), DrawEachConversion = g.DrawEachConversion,
                };
                IReadOnlyList<TrainForwardRepeat> result = ProgressDisplay.Run(g.Interactive, "bench train-forward", progress => TrainForwardBenchmark.Run(options, progress));
                if (g.Json)
                {
                    JsonOutput.Write(Json(options, result));
                }
                else
                {
                    Print(options, result);
                }
                return ExitCodes.Ok;
            });
            return command;
        }

        private static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new UsageException(message);
            }
        }

        private static JsonObject Json(TrainForwardOptions o, IReadOnlyList<TrainForwardRepeat> result)
        {
            var repeats = new JsonArray();
            foreach (TrainForwardRepeat rep in result)
            {
                var blocks = new JsonArray();
                foreach (ForwardBlockTiming t in rep.Blocks)
                {
                    blocks.Add(new JsonObject
                    {
                        ["block"] = t.Block.Name,
                        ["rows"] = t.Block.Rows,
                        ["columns"] = t.Block.Columns,
                        ["vectorsPerBatch"] = t.Vectors,
                        ["requestsPerBatch"] = t.Requests,
                        ["quantiseMs"] = t.QuantiseMs,
                        ["vmmMs"] = t.VmmMs,
                        ["hostMs"] = t.HostMs,
                        ["hostWriteMs"] = t.HostWriteMs,
                        ["firmwareMs"] = t.FirmwareMs,
                        ["spiEmulatorMs"] = t.SpiMs,
                        ["firmwareWriteMs"] = t.FirmwareWriteMs,
                        ["handOverMs"] = t.OtherMs,
                        ["dequantiseMs"] = t.DequantiseMs,
                        ["totalMs"] = t.TotalMs,
                    });
                }
                repeats.Add(new JsonObject
                {
                    ["batchMs"] = rep.BatchMs, ["epochSeconds"] = rep.EpochSeconds, ["cpuMsPerBatch"] = rep.CpuMsPerBatch, ["loadAverage"] = rep.LoadAverage, ["blocks"] = blocks,
                });
            }
            return new JsonObject
            {
                ["profile"] = o.Profile,
                ["seed"] = o.Seed,
                ["batchSize"] = o.BatchSize,
                ["batchesTimed"] = o.Batches,
                ["batchesPerEpoch"] = o.BatchesPerEpoch,
                ["macThreads"] = o.MacThreads,
                ["maxPayload"] = o.MaxPayload,
                ["zeroFraction"] = o.ZeroFraction,
                ["differentialOnFirmware"] = o.DifferentialOnFirmware,
                ["quantise"] = o.RowByRowQuantise ? "row-by-row" : "tiled",
                ["transport"] = o.Direct ? "direct" : "in-process link",
                ["conversions"] = new JsonArray(o.Conversions.Select(c => (JsonNode?)c).ToArray()),
                ["repeatOnHost"] = o.RepeatOnHost,
                ["copiesOnHost"] = o.CopiesOnHost,
                ["drawEachConversion"] = o.DrawEachConversion,
                ["processors"] = Environment.ProcessorCount,
                ["repeats"] = repeats,
            };
        }

        private static void Print(TrainForwardOptions o, IReadOnlyList<TrainForwardRepeat> result)
        {
            AnsiConsole.MarkupLine("[grey]profile[/] " + Markup.Escape(o.Profile) + "  [grey]seed[/] " + o.Seed + "  [grey]batch[/] " + o.BatchSize
                + "  [grey]MAC threads[/] " + o.MacThreads + "  [grey]max payload[/] " + o.MaxPayload + "  [grey]differential on[/] " + (o.DifferentialOnFirmware ? "firmware" : "host")
                + "  [grey]transport[/] " + (o.Direct ? "direct" : "in-process link") + "  [grey]quantise[/] " + (o.RowByRowQuantise ? "row by row" : "tiled") + "  [grey]zero activations[/] " + BoardReport.Num(o.ZeroFraction) + "  [grey]cores[/] " + Environment.ProcessorCount
                + "  [grey]conversions[/] " + string.Join(",", o.Conversions) + (o.Conversions.Any(c => c > 1) ? (o.RepeatOnHost ? " (vectors repeated in the request)" : (o.DrawEachConversion ? " (on the chip, each drawn)" : " (on the chip, summed by one draw)")) : "")
                + "  [grey]copies driven by[/] " + (o.CopiesOnHost ? "codes sent per copy" : "the chip"));
            // The repeat with the smallest batch time: the least disturbed by other work on the machine.
            TrainForwardRepeat best = result.OrderBy(r => r.BatchMs).First();
            var table = new Table().Title("ms per batch by stage (fastest of " + result.Count + " repeats of " + o.Batches + " batches)").AddColumn("block")
                .AddColumn(new TableColumn("vectors").RightAligned()).AddColumn(new TableColumn("frames").RightAligned())
                .AddColumn(new TableColumn("quantise").RightAligned()).AddColumn(new TableColumn("host").RightAligned()).AddColumn(new TableColumn("host wr").RightAligned())
                .AddColumn(new TableColumn("firmware").RightAligned()).AddColumn(new TableColumn("SPI+emulator").RightAligned()).AddColumn(new TableColumn("fw wr").RightAligned())
                .AddColumn(new TableColumn("hand-over").RightAligned()).AddColumn(new TableColumn("dequantise").RightAligned()).AddColumn(new TableColumn("total").RightAligned());
            foreach (ForwardBlockTiming t in best.Blocks)
            {
                table.AddRow(Markup.Escape(t.Block.Name + " " + t.Block.Rows + "x" + t.Block.Columns), t.Vectors.ToString(CultureInfo.InvariantCulture), BoardReport.Num(t.Requests, "0.#"),
                    Ms(t.QuantiseMs), Ms(t.HostMs), Ms(t.HostWriteMs), Ms(t.FirmwareMs), Ms(t.SpiMs), Ms(t.FirmwareWriteMs), Ms(t.OtherMs), Ms(t.DequantiseMs), Ms(t.TotalMs));
            }
            table.AddRow("[bold]sum[/]", best.Blocks.Sum(t => t.Vectors).ToString(CultureInfo.InvariantCulture), BoardReport.Num(best.Blocks.Sum(t => t.Requests), "0.#"),
                Ms(best.Blocks.Sum(t => t.QuantiseMs)), Ms(best.Blocks.Sum(t => t.HostMs)), Ms(best.Blocks.Sum(t => t.HostWriteMs)), Ms(best.Blocks.Sum(t => t.FirmwareMs)),
                Ms(best.Blocks.Sum(t => t.SpiMs)), Ms(best.Blocks.Sum(t => t.FirmwareWriteMs)), Ms(best.Blocks.Sum(t => t.OtherMs)), Ms(best.Blocks.Sum(t => t.DequantiseMs)),
                Ms(best.Blocks.Sum(t => t.TotalMs)));
            AnsiConsole.Write(table);
            foreach (TrainForwardRepeat r in result)
            {
                AnsiConsole.MarkupLine("[grey]repeat:[/] " + BoardReport.Num(r.BatchMs, "0.00") + " ms per batch, chip forward of an epoch of " + o.BatchesPerEpoch + " batches "
                    + BoardReport.Num(r.EpochSeconds, "0.00") + " s, process CPU " + BoardReport.Num(r.CpuMsPerBatch, "0.00") + " ms per batch" + (r.LoadAverage >= 0 ? "  (load average " + BoardReport.Num(r.LoadAverage, "0.00") + ")" : ""));
            }
            AnsiConsole.MarkupLine("[grey]host: encode, CRC, decode and parse in the client; firmware: frame decode and CRC, dispatch, Vmm command, reply CRC; "
                + "SPI+emulator: register and burst transactions, the MAC included; wr: link writes; hand-over: the rest of the Vmm wall time (thread switches, GC).[/]");
        }

        private static string Ms(double ms) => BoardReport.Num(ms, "0.00");
    }
}

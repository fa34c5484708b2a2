using System;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Host;
using CimController.Protocol.Messages;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary><c>cimctl vmm</c>: multiplies input vectors with a window of a tile on the chip.</summary>
    public static class VmmCommand
    {
        /// <summary>Vectors printed in text mode (JSON has all).</summary>
        private const int VectorsShown = 8;

        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var region = new RegionOptions();
            var input = new Option<string>("--input") { Description = "Row DAC codes 0..255, comma-separated, vector after vector (rows codes each)" };
            var random = new Option<int?>("--random") { Description = "Use N vectors of random codes from --seed instead of --input" };
            var differential = new Option<bool>("--differential") { Description = "Also return code[2k]-code[2k+1] per column pair (even column count)" };
            var maxCode = new Option<int>("--max-code") { Description = "Largest random input code (1..255): lower it to keep column currents inside the ADC range", DefaultValueFactory = _ => 255 };
            var check = new Option<bool>("--check") { Description = "Read the window's conductances back and compare every output with the exact matrix product (error in LSB)" };
            var conversions = new Option<int>("--conversions") { Description = "Conversions per vector on the chip (1..128; protocol 1.4): each vector is sent once and its code sums come back", DefaultValueFactory = _ => 1 };
            var command = new Command("vmm", "Multiply input vectors with a window of a tile (bit-serial MAC, ADC codes and currents)");
            region.AddTo(command);
            command.Options.Add(input);
            command.Options.Add(random);
            command.Options.Add(differential);
            command.Options.Add(maxCode);
            command.Options.Add(check);
            command.Options.Add(conversions);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                (int tile, IndexRange rows, IndexRange cols) = region.Read(parse);
                string? inputText = parse.GetValue(input);
                int? randomVectors = parse.GetValue(random);
                bool diff = parse.GetValue(differential);
                int max = parse.GetValue(maxCode);
                bool compare = parse.GetValue(check);
                int n = parse.GetValue(conversions);
                if (n < 1 || n > VmmRequest.MaxConversions)
                {
                    throw new UsageException("--conversions " + n + " is not valid; give 1.." + VmmRequest.MaxConversions);
                }
                if (max < 1 || max > 255)
                {
                    throw new UsageException("--max-code " + max + " is not valid; give 1..255");
                }
                if ((inputText == null) == (randomVectors == null))
                {
                    throw new UsageException("give exactly one of --input CODES (e.g. --input 0,12,255,...) or --random N (N vectors from --seed)");
                }
                if (randomVectors is int count && (count < 1 || count > 1_000_000))
                {
                    throw new UsageException("--random " + count + " is not valid; give 1..1000000 vectors");
                }
                if (diff && cols.Count % 2 != 0)
                {
                    throw new UsageException("--differential needs an even number of columns (G+/G- pairs); --cols " + cols + " has " + cols.Count);
                }
                byte[] codes = inputText != null ? InputCodes.Parse(inputText, rows.Count) : InputCodes.Random(randomVectors!.Value, rows.Count, g.Seed, max);
                int vectors = codes.Length / rows.Count;

                using CimClient client = g.Connect();
                RegionOptions.Check(client, tile, rows, cols);
                StatsMessage before = client.Stats();
                var wall = Stopwatch.StartNew();
                VmmResult result = ProgressDisplay.Run(g.Interactive, "vmm " + vectors + " vectors",
                    p => client.Vmm(tile, rows.First, rows.Count, cols.First, cols.Count, codes, vectors, diff, p, n));
                wall.Stop();
                StatsMessage after = client.Stats();
                VmmAccuracy? accuracy = compare ? VmmCheck.Run(client, tile, rows, cols, codes, vectors, result) : null;
                double chipSeconds = result.ChipSeconds(client.Info.ClockKilohertz);
                ulong energy = after.EnergyPicojoules - before.EnergyPicojoules;

                if (g.Json)
                {
                    JsonObject doc = CommandContext.Document(g, client);
                    doc["tile"] = tile;
                    doc["rows"] = rows.ToString();
                    doc["cols"] = cols.ToString();
                    doc["vectors"] = vectors;
                    doc["inputs"] = inputText != null ? "explicit" : "random";
                    doc["differential"] = diff;
                    doc["conversions"] = n;
                    doc["lsbMicroamps"] = result.LsbMicroamps;
                    doc["codes"] = JsonOutput.Rows(result.Codes, cols.Count);
                    if (result.CodeSums != null)
                    {
                        doc["codeSums"] = JsonOutput.Rows(result.CodeSums, cols.Count);
                    }
                    doc["currentsMicroamps"] = JsonOutput.Rows(result.CurrentsMicroamps, cols.Count);
                    if (diff)
                    {
                        doc["differentialCodes"] = JsonOutput.Rows(result.DifferentialCodes!, cols.Count / 2);
                        doc["differentialMicroamps"] = JsonOutput.Rows(result.DifferentialMicroamps!, cols.Count / 2);
                    }
                    doc["chipCycles"] = result.ChipCycles;
                    doc["tileOps"] = result.TileOps;
                    doc["chipSeconds"] = chipSeconds;
                    doc["energyPicojoules"] = energy;
                    doc["wallSeconds"] = wall.Elapsed.TotalSeconds;
                    doc["requests"] = result.Requests;
                    if (accuracy != null)
                    {
                        doc["check"] = VmmCheck.ToJson(accuracy);
                    }
                    JsonOutput.Write(doc);
                    return ExitCodes.Ok;
                }
                CommandContext.PrintHeader(g, client);
                PrintVectors(result, diff);
                AnsiConsole.MarkupLine("[grey]vectors[/] " + vectors + (n > 1 ? "  [grey]conversions per vector[/] " + n + " (codes: rounded means; differential: sums)" : "") + "  [grey]requests[/] " + result.Requests + "  [grey]tile ops[/] " + result.TileOps
                    + "  [grey]LSB[/] " + BoardReport.Num(result.LsbMicroamps, "0.0000") + " µA");
                AnsiConsole.MarkupLine("[grey]chip time[/] " + BoardReport.Num(chipSeconds * 1e6, "0.00") + " µs (" + result.ChipCycles + " cycles at "
                    + BoardReport.Num(client.Info.ClockKilohertz / 1000.0) + " MHz)  [grey]estimated energy[/] " + BoardReport.Num(energy / 1000.0, "0.00")
                    + " nJ  [grey]wall time[/] " + BoardReport.Num(wall.Elapsed.TotalMilliseconds, "0.00") + " ms");
                if (accuracy != null)
                {
                    VmmCheck.Print(accuracy);
                }
                return ExitCodes.Ok;
            });
            return command;
        }

        private static void PrintVectors(VmmResult result, bool diff)
        {
            int cols = result.Columns;
            for (int v = 0; v < Math.Min(result.Vectors, VectorsShown); v++)
            {
                Console.Out.WriteLine("vector " + v);
                Console.Out.WriteLine("  codes        " + string.Join(" ", result.Codes.Skip(v * cols).Take(cols)));
                Console.Out.WriteLine("  currents µA  " + string.Join(" ", result.CurrentsMicroamps.Skip(v * cols).Take(cols).Select(x => BoardReport.Num(x, "0.00"))));
                if (diff)
                {
                    Console.Out.WriteLine("  differential " + string.Join(" ", result.DifferentialCodes!.Skip(v * cols / 2).Take(cols / 2)));
                    Console.Out.WriteLine("  diff µA      " + string.Join(" ", result.DifferentialMicroamps!.Skip(v * cols / 2).Take(cols / 2).Select(x => BoardReport.Num(x, "0.00"))));
                }
            }
            if (result.Vectors > VectorsShown)
            {
                Console.Out.WriteLine("... " + (result.Vectors - VectorsShown) + " more vectors (use --json for all)");
            }
        }
    }
}

using System;
using System.CommandLine;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using CimController.Host;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary><c>cimctl read</c>: conductances of a region of a tile, in µS.</summary>
    public static class ReadCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var region = new RegionOptions();
            var averages = new Option<int>("--avg") { Description = "Reads averaged per cell, 1..16", DefaultValueFactory = _ => 1 };
            var command = new Command("read", "Read the conductances (µS) of a region of a tile");
            region.AddTo(command);
            command.Options.Add(averages);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                (int tile, IndexRange rows, IndexRange cols) = region.Read(parse);
                int avg = parse.GetValue(averages);
                if (avg < 1 || avg > 16)
                {
                    throw new UsageException("--avg " + avg + " is not valid; give 1..16 reads per cell");
                }
                using CimClient client = g.Connect();
                RegionOptions.Check(client, tile, rows, cols);
                float[] us = ProgressDisplay.Run(g.Interactive, "reading conductances",
                    p => client.ReadConductance(tile, rows.First, rows.Count, cols.First, cols.Count, avg, p));
                if (g.Json)
                {
                    JsonObject doc = CommandContext.Document(g, client);
                    doc["tile"] = tile;
                    doc["rows"] = rows.ToString();
                    doc["cols"] = cols.ToString();
                    doc["averages"] = avg;
                    doc["readMillivolts"] = client.Info.ReadMillivolts;
                    doc["microsiemens"] = JsonOutput.Rows(us, cols.Count);
                    JsonOutput.Write(doc);
                    return ExitCodes.Ok;
                }
                CommandContext.PrintHeader(g, client);
                Console.Out.Write(Grid(us, rows, cols));
                AnsiConsole.MarkupLine("[grey]µS at " + client.Info.ReadMillivolts + " mV, " + avg + " read(s) per cell: min[/] "
                    + BoardReport.Num(us.Min(), "0.00") + " [grey]mean[/] " + BoardReport.Num(us.Average(), "0.00") + " [grey]max[/] " + BoardReport.Num(us.Max(), "0.00"));
                return ExitCodes.Ok;
            });
            return command;
        }

        private static string Grid(float[] us, IndexRange rows, IndexRange cols)
        {
            var text = new StringBuilder();
            text.Append("row\\col");
            for (int c = 0; c < cols.Count; c++)
            {
                text.Append(' ').Append((cols.First + c).ToString().PadLeft(6));
            }
            text.AppendLine();
            for (int r = 0; r < rows.Count; r++)
            {
                text.Append((rows.First + r).ToString().PadLeft(7));
                for (int c = 0; c < cols.Count; c++)
                {
                    text.Append(' ').Append(BoardReport.Num(us[r * cols.Count + c], "0.00").PadLeft(6));
                }
                text.AppendLine();
            }
            return text.ToString();
        }
    }
}

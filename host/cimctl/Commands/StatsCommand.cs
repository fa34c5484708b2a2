using System.CommandLine;
using System.Text.Json.Nodes;
using CimController.Host;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary><c>cimctl stats</c>: the firmware's and board's counters.</summary>
    public static class StatsCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var command = new Command("stats", "Show the firmware's and the board's counters (frames, errors, tile ops, cycles, energy)");
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                using CimClient client = g.Connect();
                JsonObject stats = BoardReport.StatsJson(client.Stats());
                if (g.Json)
                {
                    JsonObject doc = CommandContext.Document(g, client);
                    doc["stats"] = stats;
                    JsonOutput.Write(doc);
                }
                else
                {
                    CommandContext.PrintHeader(g, client);
                    AnsiConsole.Write(BoardReport.KeyValueTable("Stats", stats));
                }
                return ExitCodes.Ok;
            });
            return command;
        }
    }
}

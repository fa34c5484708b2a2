using System.CommandLine;
using System.Text.Json.Nodes;
using CimController.Host;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary><c>cimctl info</c>: what the firmware and its board are (the Info reply to Hello).</summary>
    public static class InfoCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var command = new Command("info", "Show the firmware's and the board's description (protocol, geometry, ADC, limits)");
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                using CimClient client = g.Connect();
                JsonObject info = BoardReport.InfoJson(client.Info);
                if (g.Json)
                {
                    JsonObject doc = CommandContext.Document(g, client);
                    info["adcLsbMicroamps"] = client.AdcLsbMicroamps;
                    doc["info"] = info;
                    JsonOutput.Write(doc);
                }
                else
                {
                    CommandContext.PrintHeader(g, client);
                    info["adcLsbMicroamps"] = BoardReport.Num(client.AdcLsbMicroamps, "0.0000");
                    AnsiConsole.Write(BoardReport.KeyValueTable("Info", info));
                }
                return ExitCodes.Ok;
            });
            return command;
        }
    }
}

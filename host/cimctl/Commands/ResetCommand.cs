using System.CommandLine;
using System.Text.Json.Nodes;
using CimController.Host;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary><c>cimctl reset</c>: soft-resets the board (conductances are kept).</summary>
    public static class ResetCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var command = new Command("reset", "Soft-reset the board: windows, buffers, DAC registers and errors to power-on values; conductances are kept");
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                using CimClient client = g.Connect();
                uint resets = client.Reset();
                if (g.Json)
                {
                    JsonObject doc = CommandContext.Document(g, client);
                    doc["resets"] = resets;
                    JsonOutput.Write(doc);
                }
                else
                {
                    CommandContext.PrintHeader(g, client);
                    AnsiConsole.MarkupLine("board reset (resets since firmware start: " + resets + ")");
                }
                return ExitCodes.Ok;
            });
            return command;
        }
    }
}

using System.Text.Json.Nodes;
using CimController.Host;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>What every board command prints first: the board, the profile it reports and the seed.</summary>
    public static class CommandContext
    {
        /// <summary>A JSON document that starts with board, profile and seed.</summary>
        public static JsonObject Document(GlobalSettings g, CimClient client)
        {
            return new JsonObject
            {
                ["board"] = client.BoardDescription,
                ["profile"] = client.Info.ProfileName,
                ["seed"] = g.Seed,
            };
        }

        /// <summary>Prints board, profile and seed as one line (text mode).</summary>
        public static void PrintHeader(GlobalSettings g, CimClient client)
        {
            AnsiConsole.MarkupLine("[grey]board[/] " + Markup.Escape(client.BoardDescription)
                + "  [grey]profile[/] " + Markup.Escape(client.Info.ProfileName)
                + "  [grey]seed[/] " + g.Seed);
        }
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using CimController.Emulator;
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
                BoardAddress address = g.Address;
                if (address.Kind == BoardAddressKind.Emulator && address.StatePath.Length == 0)
                {
                    // the emulated chip's definition (a real board or a state file reports its geometry only)
                    ChipDefinition chip = g.Chip;
                    info["chip"] = chip.Name;
                    info["chipDescription"] = chip.Description;
                    info["tileOpEnergyNanojoules"] = g.Json ? chip.TileOpEnergyPicojoules / 1000 : BoardReport.Num(chip.TileOpEnergyPicojoules / 1000, "0.###");
                    info["tileOpEnergySource"] = chip.Sources["tileOpEnergyPicojoules"];
                }
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

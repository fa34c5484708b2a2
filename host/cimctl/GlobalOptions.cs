using System.CommandLine;
using CimController.Emulator;
using CimController.Host;

namespace CimController.Cli
{
    /// <summary>Options every command accepts: which board, the emulator's profile and seed, JSON output, the reply timeout.</summary>
    public sealed class GlobalOptions
    {
        /// <summary><c>--board</c>: emulator | tcp://HOST:PORT | tls://HOST:PORT?fingerprint=SHA256&amp;cert=HOST.pfx | serial:DEVICE[?baud=N].</summary>
        public Option<string> Board { get; } = new Option<string>("--board", "-b")
        {
            Description = "Board to talk to: emulator (a fresh chip) | emulator:STATE-FILE (a chip kept between commands, e.g. emulator:chip.json) | tcp://HOST:PORT | tls://HOST:PORT?fingerprint=BOARD-SHA256&cert=HOST.pfx (cimctl tls init) | serial:DEVICE[?baud=N]",
            DefaultValueFactory = _ => "emulator",
            Recursive = true,
        };

        /// <summary><c>--profile</c>: the emulator's device profile.</summary>
        public Option<string> Profile { get; } = new Option<string>("--profile")
        {
            Description = "Device profile of the emulator: " + string.Join(" | ", DeviceProfile.BuiltInNames) + " | path to a profile JSON file",
            DefaultValueFactory = _ => "brram",
            Recursive = true,
        };

        /// <summary><c>--chip</c>: the emulated chip (geometry and costs, boards/chips).</summary>
        public Option<string> Chip { get; } = new Option<string>("--chip")
        {
            Description = "Chip of the emulator (tiles, array size, costs): " + string.Join(" | ", ChipDefinition.BuiltInNames) + " | path to a chip JSON file; default " + ChipDefinition.DefaultName,
            Recursive = true,
        };

        /// <summary><c>--draw-each-conversion</c>: the emulator's code-for-code model of a MAC's N conversions.</summary>
        public Option<bool> DrawEachConversion { get; } = new Option<bool>("--draw-each-conversion")
        {
            Description = "Emulator: draw and quantise each of a MAC's N conversions (code for code, slower) instead of drawing their sum from its distribution",
            Recursive = true,
        };

        /// <summary><c>--seed</c>: seeds the emulator and random inputs.</summary>
        public Option<int> Seed { get; } = new Option<int>("--seed")
        {
            Description = "Seed of the emulator (conductances, noise) and of random inputs; printed with every result",
            DefaultValueFactory = _ => 1,
            Recursive = true,
        };

        /// <summary><c>--json</c>: one JSON document on stdout.</summary>
        public Option<bool> Json { get; } = new Option<bool>("--json")
        {
            Description = "Print one JSON document to stdout instead of tables",
            Recursive = true,
        };

        /// <summary><c>--timeout</c>: longest wait for one reply, ms.</summary>
        public Option<int> TimeoutMs { get; } = new Option<int>("--timeout")
        {
            Description = "Longest wait for one reply from the board, milliseconds",
            DefaultValueFactory = _ => 5000,
            Recursive = true,
        };

        /// <summary>Adds the options to <paramref name="root"/>.</summary>
        public void AddTo(RootCommand root)
        {
            root.Options.Add(Board);
            root.Options.Add(Profile);
            root.Options.Add(Chip);
            root.Options.Add(DrawEachConversion);
            root.Options.Add(Seed);
            root.Options.Add(Json);
            root.Options.Add(TimeoutMs);
        }

        /// <summary>
        /// The values given (or defaulted) on this command line. With <c>--board emulator:PATH</c> and an existing state file,
        /// profile and seed are the file's: a --profile or --seed given that contradicts the file is refused (exit 2), naming both.
        /// </summary>
        public GlobalSettings Read(ParseResult parse)
        {
            string board = parse.GetValue(Board) ?? "emulator";
            string profile = parse.GetValue(Profile) ?? "brram";
            int seed = parse.GetValue(Seed);
            if (BoardAddress.TryParse(board, out BoardAddress? address, out _) && address!.Kind == BoardAddressKind.Emulator && address.StatePath.Length > 0)
            {
                if (parse.CommandResult.Command.Name == "train")
                {
                    throw new UsageException("--board " + board + ": train runs on an emulated chip of its own (a run resumes from its checkpoint, not from a chip); give --board emulator or a real board");
                }
                if (parse.GetValue(DrawEachConversion))
                {
                    throw new UsageException("--draw-each-conversion is not kept in emulator state files; give it with --board emulator (a fresh chip), not --board " + board);
                }
                try
                {
                    (profile, seed) = EmulatorStateFile.Resolve(address.StatePath,
                        parse.GetResult(Profile) is { Implicit: false } ? profile : null,
                        parse.GetResult(Seed) is { Implicit: false } ? seed : null);
                }
                catch (EmulatorStateException e)
                {
                    throw new UsageException("--board " + board + ": " + e.Message);
                }
            }
            return new GlobalSettings(board, profile, seed, parse.GetValue(Json), parse.GetValue(TimeoutMs))
            {
                ChipGiven = parse.GetValue(Chip), DrawEachConversion = parse.GetValue(DrawEachConversion),
            };
        }
    }
}

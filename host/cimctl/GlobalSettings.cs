using System;
using System.Collections.Generic;
using System.IO;
using CimController.Emulator;
using CimController.Host;
using CimController.Host.Transports;
using CimController.LocalBoard;

namespace CimController.Cli
{
    /// <summary>The global option values of one cimctl run.</summary>
    public sealed record GlobalSettings(string Board, string Profile, int Seed, bool Json, int TimeoutMs)
    {
        /// <summary>True when progress bars and tables may be drawn: not --json and stdout is a terminal.</summary>
        public bool Interactive => !Json && !Console.IsOutputRedirected;

        /// <summary>The parsed <c>--board</c>.</summary>
        public BoardAddress Address
        {
            get
            {
                if (!BoardAddress.TryParse(Board, out BoardAddress? address, out string? error))
                {
                    throw new UsageException("--board: " + error);
                }
                return address!;
            }
        }

        /// <summary>The --chip given, null when left out.</summary>
        public string? ChipGiven { get; init; }

        /// <summary>The emulator draws and quantises each of a MAC's N conversions (EmulatorOptions.DrawEachConversion).</summary>
        public bool DrawEachConversion { get; init; }

        /// <summary>The emulated chip: --chip, else the default (wu2023).</summary>
        public ChipDefinition Chip
        {
            get
            {
                try
                {
                    return ChipDefinition.Load(ChipGiven ?? ChipDefinition.DefaultName);
                }
                catch (ChipDefinitionException e)
                {
                    throw new UsageException("--chip: " + e.Message);
                }
            }
        }

        /// <summary>Emulator settings from --profile, --seed and --chip.</summary>
        public EmulatorOptions Emulator() => new EmulatorOptions { ProfileName = Profile, Seed = Seed, Chip = Chip, DrawEachConversion = DrawEachConversion };

        /// <summary>The boards of a comma-separated --board list.</summary>
        public string[] Boards => BoardList.Addresses(Board);

        /// <summary>Connects every board of a --board list (emulators get seeds --seed, --seed + 1, ...: other devices).</summary>
        public IReadOnlyList<CimClient> ConnectAll() =>
            BoardList.ConnectEach(Boards, (i, address) => (this with { Board = address, Seed = unchecked(Seed + i) }).Connect());

        /// <summary>Connects to the board named by --board.</summary>
        public CimClient Connect()
        {
            if (TimeoutMs <= 0)
            {
                throw new UsageException("--timeout " + TimeoutMs + " is not valid; give a positive number of milliseconds");
            }
            BoardAddress address = Address;
            if (address.Kind == BoardAddressKind.Serial && address.Device.StartsWith('/') && !File.Exists(address.Device))
            {
                throw new TransportException("could not open serial:" + address.Device + ": no such device; give the port the board appears as, e.g. serial:/dev/ttyUSB0 or serial:/dev/ttyACM0 (ls /dev/ttyUSB* /dev/ttyACM* lists them)");
            }
            // An existing state file brings its own profile and seed (Read has refused a --profile or --seed that contradicts it).
            bool fromStateFile = address.StatePath.Length > 0 && File.Exists(Path.GetFullPath(address.StatePath));
            try
            {
                // An existing state file holds its chip: a --chip given is checked against it, none is taken from it.
                EmulatorOptions? emulator = fromStateFile ? (ChipGiven is null ? null : new EmulatorOptions { ProfileName = Profile, Seed = Seed, Chip = Chip }) : Emulator();
                return BoardConnector.Connect(address, new CimClientOptions { TimeoutMs = TimeoutMs, ClientName = "cimctl" }, emulator);
            }
            catch (EmulatorStateException e)
            {
                throw new UsageException("--board " + Board + ": " + e.Message);
            }
        }
    }
}

using System;
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

        /// <summary>Emulator settings from --profile and --seed (and the tile rows given).</summary>
        public EmulatorOptions Emulator(int tileRows = 64)
        {
            return new EmulatorOptions { ProfileName = Profile, Seed = Seed, Rows = tileRows };
        }

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
                return BoardConnector.Connect(address, new CimClientOptions { TimeoutMs = TimeoutMs, ClientName = "cimctl" }, fromStateFile ? null : Emulator());
            }
            catch (EmulatorStateException e)
            {
                throw new UsageException("--board " + Board + ": " + e.Message);
            }
        }
    }
}

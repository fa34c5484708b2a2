using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Esp32;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl esp32 run</c>: the ESP32 app's .pe set (given, or built from the repository) on a virtual ESP32 (the
    /// nanoCLR) against the emulated board. Prints exactly one line to stdout first, <c>serial:/dev/pts/N</c> (with
    /// --json one JSON object on one line), everything else to stderr, then serves until Ctrl-C or SIGTERM (exit 0) or
    /// until the nanoCLR ends by itself (exit 1).
    /// </summary>
    public static class Esp32Command
    {
        /// <summary>Longest build of the app when no --pe-set is given.</summary>
        public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

        private const string Prefix = "cimctl esp32 run: ";

        // Lines of the build's or the nanoCLR's last output shown with a failure.
        private const int DetailLines = 8;

        private static readonly Regex LoaderTableLine = new(@"^\s+\S.*=\s+\d+ bytes", RegexOptions.Compiled);

        // How long a failure waits for a stop signal that may have caused it (see Esp32StopSignal.CameWithin).
        private static readonly TimeSpan SignalGrace = TimeSpan.FromMilliseconds(500);

        /// <summary>Builds the <c>esp32</c> group with its <c>run</c> subcommand.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var group = new Command("esp32", "The ESP32 app without the hardware: the virtual ESP32 (nanoCLR)");
            group.Subcommands.Add(CreateRun(globals));
            return group;
        }

        private static Command CreateRun(GlobalOptions globals)
        {
            var peSet = new Option<string>("--pe-set") { Description = "A built .pe set (folder with manifest.tsv); default: build the app from the repository into a new temporary folder", HelpName = "DIR" };
            var kit = new Option<string>("--kit") { Description = "The nanoCLR kit folder; default: NANOCLR_KIT, else ../shared/tools/nanoclr beside the repository", HelpName = "DIR" };
            var nflibs = new Option<string>("--nflibs") { Description = "The nanoFramework libraries folder (for building); default: NFLIBS, else ../shared/tools/nflibs beside the repository", HelpName = "DIR" };
            var cimBoard = new Option<string>("--cim-board") { Description = "The app variant to build and the emulated board to serve: register-map | discrete", DefaultValueFactory = _ => "register-map", HelpName = "register-map|discrete" };
            var startTimeout = new Option<int>("--start-timeout") { Description = "Longest wait, seconds, from starting the nanoCLR to the app opening its serial port", DefaultValueFactory = _ => 60, HelpName = "SECONDS" };
            var command = new Command("run", "Run the ESP32 app on a virtual ESP32 (the nanoCLR) against the emulated board (--profile, --seed); print the serial port a host connects to (--board serial:PATH); serve until Ctrl-C/SIGTERM");
            command.Options.Add(peSet);
            command.Options.Add(kit);
            command.Options.Add(nflibs);
            command.Options.Add(cimBoard);
            command.Options.Add(startTimeout);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                string variant = parse.GetValue(cimBoard) ?? "register-map";
                string board = variant switch
                {
                    "register-map" => FirmwareHost.EmulatorBoard,
                    "discrete" => FirmwareHost.DiscreteEmulatorBoard,
                    _ => throw new UsageException("--cim-board " + variant + " is not valid; accepted: register-map (board emulator) or discrete (board emulator-discrete)"),
                };
                int seconds = parse.GetValue(startTimeout);
                if (seconds <= 0)
                {
                    throw new UsageException("--start-timeout " + seconds + " is not valid; give a positive number of seconds");
                }
                // Everything the command line names is checked before anything is built or started.
                PeSet? given = parse.GetValue(peSet) is { } dir ? LoadGiven(dir) : null;
                string? repository = Esp32Locations.RepositoryRoot();
                string kitDir = Esp32Locations.Kit(parse.GetValue(kit), repository);
                string? libsDir = null;
                if (given == null)
                {
                    if (repository == null)
                    {
                        throw new UsageException("no --pe-set given and no repository (CimController.sln) above " + Environment.CurrentDirectory + " or " + AppContext.BaseDirectory + " to build the app from; give --pe-set DIR or run inside the repository");
                    }
                    libsDir = Esp32Locations.NfLibs(parse.GetValue(nflibs), repository);
                }
                DeviceProfile profile = DeviceProfile.Load(g.Profile);
                var options = new Esp32RunOptions(g, variant, board, profile, kitDir, TimeSpan.FromSeconds(seconds));
                return Run(options, given, repository, libsDir);
            });
            return command;
        }

        private sealed record Esp32RunOptions(GlobalSettings Globals, string Variant, string Board, DeviceProfile Profile, string Kit, TimeSpan StartTimeout);

        private static int Run(Esp32RunOptions o, PeSet? given, string? repository, string? libsDir)
        {
            using var stop = new Esp32StopSignal();
            VirtualEsp32 esp32;
            var boot = new Stopwatch();
            string phase = "building the app";
            try
            {
                PeSet set = given ?? Build(o, repository!, libsDir!);
                if (stop.IsRequested)
                {
                    Log("stopped by " + stop.Name + " before the nanoCLR started; nothing left running");
                    return ExitCodes.Ok;
                }
                phase = "booting the nanoCLR";
                boot.Start();
                esp32 = VirtualEsp32.Start(new VirtualEsp32Options
                {
                    NanoClrKit = o.Kit,
                    PeSet = set,
                    Board = o.Board,
                    Emulator = new EmulatorOptions { Profile = o.Profile, ProfileName = o.Globals.Profile, Seed = o.Globals.Seed },
                    StartTimeout = o.StartTimeout,
                }, Log);
            }
            catch (VirtualEsp32Exception e)
            {
                if (stop.CameWithin(SignalGrace))
                {
                    Log("stopped by " + stop.Name + " while " + phase + "; nothing left running");
                    return ExitCodes.Ok;
                }
                throw Failure(e);
            }
            using (esp32)
            {
                stop.Starting = false;
                if (stop.IsRequested)
                {
                    Log("stopped by " + stop.Name + " as the app opened its port; stopped the nanoCLR (pid " + esp32.ProcessId + ")");
                    return ExitCodes.Ok;
                }
                PrintSerial(o, esp32);
                Log($"the app opened COM2 at {esp32.SerialPath} {boot.Elapsed.TotalSeconds:F1} s after the nanoCLR started (profile {o.Profile.Name}, seed {o.Globals.Seed}); " +
                    $"connect with: cimctl --board serial:{esp32.SerialPath} info; Ctrl-C or SIGTERM stops");
                var served = Stopwatch.StartNew();
                // The nanoCLR's end is awaited on a pool thread so the stop signal and the end can be awaited together.
                Task ended = Task.Run(() => esp32.WaitForExit(Timeout.InfiniteTimeSpan));
                Task.WaitAny(stop.Requested, ended);
                if (!stop.IsRequested && !stop.CameWithin(SignalGrace))
                {
                    throw Failure(esp32.DescribeExit());
                }
                long transfers = esp32.Board.TransferCount;
                int pid = esp32.ProcessId;
                esp32.Dispose();
                Log($"{stop.Name}: stopped the nanoCLR (pid {pid}) after {served.Elapsed.TotalSeconds:F1} s of serving, and the emulated board ({o.Board}, {transfers} SPI transfers); removed its socket");
            }
            return ExitCodes.Ok;
        }

        // A --pe-set that is not a usable set is a bad argument (exit 2), with the library's line naming what is wrong.
        private static PeSet LoadGiven(string dir)
        {
            try
            {
                return PeSet.Load(Path.GetFullPath(dir));
            }
            catch (VirtualEsp32Exception e)
            {
                throw new UsageException("--pe-set: " + e.Message);
            }
        }

        // Builds into a fresh temporary folder; keeps only its pe/ (the set, reusable with --pe-set), removes the rest.
        private static PeSet Build(Esp32RunOptions o, string repository, string libsDir)
        {
            string output = Path.Combine(Path.GetTempPath(), "cimctl-esp32-" + o.Variant + "-" + Guid.NewGuid().ToString("N")[..8]);
            Log("no --pe-set: building the app from the repository at " + repository + " (up to " + BuildTimeout.TotalMinutes + " min)");
            var watch = Stopwatch.StartNew();
            PeSet set;
            try
            {
                set = PeSetBuilder.Build(repository, o.Kit, libsDir, o.Variant, output, BuildTimeout, Log);
            }
            catch
            {
                TryDelete(output);
                throw;
            }
            TryDelete(Path.Combine(output, "obj"));
            TryDelete(Path.Combine(output, "bin"));
            Log($"built the .pe set in {watch.Elapsed.TotalSeconds:F1} s: {set.Directory} ({set.Files.Count} assemblies, {set.TotalBytes:N0} bytes); reuse it with --pe-set {set.Directory}");
            return set;
        }

        // The one stdout line: the --board value a host uses, or (--json) one JSON object on one line, so a reader can take
        // it with a single line read while the command keeps running.
        private static void PrintSerial(Esp32RunOptions o, VirtualEsp32 esp32)
        {
            string serial = "serial:" + esp32.SerialPath;
            if (o.Globals.Json)
            {
                var doc = new JsonObject
                {
                    ["serial"] = serial,
                    ["board"] = o.Board,
                    ["cimBoard"] = o.Variant,
                    ["profile"] = o.Profile.Name,
                    ["seed"] = o.Globals.Seed,
                    ["peSet"] = esp32.PeSet.Directory,
                    ["assemblies"] = new JsonArray(esp32.PeSet.Assemblies.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
                    ["bytes"] = esp32.PeSet.TotalBytes,
                    ["pid"] = esp32.ProcessId,
                };
                Console.Out.WriteLine(doc.ToJsonString());
            }
            else
            {
                Console.Out.WriteLine(serial);
            }
            Console.Out.Flush();
        }

        // A library failure is a headline and the process's last output lines: the last few lines go to stderr as
        // indented details, without blank lines and the nanoCLR's loader size table ("   TypeRef = 1300 bytes (325
        // elements)"), and the headline becomes the error line cimctl prints last (exit 1).
        private static IOException Failure(VirtualEsp32Exception e)
        {
            foreach (string detail in e.Output.Split('\n').Where(l => l.Trim().Length > 0 && !LoaderTableLine.IsMatch(l)).TakeLast(DetailLines))
            {
                Console.Error.WriteLine("  | " + detail);
            }
            return new IOException(e.Headline);
        }

        private static void Log(string line) => Console.Error.WriteLine(Prefix + line);

        private static void TryDelete(string dir)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log("could not remove " + dir + ": " + e.Message);
            }
        }
    }
}

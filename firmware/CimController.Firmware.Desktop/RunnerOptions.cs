using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using CimController.Firmware.Desktop.Nspi;

namespace CimController.Firmware.Desktop;

/// <summary>
/// Command line of the <c>cimfw</c> runner:
/// <c>cimfw (--listen HOST:PORT [--tls-cert BOARD.pfx --tls-clients HOSTS.txt | --insecure] [--idle-timeout S]
/// [--send-timeout S] | --serial PORT [--baud N]) [--board emulator|spidev:/dev/spidevB.C] [--profile NAME|PATH] [--seed N]
/// [--chip NAME|PATH] [--no-noise] [--record FILE]</c>, or, as the board of a
/// virtual ESP32 (no firmware here), <c>cimfw --nspi PATH [--board emulator|emulator-discrete] [--nspi-cs CS0[,CS1]]
/// [--profile ...] [--seed N] [--chip NAME|PATH] [--no-noise]</c>.
/// </summary>
public sealed class RunnerOptions
{
    /// <summary>Usage text printed with errors and for --help.</summary>
    public const string Usage =
        "usage: cimfw (--listen HOST:PORT | --serial PORT [--baud N]) [options]\n" +
        "       cimfw --nspi PATH [--board emulator|emulator-discrete] [--nspi-cs CS0[,CS1]] [emulator options]\n" +
        "  --listen HOST:PORT   serve over TCP (port 0 picks a free port), e.g. 127.0.0.1:5025; an address other than\n" +
        "                       loopback needs --tls-cert and --tls-clients, or --insecure\n" +
        "  --tls-cert FILE      serve TLS 1.2/1.3 with the board's certificate and key (PKCS#12 .pfx, cimctl tls init)\n" +
        "  --tls-clients FILE   admit only hosts whose certificate's SHA-256 is listed (one per line; cimctl tls init)\n" +
        "  --insecure           serve plain TCP beyond loopback anyway (anyone who reaches the port drives the board)\n" +
        "  --idle-timeout S     drop a TCP session without a complete frame for S seconds (default 20)\n" +
        "  --send-timeout S     drop a TCP session whose host does not take a reply within S seconds (default 10)\n" +
        "  --serial PORT        serve over a serial port, e.g. /dev/ttyS1\n" +
        "  --nspi PATH          be the board only: serve the emulated board's SPI devices on the Unix socket PATH to\n" +
        "                       the nanoCLR's virtual ESP32 (NANOCLR_SPI_SOCKET=PATH), which runs the firmware;\n" +
        "                       not with --listen, --serial or --record\n" +
        "  --nspi-cs CS0[,CS1]  chip-select GPIOs on SPI bus 1 (default 5,4: ESP32-DevKitC; 10,9 for the S3):\n" +
        "                       the register-map board on CS0; the discrete board's DAC on CS0, ADC on CS1\n" +
        "  --baud N             serial baud rate (default 921600)\n" +
        "  --board B            emulator (default), emulator-discrete, spidev:/dev/spidevB.C or\n" +
        "                       discrete-spidev:/dev/spidevB.C,/dev/spidevB.D (DAC, ADC)\n" +
        "  --profile P          device profile: brram (default), ideal, or a .json path\n" +
        "  --seed N             emulator seed (default 1)\n" +
        "  --chip C             emulated chip (tiles, array size, costs): wu2023 (default, 4 x 64x64),\n" +
        "                       wu2023-256x64, neurram48 (48 x 256x256) or a .json path (boards/chips);\n" +
        "                       --tile-rows 64|256 names wu2023|wu2023-256x64\n" +
        "  --no-noise           emulator without ADC noise and read variation\n" +
        "  --record FILE        record the session (host frames, SPI transactions, clock, frames out) as a\n" +
        "                       transcript that replays on the desktop or the nanoCLR (firmware/README.md)\n" +
        "  -h, --help           this text";

    /// <summary>TCP endpoint to listen on, or null.</summary>
    public IPEndPoint? Listen { get; private set; }
    /// <summary>Serial port to serve, or null.</summary>
    public string? Serial { get; private set; }
    /// <summary>Serial baud rate.</summary>
    public int Baud { get; private set; } = SerialHostLink.DefaultBaud;
    /// <summary>Board: see <see cref="FirmwareHost.AcceptedBoards"/>.</summary>
    public string Board { get; private set; } = FirmwareHost.EmulatorBoard;
    /// <summary>Device profile name or path.</summary>
    public string Profile { get; private set; } = "brram";
    /// <summary>Emulator seed.</summary>
    public int Seed { get; private set; } = 1;
    /// <summary>Emulated chip: a built-in name or a path (boards/chips).</summary>
    public string Chip { get; private set; } = "wu2023";
    /// <summary>Emulator noise.</summary>
    public bool Noise { get; private set; } = true;
    /// <summary>Transcript file to record the session into, or null.</summary>
    public string? Record { get; private set; }
    /// <summary>Unix socket path to serve the board on over NSPI (board only, no firmware), or null.</summary>
    public string? Nspi { get; private set; }
    /// <summary>Chip-select GPIOs of --nspi-cs (CS0[, CS1]); empty: the board's defaults (<see cref="NspiBoard.DefaultCs0"/>, <see cref="NspiBoard.DefaultCs1"/>).</summary>
    public IReadOnlyList<int> NspiChipSelects { get; private set; } = Array.Empty<int>();
    /// <summary>The board's certificate and key for TLS (--tls-cert), or null.</summary>
    public string? TlsCert { get; private set; }
    /// <summary>The admitted hosts' fingerprints for TLS (--tls-clients), or null.</summary>
    public string? TlsClients { get; private set; }
    /// <summary>--insecure: plain TCP beyond loopback was asked for explicitly.</summary>
    public bool Insecure { get; private set; }
    /// <summary>TCP session idle limit, ms (--idle-timeout).</summary>
    public int IdleTimeoutMs { get; private set; } = TcpLinkPolicy.DefaultIdleTimeoutMs;
    /// <summary>TCP send timeout, ms (--send-timeout).</summary>
    public int SendTimeoutMs { get; private set; } = TcpLinkPolicy.DefaultSendTimeoutMs;
    /// <summary>--help was given.</summary>
    public bool Help { get; private set; }

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="FormatException">A bad or missing argument; the message says which and what is accepted.</exception>
    public static RunnerOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new RunnerOptions();
        var linkOptions = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            switch (a)
            {
                case "-h":
                case "--help":
                    o.Help = true;
                    return o;
                case "--listen":
                    string ep = Value(args, ref i);
                    if (!IPEndPoint.TryParse(ep, out var endpoint) || ep.IndexOf(':') < 0)
                        throw new FormatException($"--listen '{ep}' is not HOST:PORT with an IP address (for example 127.0.0.1:5025 or [::1]:5025)");
                    o.Listen = endpoint;
                    break;
                case "--serial":
                    o.Serial = Value(args, ref i);
                    break;
                case "--baud":
                    o.Baud = Integer(args, ref i, 50, 4_000_000);
                    break;
                case "--board":
                    string board = Value(args, ref i);
                    FirmwareHost.CheckBoardName(board);
                    o.Board = board;
                    break;
                case "--profile":
                    o.Profile = Value(args, ref i);
                    break;
                case "--seed":
                    o.Seed = Integer(args, ref i, int.MinValue, int.MaxValue);
                    break;
                case "--chip":
                    o.Chip = Value(args, ref i);
                    break;
                case "--tile-rows":
                    int rows = Integer(args, ref i, 1, 65535);
                    if (rows != 64 && rows != 256)
                        throw new FormatException($"--tile-rows {rows} is not supported; accepted: 64 (Wu 2023 tile: --chip wu2023) or 256 (Table 1 crossbar: --chip wu2023-256x64), or give --chip");
                    o.Chip = rows == 64 ? "wu2023" : "wu2023-256x64";
                    break;
                case "--no-noise":
                    o.Noise = false;
                    break;
                case "--record":
                    o.Record = Value(args, ref i);
                    break;
                case "--nspi":
                    string path = Value(args, ref i);
                    if (NspiSocketFile.LengthProblem(path) is string problem)
                        throw new FormatException("--nspi " + problem);
                    o.Nspi = path;
                    break;
                case "--nspi-cs":
                    o.NspiChipSelects = ChipSelects(Value(args, ref i));
                    break;
                case "--tls-cert":
                    o.TlsCert = Value(args, ref i);
                    linkOptions.Add(a);
                    break;
                case "--tls-clients":
                    o.TlsClients = Value(args, ref i);
                    linkOptions.Add(a);
                    break;
                case "--insecure":
                    o.Insecure = true;
                    linkOptions.Add(a);
                    break;
                case "--idle-timeout":
                    o.IdleTimeoutMs = Seconds(args, ref i);
                    linkOptions.Add(a);
                    break;
                case "--send-timeout":
                    o.SendTimeoutMs = Seconds(args, ref i);
                    linkOptions.Add(a);
                    break;
                default:
                    throw new FormatException($"unknown argument '{a}'");
            }
        }
        if (o.Listen == null && linkOptions.Count > 0)
            throw new FormatException(string.Join(", ", linkOptions) + ": TLS, --insecure and the session timeouts apply to --listen only " +
                "(a serial link is physical and needs no TLS; --nspi serves no host)");
        if (o.Nspi != null)
        {
            CheckNspi(o);
            return o;
        }
        if (o.NspiChipSelects.Count > 0)
            throw new FormatException("--nspi-cs needs --nspi PATH (chip selects of the board served over NSPI)");
        if ((o.Listen == null) == (o.Serial == null))
            throw new FormatException("give exactly one of --listen HOST:PORT, --serial PORT or --nspi PATH");
        if ((o.TlsCert == null) != (o.TlsClients == null))
            throw new FormatException("TLS needs both --tls-cert BOARD.pfx (the board's certificate and key) and --tls-clients HOSTS.txt (the admitted hosts)");
        if (o.Listen != null && ListenSecurity.Problem(o.Listen, o.TlsCert != null, o.Insecure) is string exposure)
            throw new FormatException(exposure);
        return o;
    }

    /// <summary>--nspi makes cimfw the board only: no host link, no recording, an emulated board with its chip selects.</summary>
    private static void CheckNspi(RunnerOptions o)
    {
        if (o.Listen != null || o.Serial != null || o.Record != null)
            throw new FormatException("--nspi PATH makes cimfw the board only (the firmware runs on the virtual ESP32): it cannot be combined with --listen, --serial or --record");
        bool discrete = string.Equals(o.Board, FirmwareHost.DiscreteEmulatorBoard, StringComparison.OrdinalIgnoreCase);
        if (!discrete && !string.Equals(o.Board, FirmwareHost.EmulatorBoard, StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"--nspi serves an emulated board, not '{o.Board}'; accepted --board: {NspiBoard.AcceptedBoards}");
        int count = o.NspiChipSelects.Count;
        if (!discrete && count > 1)
            throw new FormatException($"--nspi-cs: board emulator has one chip select (CS0), {count} given");
        if (discrete && count == 1)
            throw new FormatException("--nspi-cs: board emulator-discrete has two chip selects, give CS0,CS1 (DAC, ADC), e.g. 10,9");
    }

    /// <summary>"5" or "10,9": one or two distinct GPIO numbers 0..48 (ESP32: 0-39, ESP32-S3: 0-48).</summary>
    private static IReadOnlyList<int> ChipSelects(string s)
    {
        string[] parts = s.Split(',');
        if (parts.Length > 2)
            throw new FormatException($"--nspi-cs '{s}' has {parts.Length} chip selects; accepted: CS0 or CS0,CS1 (GPIO numbers 0..48)");
        var pins = new int[parts.Length];
        for (int k = 0; k < parts.Length; k++)
        {
            if (!int.TryParse(parts[k], NumberStyles.None, CultureInfo.InvariantCulture, out pins[k]) || pins[k] > 48)
                throw new FormatException($"--nspi-cs '{s}': '{parts[k]}' is not a GPIO number; accepted: CS0 or CS0,CS1, each 0..48");
        }
        if (pins.Length == 2 && pins[0] == pins[1])
            throw new FormatException($"--nspi-cs '{s}': CS0 and CS1 must be different GPIOs");
        return pins;
    }

    /// <summary>A duration in seconds (decimals allowed), 0.1..3600, as milliseconds.</summary>
    private static int Seconds(string[] args, ref int i)
    {
        string name = args[i];
        string s = Value(args, ref i);
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds >= 0.1 && seconds <= 3600))
            throw new FormatException($"{name} '{s}' is not a number of seconds in 0.1..3600");
        return (int)Math.Round(seconds * 1000);
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new FormatException($"{args[i]} needs a value");
        return args[++i];
    }

    private static int Integer(string[] args, ref int i, int min, int max)
    {
        string name = args[i];
        string s = Value(args, ref i);
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw new FormatException($"{name} '{s}' is not an integer in {min}..{max}");
        return v;
    }
}

using System;
using System.Threading;
using CimController.Emulator;
using CimController.Firmware;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Nspi;
using CimController.Firmware.Desktop.Recording;
using CimController.Firmware.Desktop.Tls;

// cimfw: runs the firmware core on a desktop against the emulator or a spidev board and serves it over
// TCP (plain on loopback, TLS with admitted hosts beyond it, or plain with --insecure) or a serial port until Ctrl-C
// or SIGTERM. With --nspi it is the emulated board only, served over the
// nanoCLR's NSPI socket to the firmware running on the virtual ESP32.
// Exit codes: 0 stopped, 1 failed to start, 2 bad arguments.

RunnerOptions options;
try
{
    options = RunnerOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine("cimfw: " + e.Message);
    Console.Error.WriteLine(RunnerOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(RunnerOptions.Usage);
    return 0;
}
if (options.Nspi != null)
{
    return ServeNspi(options);
}

TlsServerCredentials? tls = null;
if (options.TlsCert != null)
{
    try
    {
        tls = TlsServerCredentials.Load(options.TlsCert, options.TlsClients!);
    }
    catch (Exception e) when (e is FormatException or System.IO.IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine("cimfw: " + e.Message);
        return 2;
    }
}
if (options.Listen != null && ListenSecurity.InsecureWarning(options.Listen, options.Insecure) is string warning)
{
    Console.Error.WriteLine("cimfw: " + warning);
}

SessionRecorder? recorder = null;
if (options.Record != null)
{
    try
    {
        recorder = new SessionRecorder(new System.IO.FileStream(options.Record, System.IO.FileMode.CreateNew), $"cimfw {string.Join(' ', args)}", ownsOutput: true);
    }
    catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"cimfw: --record {options.Record}: {e.Message} (the file must not exist yet and its folder must be writable)");
        return 2;
    }
}

FirmwareHost host;
try
{
    host = FirmwareHost.Create(options.Board,
        new EmulatorOptions { ProfileName = options.Profile, Seed = options.Seed, Chip = ChipDefinition.Load(options.Chip), Noise = options.Noise }, recorder: recorder);
}
catch (Exception e) when (e is DeviceProfileException or ChipDefinitionException or ArgumentException or FormatException)
{
    Console.Error.WriteLine("cimfw: " + e.Message);
    recorder?.Dispose();
    return 2;
}
catch (Exception e) when (e is BoardException or System.IO.IOException)
{
    Console.Error.WriteLine("cimfw: " + e.Message);
    recorder?.Dispose();
    return 1;
}

using (host)
{
    var board = host.Controller.Board;
    Console.WriteLine($"cimfw: board {options.Board} ({board.Tiles} tiles of {board.Rows}x{board.Columns}), profile {host.Profile.Name}, " +
        (host.Emulator != null ? $"chip {host.Emulator.Options.ChipName}, seed {options.Seed}, noise {(options.Noise ? "on" : "off")}" : host.DiscreteEmulator != null ? $"seed {options.Seed}" : "real hardware"));
    using var stopped = new ManualResetEventSlim(false);
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopped.Set();
    };
    using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
    {
        ctx.Cancel = true;
        stopped.Set();
    });
    IDisposable server;
    try
    {
        if (options.Listen != null)
        {
            var policy = new TcpLinkPolicy { Tls = tls, IdleTimeoutMs = options.IdleTimeoutMs, SendTimeoutMs = options.SendTimeoutMs };
            var tcp = new TcpFirmwareServer(host.Controller, options.Listen, policy) { Log = m => Console.WriteLine("cimfw: " + m), WrapLink = recorder == null ? null : recorder.Link };
            tcp.Start();
            Console.WriteLine($"listening on {tcp.LocalEndPoint}");
            string limits = "one host at a time; idle limit " + (options.IdleTimeoutMs / 1000.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) +
                " s, send timeout " + (options.SendTimeoutMs / 1000.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
            Console.WriteLine(tls == null
                ? "cimfw: plain TCP; " + limits
                : $"cimfw: TLS 1.2/1.3, board certificate SHA-256 {tls.Fingerprint}, {tls.Hosts.Count} host(s) admitted ({tls.Hosts.Source}); {limits}");
            server = tcp;
        }
        else
        {
            var serial = new SerialFirmwareServer(host.Controller, options.Serial!, options.Baud) { Log = m => Console.WriteLine("cimfw: " + m), WrapLink = recorder == null ? null : recorder.Link };
            serial.Start();
            Console.WriteLine($"serving on {options.Serial} at {options.Baud} baud");
            server = serial;
        }
    }
    catch (Exception e) when (e is System.Net.Sockets.SocketException or System.IO.IOException)
    {
        Console.Error.WriteLine("cimfw: " + e.Message);
        recorder?.Dispose();
        return 1;
    }
    stopped.Wait();
    Console.WriteLine("cimfw: stopping");
    server.Dispose();
}
if (recorder != null)
{
    recorder.Dispose();
    Console.WriteLine($"cimfw: session recorded in {options.Record}");
}
return 0;


// cimfw --nspi: the board only. The firmware runs on the nanoCLR's virtual ESP32 and reaches this emulated board
// through NANOCLR_SPI_SOCKET; nothing here speaks the host protocol. Serves until Ctrl-C or SIGTERM; the socket
// file is removed on the way out.
static int ServeNspi(RunnerOptions options)
{
    string path = options.Nspi!;
    switch (NspiSocketFile.Inspect(path))
    {
        case NspiSocketFileState.NotASocket:
            Console.Error.WriteLine($"cimfw: --nspi {path} exists and is not a socket; refusing to replace it (remove it or pick another path)");
            return 2;
        case NspiSocketFileState.LiveSocket:
            Console.Error.WriteLine($"cimfw: --nspi {path} is a socket a running server listens on; stop that server or pick another path");
            return 1;
    }
    NspiBoard board;
    try
    {
        board = NspiBoard.Create(options.Board,
            new EmulatorOptions { ProfileName = options.Profile, Seed = options.Seed, Chip = ChipDefinition.Load(options.Chip), Noise = options.Noise }, options.NspiChipSelects);
    }
    catch (Exception e) when (e is DeviceProfileException or ChipDefinitionException or ArgumentException)
    {
        Console.Error.WriteLine("cimfw: " + e.Message);
        return 2;
    }
    // The "nspi on" line comes first on stdout: the server's log lines wait for it.
    using var announced = new ManualResetEventSlim(false);
    NspiBoardServer server;
    try
    {
        server = NspiBoardServer.Start(path, board, line =>
        {
            announced.Wait();
            Console.WriteLine("cimfw: nspi: " + line);
        });
    }
    catch (System.IO.DirectoryNotFoundException e)
    {
        Console.Error.WriteLine($"cimfw: --nspi {e.Message} (give a path in an existing folder)");
        return 2;
    }
    catch (Exception e) when (e is System.IO.IOException or System.Net.Sockets.SocketException)
    {
        Console.Error.WriteLine($"cimfw: --nspi {path}: {e.Message}");
        return 1;
    }
    using (server)
    {
        Console.WriteLine($"nspi on {path} (board {board.Name}, {board.Wiring})");
        announced.Set();
        using var stopped = new ManualResetEventSlim(false);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopped.Set();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stopped.Set();
        });
        stopped.Wait();
        Console.WriteLine("cimfw: stopping");
    }
    Console.WriteLine($"cimfw: nspi served {server.TransferCount} transfers ({server.RefusalCount} refused) over {server.ConnectionCount} connections; " +
        (System.IO.File.Exists(path) ? $"{path} could not be removed" : $"{path} removed"));
    return 0;
}

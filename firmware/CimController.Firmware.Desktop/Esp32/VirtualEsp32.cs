using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CimController.Firmware.Desktop.Nspi;

namespace CimController.Firmware.Desktop.Esp32;

/// <summary>
/// The ESP32 app's deployable .pe set running on the POSIX nanoCLR as a virtual ESP32 (the kit's README, "Virtual
/// ESP32"): its SPI bus leaves the interpreter on a Unix socket served by an <see cref="NspiBoardServer"/> in front of the
/// emulated board, and its host serial port is a pseudo-terminal (<see cref="SerialPath"/>) a host opens like a USB
/// serial adapter. <see cref="Start"/> returns once the app has opened that port; <see cref="Dispose"/> stops the nanoCLR
/// (its whole process tree) and the board and removes the socket.
/// </summary>
public sealed class VirtualEsp32 : IDisposable
{
    private readonly LineCapture _clr;
    private readonly string _socketPath;
    private int _disposed;

    private VirtualEsp32(LineCapture clr, NspiBoardServer board, string socketPath, string serialPath, PeSet set)
    {
        _clr = clr;
        Board = board;
        _socketPath = socketPath;
        SerialPath = serialPath;
        PeSet = set;
    }

    /// <summary>The pseudo-terminal the app serves its host on (cimctl: <c>--board serial:PATH</c>).</summary>
    public string SerialPath { get; }

    /// <summary>The emulated board and its SPI server (counters, transfer observer, emulator back doors).</summary>
    public NspiBoardServer Board { get; }

    /// <summary>The set that runs.</summary>
    public PeSet PeSet { get; }

    /// <summary>The nanoCLR's process id.</summary>
    public int ProcessId => _clr.Id;

    /// <summary>True when the nanoCLR has ended.</summary>
    public bool HasExited => _clr.HasExited;

    /// <summary>The last lines the nanoCLR printed (loader, [vspi]/[vserial] notes, uncaught exceptions, the app's Debug output).</summary>
    public string OutputTail(int lines = 20) => _clr.Tail(lines);

    /// <summary>Waits up to <paramref name="timeout"/> for the nanoCLR to end; true when it did.</summary>
    public bool WaitForExit(TimeSpan timeout) => _clr.WaitForExit(timeout);

    /// <summary>Why the nanoCLR ended, in its own words (call after it ended): one line, then its last output.</summary>
    public VirtualEsp32Exception DescribeExit() => Ended(_clr);

    /// <summary>
    /// Starts the board, then the nanoCLR with the set, and waits for the app to open its host port.
    /// </summary>
    /// <exception cref="VirtualEsp32Exception">
    /// No kit, a board name the app cannot use, the nanoCLR ended (load or link failure, an uncaught exception, a
    /// crash), or the port did not appear in time: the message says which, with the nanoCLR's last lines. Nothing started
    /// is left running.
    /// </exception>
    public static VirtualEsp32 Start(VirtualEsp32Options options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        string clrPath = Path.Combine(options.NanoClrKit, "bin", "nanoFramework.nanoCLR.test");
        if (!File.Exists(clrPath))
            throw new VirtualEsp32Exception($"no nanoCLR at {clrPath}: give the kit folder (tools/nanoclr of the team handbook; firmware/README.md, \"The nanoCLR kit\")");
        NspiBoard nspiBoard;
        try
        {
            nspiBoard = NspiBoard.Create(options.Board, options.Emulator, options.ChipSelects);
        }
        catch (ArgumentException e)
        {
            throw new VirtualEsp32Exception(e.Message);
        }
        string socket = Path.Combine(Path.GetTempPath(), "cim-vesp32-" + Guid.NewGuid().ToString("N")[..10] + ".sock");
        NspiBoardServer server = NspiBoardServer.Start(socket, nspiBoard, log);
        LineCapture? clr = null;
        try
        {
            clr = LineCapture.Start(clrPath, options.PeSet.Files, new Dictionary<string, string?> { ["NANOCLR_SPI_SOCKET"] = socket });
            log?.Invoke($"nanoCLR (pid {clr.Id}) runs {options.PeSet.App} and {options.PeSet.Files.Count - 1} assemblies ({options.PeSet.TotalBytes:N0} bytes); board {nspiBoard.Name} on {nspiBoard.Wiring}");
            var pattern = new Regex(@"^\[vserial\] " + Regex.Escape(options.HostPort) + @" -> (/dev/\S+)$");
            string? line = clr.WaitForLine(l => pattern.IsMatch(l), DateTime.UtcNow + options.StartTimeout);
            if (line == null)
            {
                if (clr.HasExited || clr.WaitForExit(TimeSpan.FromMilliseconds(200))) throw Ended(clr);
                throw new VirtualEsp32Exception($"the app did not open {options.HostPort} within {options.StartTimeout.TotalSeconds:F0} s (it opens it once the board " +
                    $"answers; {server.TransferCount} SPI transfers so far, {server.RefusalCount} refused); stopped it", clr.Tail());
            }
            return new VirtualEsp32(clr, server, socket, pattern.Match(line).Groups[1].Value, options.PeSet);
        }
        catch
        {
            clr?.Dispose();
            server.Dispose();
            throw;
        }
    }

    /// <summary>Stops the nanoCLR (process tree) and the board; removes the socket.</summary>
    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _clr.Dispose();
        Board.Dispose();
        if (File.Exists(_socketPath)) File.Delete(_socketPath);
    }

    private static VirtualEsp32Exception Ended(LineCapture clr)
    {
        IReadOnlyList<string> lines = clr.Lines;
        string? uncaught = lines.LastOrDefault(l => l.StartsWith("++++ Uncaught exception:", StringComparison.Ordinal));
        string? needs = lines.FirstOrDefault(l => l.Contains("needs assembly", StringComparison.Ordinal));
        string? error = lines.FirstOrDefault(l => l.StartsWith("Error: ", StringComparison.Ordinal));
        int code = clr.ExitCode;
        string headline = needs != null ? "the nanoCLR could not link the set: " + needs.Trim()
            : uncaught != null ? "the app died: " + uncaught
            : code > 128 ? $"the nanoCLR crashed (signal {code - 128})"
            : code < 0 ? $"the nanoCLR crashed (signal {-code})"
            : error != null ? $"the nanoCLR stopped loading the set ({error})"
            : $"the nanoCLR ended (exit code {code}) without an uncaught exception or a loader error";
        return new VirtualEsp32Exception(headline, clr.Tail());
    }
}

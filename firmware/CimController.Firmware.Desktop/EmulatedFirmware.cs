using System;
using System.Threading;
using CimController.Emulator;
using CimController.Firmware.Desktop.Recording;

namespace CimController.Firmware.Desktop;

/// <summary>
/// The firmware serving an emulated board in-process: the host talks frames over <see cref="HostEnd"/>
/// exactly as over a serial port or socket. The firmware runs on its own thread until the host end is
/// disposed or this object is.
/// </summary>
public sealed class EmulatedFirmware : IDisposable
{
    /// <summary>How long <see cref="Dispose"/> waits for the firmware thread.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly FirmwareHost _host;
    private readonly IHostLink _firmwareEnd;
    private readonly SessionRecorder? _recorder;
    private readonly Func<FirmwareHost, IHostLink, IHostLink>? _wrapLink;
    private readonly Thread _thread;
    private int _disposed;

    private EmulatedFirmware(FirmwareHost host, SessionRecorder? recorder, Func<FirmwareHost, IHostLink, IHostLink>? wrapLink)
    {
        _host = host;
        _recorder = recorder;
        _wrapLink = wrapLink;
        InProcessLink.CreatePair(out _firmwareEnd, out IHostLink hostEnd);
        HostEnd = hostEnd;
        _thread = new Thread(Run) { IsBackground = true, Name = "cimfw in-process" };
        _thread.Start();
    }

    /// <summary>
    /// Builds an emulated board from <paramref name="options"/> (null: defaults), the firmware over it, and
    /// starts serving the in-process link. <paramref name="configure"/> may adjust the firmware configuration.
    /// </summary>
    public static EmulatedFirmware Start(EmulatorOptions? options = null, Action<FirmwareConfig>? configure = null, IClock? clock = null) =>
        StartBoard(FirmwareHost.EmulatorBoard, options, configure, clock, null, null);

    /// <summary>
    /// The firmware over the emulated <paramref name="board"/> (<c>emulator</c> or <c>emulator-discrete</c>), serving the
    /// in-process link; <paramref name="recorder"/> (optional) records the session (the caller finishes it after
    /// <see cref="Dispose"/>); <paramref name="wrapLink"/> (optional) wraps the (recorded) link before it is served, e.g.
    /// in a <see cref="SilenceWatchdogLink"/> on <see cref="FirmwareHost.Clock"/>.
    /// </summary>
    public static EmulatedFirmware StartBoard(string board, EmulatorOptions? options, Action<FirmwareConfig>? configure, IClock? clock, SessionRecorder? recorder,
        Func<FirmwareHost, IHostLink, IHostLink>? wrapLink = null)
    {
        var host = FirmwareHost.Create(board, options ?? new EmulatorOptions(), configure, clock, recorder);
        return new EmulatedFirmware(host, recorder, wrapLink);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the firmware to stop serving (the host end closed); true when it did.</summary>
    public bool WaitForServeEnd(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>The composed firmware (board, profile, configuration).</summary>
    public FirmwareHost Host => _host;

    /// <summary>The host's end of the link: write request frames, read reply frames. Disposing it stops the firmware.</summary>
    public IHostLink HostEnd { get; }

    /// <summary>The emulated board (its bench back door is for tests and benchmarks).</summary>
    public BoardEmulator Emulator => _host.Emulator!;

    /// <summary>The firmware.</summary>
    public Controller Controller => _host.Controller;

    /// <summary>The firmware's configuration (profile limits, payload limit).</summary>
    public FirmwareConfig Config => _host.Config;

    /// <summary>An exception that ended the firmware thread, if any (the serve loop itself does not throw).</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Stops the firmware, closes both link ends and waits (bounded) for the thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _host.Dispose();
        ((IDisposable)_firmwareEnd).Dispose();
        ((IDisposable)HostEnd).Dispose();
        _thread.Join(StopTimeout);
    }

    private void Run()
    {
        try
        {
            IHostLink link = _recorder?.Link(_firmwareEnd) ?? _firmwareEnd;
            if (_wrapLink != null) link = _wrapLink(_host, link);
            _host.Controller.Serve(link);
        }
        catch (Exception e)
        {
            Fault = e;
        }
        finally
        {
            ((IDisposable)_firmwareEnd).Dispose();
        }
    }
}

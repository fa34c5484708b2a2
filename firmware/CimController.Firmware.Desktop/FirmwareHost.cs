using System;
using CimController.Emulator;
using CimController.Protocol;
using CimController.Protocol.Board;

namespace CimController.Firmware.Desktop;

/// <summary>
/// Composes the firmware on a desktop: a board (the emulator, or a real board on Linux spidev), a
/// <see cref="FirmwareConfig"/> filled from the device profile, and the <see cref="Firmware.Controller"/>.
/// Serve it with <see cref="TcpFirmwareServer"/>, <see cref="SerialFirmwareServer"/> or
/// <see cref="EmulatedFirmware"/> (in-process).
/// </summary>
public sealed class FirmwareHost : IDisposable
{
    /// <summary>The board name that selects the emulator.</summary>
    public const string EmulatorBoard = "emulator";

    /// <summary>Largest payload the desktop firmware accepts and sends.</summary>
    public const int DesktopMaxPayload = FrameFormat.MaxPayloadLimit;

    private readonly IDisposable? _ownedBus;

    private FirmwareHost(ISpiBus bus, IDisposable? ownedBus, BoardEmulator? emulator, DeviceProfile profile, FirmwareConfig config, IClock clock)
    {
        _ownedBus = ownedBus;
        Bus = bus;
        Emulator = emulator;
        Profile = profile;
        Config = config;
        try
        {
            Controller = new Controller(bus, clock, config);
        }
        catch
        {
            ownedBus?.Dispose();
            throw;
        }
    }

    /// <summary>The firmware.</summary>
    public Controller Controller { get; }

    /// <summary>The SPI bus the board is on.</summary>
    public ISpiBus Bus { get; }

    /// <summary>The emulated board (bench back door for tests and benchmarks), or null on real hardware.</summary>
    public BoardEmulator? Emulator { get; }

    /// <summary>The device profile whose limits the firmware enforces.</summary>
    public DeviceProfile Profile { get; }

    /// <summary>The firmware's configuration.</summary>
    public FirmwareConfig Config { get; }

    /// <summary>
    /// Builds the firmware over <paramref name="board"/>: <c>emulator</c> (a <see cref="BoardEmulator"/> built from
    /// <paramref name="options"/>) or <c>spidev:/dev/spidevB.C</c> (a real board; only the profile of
    /// <paramref name="options"/> is used, for the firmware's limits). <paramref name="configure"/> may adjust the
    /// configuration before the controller starts.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown board name (the message lists the accepted forms).</exception>
    /// <exception cref="BoardException">No CIM board answers.</exception>
    public static FirmwareHost Create(string board, EmulatorOptions options, Action<FirmwareConfig>? configure = null, IClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(options);
        clock ??= new SystemClock();
        if (string.Equals(board, EmulatorBoard, StringComparison.OrdinalIgnoreCase))
        {
            var emulator = new BoardEmulator(options);
            var config = ConfigFor(emulator.Profile, EmulatorBoard);
            configure?.Invoke(config);
            return new FirmwareHost(emulator, null, emulator, emulator.Profile, config, clock);
        }
        if (board.StartsWith("spidev:", StringComparison.Ordinal) || board.StartsWith("/dev/spidev", StringComparison.Ordinal))
        {
            SpidevSpiBus.Parse(board, out _, out _);
            var profile = options.Profile ?? DeviceProfile.Load(options.ProfileName);
            var config = ConfigFor(profile, "spidev");
            configure?.Invoke(config);
            var bus = SpidevSpiBus.Open(board);
            return new FirmwareHost(bus, bus, null, profile, config, clock);
        }
        throw new ArgumentException($"board '{board}' is not known; accepted: emulator, spidev:/dev/spidevB.C (for example spidev:/dev/spidev0.0)", nameof(board));
    }

    /// <summary>
    /// A configuration for a desktop firmware whose pulses obey <paramref name="profile"/>: profile name,
    /// read voltage, SET/RESET amplitude and pulse-width limits, desktop payload limit.
    /// </summary>
    public static FirmwareConfig ConfigFor(DeviceProfile profile, string boardKind)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new FirmwareConfig
        {
            BoardKind = boardKind,
            ProfileName = profile.Name,
            ReadMillivolts = (int)Math.Round(profile.ReadVoltageVolts * 1000),
            MaxSetMillivolts = (int)Math.Round(profile.MaxSetVolts * 1000),
            MaxResetMillivolts = (int)Math.Round(profile.MaxResetVolts * 1000),
            MinPulseWidthNs = (uint)Math.Ceiling(profile.MinPulseWidthNanoseconds),
            MaxPulseWidthNs = (uint)Math.Floor(profile.MaxPulseWidthNanoseconds),
            MaxPayload = DesktopMaxPayload,
            FirmwareVersion = FirmwareConfig.Version,
        };
    }

    /// <summary>Stops the controller and releases the SPI device.</summary>
    public void Dispose()
    {
        Controller.Stop();
        _ownedBus?.Dispose();
    }
}

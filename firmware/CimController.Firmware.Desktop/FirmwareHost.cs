using System;
using CimController.DiscreteBoard.Emulator;
using CimController.Emulator;
using CimController.Firmware.Desktop.Recording;
using CimController.Firmware.Transcripts;
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

    /// <summary>The emulated discrete AD5328/MCP3208 board (boards/discrete-dac-adc-board.md).</summary>
    public const string DiscreteEmulatorBoard = "emulator-discrete";

    /// <summary>Prefix of a real discrete board on two spidev devices: <c>discrete-spidev:/dev/spidevB.C,/dev/spidevB.D</c> (DAC, ADC).</summary>
    public const string DiscreteSpidevPrefix = "discrete-spidev:";

    /// <summary>The board names <see cref="Create"/> accepts, for messages.</summary>
    public const string AcceptedBoards = "emulator, emulator-discrete, spidev:/dev/spidevB.C (e.g. spidev:/dev/spidev0.0), discrete-spidev:/dev/spidevB.C,/dev/spidevB.D (DAC, ADC)";

    private readonly IDisposable[] _owned;

    /// <summary>Throws a <see cref="FormatException"/> naming the accepted forms when <paramref name="board"/> is not one of them.</summary>
    public static void CheckBoardName(string board)
    {
        if (string.Equals(board, EmulatorBoard, StringComparison.OrdinalIgnoreCase) || string.Equals(board, DiscreteEmulatorBoard, StringComparison.OrdinalIgnoreCase))
            return;
        if (board.StartsWith(DiscreteSpidevPrefix, StringComparison.Ordinal))
        {
            string[] devices = board.Substring(DiscreteSpidevPrefix.Length).Split(',');
            if (devices.Length == 2)
            {
                SpidevSpiBus.Parse(devices[0], out _, out _);
                SpidevSpiBus.Parse(devices[1], out _, out _);
                return;
            }
        }
        else if (board.StartsWith("spidev:", StringComparison.Ordinal) || board.StartsWith("/dev/spidev", StringComparison.Ordinal))
        {
            SpidevSpiBus.Parse(board, out _, out _);
            return;
        }
        throw new FormatException($"board '{board}' is not known; accepted: {AcceptedBoards}");
    }

    private FirmwareHost(Func<Controller> start, ISpiBus? bus, IDisposable[] owned, BoardEmulator? emulator, DiscreteBoardEmulator? discrete, DeviceProfile profile, FirmwareConfig config,
        IClock clock)
    {
        Clock = clock;
        _owned = owned;
        Bus = bus;
        Emulator = emulator;
        DiscreteEmulator = discrete;
        Profile = profile;
        Config = config;
        try
        {
            Controller = start();
        }
        catch
        {
            foreach (IDisposable d in owned) d.Dispose();
            throw;
        }
    }

    /// <summary>The firmware.</summary>
    public Controller Controller { get; }

    /// <summary>The clock the firmware reads (recorded when a recorder was given).</summary>
    public IClock Clock { get; }

    /// <summary>The SPI bus the board is on.</summary>
    public ISpiBus? Bus { get; }

    /// <summary>The emulated discrete board, for <c>emulator-discrete</c>.</summary>
    public DiscreteBoardEmulator? DiscreteEmulator { get; }

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
    /// configuration before the controller starts. <paramref name="recorder"/> (optional) records the session: the
    /// header is written here, the board's buses, the clock and the discrete board's delays are wrapped; wrap each
    /// host link with <see cref="SessionRecorder.Link"/> (the servers' <c>WrapLink</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown board name (the message lists the accepted forms).</exception>
    /// <exception cref="BoardException">No CIM board answers.</exception>
    public static FirmwareHost Create(string board, EmulatorOptions options, Action<FirmwareConfig>? configure = null, IClock? clock = null,
        SessionRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(options);
        clock ??= new SystemClock();
        if (recorder != null) clock = recorder.Clock(clock);
        if (string.Equals(board, EmulatorBoard, StringComparison.OrdinalIgnoreCase))
        {
            var emulator = new BoardEmulator(options);
            var config = ConfigFor(emulator.Profile, EmulatorBoard);
            configure?.Invoke(config);
            recorder?.Begin(TranscriptFormat.RegisterMapBoard, config);
            ISpiBus emulatorBus = recorder?.Bus(emulator, TranscriptFormat.DacBus) ?? emulator;
            return new FirmwareHost(() => new Controller(emulatorBus, clock, config), emulator, Array.Empty<IDisposable>(), emulator, null, emulator.Profile, config, clock);
        }
        if (string.Equals(board, DiscreteEmulatorBoard, StringComparison.OrdinalIgnoreCase))
        {
            var profile = options.Profile ?? DeviceProfile.Load(options.ProfileName);
            var time = new EmulatedTime();
            var discrete = new DiscreteBoardEmulator(DiscreteBoardEmulatorOptions.FromProfile(profile, new DiscreteBoardEmulatorOptions { Seed = options.Seed, NowMicroseconds = time.Now }));
            var config = ConfigFor(profile, "discrete-emulator");
            configure?.Invoke(config);
            var definition = DiscreteBoardDefinition.Standard();
            recorder?.Begin(TranscriptFormat.DiscreteBoard, config, definition);
            var driver = recorder == null
                ? new DiscreteBoardDriver(discrete.Dac, discrete.Adc, time, definition, config)
                : new DiscreteBoardDriver(recorder.Bus(discrete.Dac, TranscriptFormat.DacBus), recorder.Bus(discrete.Adc, TranscriptFormat.AdcBus),
                    recorder.Delay(time), definition, config);
            return new FirmwareHost(() => new Controller(driver, clock, config), null, Array.Empty<IDisposable>(), null, discrete, profile, config, clock);
        }
        if (board.StartsWith(DiscreteSpidevPrefix, StringComparison.Ordinal))
        {
            string[] devices = board.Substring(DiscreteSpidevPrefix.Length).Split(',');
            if (devices.Length != 2)
                throw new ArgumentException($"board '{board}' needs two SPI devices, the DAC's and the ADC's: discrete-spidev:/dev/spidevB.C,/dev/spidevB.D", nameof(board));
            SpidevSpiBus.Parse(devices[0], out int dacBus, out int dacCs);
            SpidevSpiBus.Parse(devices[1], out int adcBus, out int adcCs);
            var profile = options.Profile ?? DeviceProfile.Load(options.ProfileName);
            var definition = DiscreteBoardDefinition.Standard();
            var config = ConfigFor(profile, "discrete-spidev");
            configure?.Invoke(config);
            // AD5328: SPI mode 1 (data clocked on the falling edge); MCP3208: mode 0 (data sheets; boards/discrete-dac-adc-board.md).
            var dac = new SpidevSpiBus(dacBus, dacCs, definition.DacClockHz, 1);
            SpidevSpiBus adc;
            try
            {
                adc = new SpidevSpiBus(adcBus, adcCs, definition.AdcClockHz, 0);
            }
            catch
            {
                dac.Dispose();
                throw;
            }
            recorder?.Begin(TranscriptFormat.DiscreteBoard, config, definition);
            var driver = recorder == null
                ? new DiscreteBoardDriver(dac, adc, new SpinDelay(), definition, config)
                : new DiscreteBoardDriver(recorder.Bus(dac, TranscriptFormat.DacBus), recorder.Bus(adc, TranscriptFormat.AdcBus),
                    recorder.Delay(new SpinDelay()), definition, config);
            return new FirmwareHost(() => new Controller(driver, clock, config), null, new IDisposable[] { dac, adc }, null, null, profile, config, clock);
        }
        if (board.StartsWith("spidev:", StringComparison.Ordinal) || board.StartsWith("/dev/spidev", StringComparison.Ordinal))
        {
            SpidevSpiBus.Parse(board, out _, out _);
            var profile = options.Profile ?? DeviceProfile.Load(options.ProfileName);
            var config = ConfigFor(profile, "spidev");
            configure?.Invoke(config);
            var bus = SpidevSpiBus.Open(board);
            recorder?.Begin(TranscriptFormat.RegisterMapBoard, config);
            ISpiBus recorded = recorder?.Bus(bus, TranscriptFormat.DacBus) ?? bus;
            return new FirmwareHost(() => new Controller(recorded, clock, config), bus, new IDisposable[] { bus }, null, null, profile, config, clock);
        }
        throw new ArgumentException($"board '{board}' is not known; accepted: {AcceptedBoards}", nameof(board));
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
        foreach (IDisposable d in _owned) d.Dispose();
    }
}

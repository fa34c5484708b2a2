using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using CimController.DiscreteBoard.Emulator;
using CimController.Emulator;

namespace CimController.Firmware.Desktop.Nspi;

/// <summary>
/// The emulated board behind an <see cref="NspiBoardServer"/>: its SPI devices by (bus, chip select), as the ESP32 app
/// wires them (firmware/CimController.Firmware.Esp32/Esp32BoardDefinition.cs), and the emulator objects (bench back
/// doors for tests). <c>emulator</c>: the register-map <see cref="BoardEmulator"/> on bus 1 CS0 (mode 0).
/// <c>emulator-discrete</c>: the AD5328 on bus 1 CS0 (mode 1 or 2) and the MCP3208 on bus 1 CS1 (mode 0).
/// Default pins are the DevKitC/WROVER definition's (CS0 GPIO 5, CS1 GPIO 4); the S3 definition uses 10 and 9.
/// </summary>
public sealed class NspiBoard
{
    /// <summary>The SPI bus the app puts the board on (managed bus id, 1-based).</summary>
    public const int Bus = 1;
    /// <summary>CS0 on ESP32-DevKitC (DevKitCWroom/DevKitCWrover): the CIM board, or the AD5328.</summary>
    public const int DefaultCs0 = 5;
    /// <summary>CS1 on ESP32-DevKitC: the MCP3208.</summary>
    public const int DefaultCs1 = 4;
    /// <summary>The board names <see cref="Create"/> accepts, for messages.</summary>
    public const string AcceptedBoards = "emulator, emulator-discrete";

    private readonly NspiDevice[] _devices;

    private NspiBoard(string name, NspiDevice[] devices, BoardEmulator? emulator, DiscreteBoardEmulator? discrete)
    {
        Name = name;
        _devices = devices;
        Emulator = emulator;
        DiscreteEmulator = discrete;
    }

    /// <summary><c>emulator</c> or <c>emulator-discrete</c>.</summary>
    public string Name { get; }
    /// <summary>The devices, CS0 first.</summary>
    public IReadOnlyList<NspiDevice> Devices => _devices;
    /// <summary>The register-map board (<c>emulator</c>), or null.</summary>
    public BoardEmulator? Emulator { get; }
    /// <summary>The discrete board (<c>emulator-discrete</c>), or null. Not thread-safe: touch it only while no transfer runs.</summary>
    public DiscreteBoardEmulator? DiscreteEmulator { get; }

    /// <summary>The register-map board built from <paramref name="options"/> (profile, seed, noise, rows) on bus 1 CS <paramref name="chipSelect"/>, mode 0.</summary>
    public static NspiBoard RegisterMap(EmulatorOptions options, int chipSelect = DefaultCs0)
    {
        ArgumentNullException.ThrowIfNull(options);
        var board = new BoardEmulator(options);
        return new NspiBoard(FirmwareHost.EmulatorBoard,
            new[] { new NspiDevice("register-map CIM board", Bus, chipSelect, board, 0) }, board, null);
    }

    /// <summary>
    /// The discrete board (profile and seed of <paramref name="options"/>, as <c>cimfw --board emulator-discrete</c> builds
    /// it) with the AD5328 on bus 1 CS <paramref name="dacChipSelect"/> (mode 1 or 2: it takes data on the falling SCLK
    /// edge) and the MCP3208 on bus 1 CS <paramref name="adcChipSelect"/> (mode 0). Its physics runs on real monotonic
    /// time: the firmware's delays happen on the other side of the socket, in real time.
    /// </summary>
    public static NspiBoard Discrete(EmulatorOptions options, int dacChipSelect = DefaultCs0, int adcChipSelect = DefaultCs1)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (dacChipSelect == adcChipSelect)
            throw new ArgumentException($"the DAC and the ADC need two chip selects; both are GPIO {dacChipSelect}", nameof(adcChipSelect));
        var profile = options.Profile ?? DeviceProfile.Load(options.ProfileName);
        long start = Stopwatch.GetTimestamp();
        var discrete = new DiscreteBoardEmulator(DiscreteBoardEmulatorOptions.FromProfile(profile, new DiscreteBoardEmulatorOptions
        {
            Seed = options.Seed,
            NowMicroseconds = () => (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds,
        }));
        return new NspiBoard(FirmwareHost.DiscreteEmulatorBoard, new[]
        {
            new NspiDevice("AD5328 DAC", Bus, dacChipSelect, discrete.Dac, 1, 2),
            new NspiDevice("MCP3208 ADC", Bus, adcChipSelect, discrete.Adc, 0),
        }, null, discrete);
    }

    /// <summary>
    /// <paramref name="board"/> (<c>emulator</c> or <c>emulator-discrete</c>) with chip selects <paramref name="chipSelects"/>
    /// (CS0[, CS1]; null or empty: the DevKitC pins 5 and 4).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown board, or a chip-select count the board does not have (the message says what is accepted).</exception>
    public static NspiBoard Create(string board, EmulatorOptions options, IReadOnlyList<int>? chipSelects = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        chipSelects ??= Array.Empty<int>();
        if (string.Equals(board, FirmwareHost.EmulatorBoard, StringComparison.OrdinalIgnoreCase))
        {
            if (chipSelects.Count > 1)
                throw new ArgumentException($"board emulator has one chip select (CS0), {chipSelects.Count} given", nameof(chipSelects));
            return RegisterMap(options, chipSelects.Count == 1 ? chipSelects[0] : DefaultCs0);
        }
        if (string.Equals(board, FirmwareHost.DiscreteEmulatorBoard, StringComparison.OrdinalIgnoreCase))
        {
            if (chipSelects.Count == 1)
                throw new ArgumentException("board emulator-discrete has two chip selects: give CS0,CS1 (DAC, ADC), e.g. 10,9", nameof(chipSelects));
            if (chipSelects.Count > 2)
                throw new ArgumentException($"board emulator-discrete has two chip selects (DAC, ADC), {chipSelects.Count} given", nameof(chipSelects));
            return chipSelects.Count == 2 ? Discrete(options, chipSelects[0], chipSelects[1]) : Discrete(options);
        }
        throw new ArgumentException($"board '{board}' cannot be served over NSPI; accepted: {AcceptedBoards}", nameof(board));
    }

    /// <summary>The device at (<paramref name="bus"/>, <paramref name="chipSelect"/>), or null. Allocation-free (called per transfer).</summary>
    public NspiDevice? Find(int bus, int chipSelect)
    {
        foreach (NspiDevice d in _devices)
            if (d.Bus == bus && d.ChipSelect == chipSelect)
                return d;
        return null;
    }

    /// <summary>"bus 1 CS 5" or "bus 1 CS 5 DAC, CS 4 ADC", for the line cimfw prints.</summary>
    public string Wiring => Devices.Count == 1
        ? $"bus {Bus} CS {Devices[0].ChipSelect}"
        : $"bus {Bus} CS {Devices[0].ChipSelect} DAC, CS {Devices[1].ChipSelect} ADC";

    /// <summary>Every device, for refusal lines: "register-map CIM board on bus 1 CS 5 (mode 0)".</summary>
    public override string ToString() => string.Join("; ", Devices.Select(d => d.ToString()));
}

using System;
using System.Collections.Generic;
using CimController.Emulator;

namespace CimController.Firmware.Desktop.Esp32;

/// <summary>What a <see cref="VirtualEsp32"/> runs: the kit, the app's .pe set, the emulated board behind its SPI bus.</summary>
public sealed class VirtualEsp32Options
{
    /// <summary>The nanoCLR kit folder (holds bin/nanoFramework.nanoCLR.test), e.g. ../shared/tools/nanoclr.</summary>
    public required string NanoClrKit { get; init; }

    /// <summary>The app's deployable set (<see cref="PeSet"/>).</summary>
    public required PeSet PeSet { get; init; }

    /// <summary><c>emulator</c> (the register-map board) or <c>emulator-discrete</c>; it must be the board the app was built for.</summary>
    public string Board { get; init; } = "emulator";

    /// <summary>The emulated board's profile, seed and noise.</summary>
    public EmulatorOptions Emulator { get; init; } = new();

    /// <summary>Chip-select GPIOs (CS0[, CS1]) as the app's board definition wires them; null: the DevKitC pins.</summary>
    public IReadOnlyList<int>? ChipSelects { get; init; }

    /// <summary>The serial port the app serves its host on (the ESP32 app: COM2).</summary>
    public string HostPort { get; init; } = "COM2";

    /// <summary>Longest wait from start to the app opening <see cref="HostPort"/> (boot, board reset, identification).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

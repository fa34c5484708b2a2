using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Protocol.Board;

namespace CimController.Firmware.Desktop.Nspi;

/// <summary>One emulated SPI device at one (bus, chip select), with the SPI modes it works in.</summary>
public sealed class NspiDevice
{
    private readonly int[] _modes;

    /// <summary>A device named <paramref name="name"/> (for log lines) at (<paramref name="bus"/>, <paramref name="chipSelect"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Bus not 1..255, chip select not 0..255, a mode not 0..3, or no mode.</exception>
    public NspiDevice(string name, int bus, int chipSelect, ISpiBus spi, params int[] modes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(spi);
        ArgumentNullException.ThrowIfNull(modes);
        if (bus < 1 || bus > 255)
            throw new ArgumentOutOfRangeException(nameof(bus), bus, "bus must be 1..255 (the 1-based managed bus id of the NSPI request)");
        if (chipSelect < 0 || chipSelect > 255)
            throw new ArgumentOutOfRangeException(nameof(chipSelect), chipSelect, "chip select must be a GPIO number 0..255");
        if (modes.Length == 0 || modes.Any(m => m < 0 || m > 3))
            throw new ArgumentOutOfRangeException(nameof(modes), string.Join(",", modes), "give at least one SPI mode, each 0..3");
        Name = name;
        Bus = bus;
        ChipSelect = chipSelect;
        Spi = spi;
        _modes = modes.Distinct().OrderBy(m => m).ToArray();
    }

    /// <summary>What the device is, for log lines (e.g. "AD5328 DAC").</summary>
    public string Name { get; }
    /// <summary>Managed SPI bus id, 1-based.</summary>
    public int Bus { get; }
    /// <summary>Chip-select GPIO.</summary>
    public int ChipSelect { get; }
    /// <summary>The emulated device: one <see cref="ISpiBus.Transfer"/> per chip-select period.</summary>
    public ISpiBus Spi { get; }
    /// <summary>SPI modes the device works in, ascending.</summary>
    public IReadOnlyList<int> Modes => _modes;

    /// <summary>Whether the device works in SPI mode <paramref name="mode"/>.</summary>
    public bool WorksInMode(int mode) => Array.IndexOf(_modes, mode) >= 0;

    /// <summary>"mode 0", "mode 1 or 2".</summary>
    public string ModesText => "mode " + string.Join(" or ", _modes);

    /// <summary>"AD5328 DAC on bus 1 CS 5 (mode 1 or 2)".</summary>
    public override string ToString() => $"{Name} on bus {Bus} CS {ChipSelect} ({ModesText})";
}

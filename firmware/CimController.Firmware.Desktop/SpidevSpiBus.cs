using System;
using System.Device.Spi;
using System.Globalization;
using System.Text.RegularExpressions;
using CimController.Protocol.Board;

namespace CimController.Firmware.Desktop;

/// <summary>
/// <see cref="ISpiBus"/> over Linux spidev (<c>/dev/spidevB.C</c>) through .NET IoT's
/// <see cref="SpiDevice"/>: mode 0, MSB first, 8-bit words, one full-duplex transfer per transaction.
/// </summary>
public sealed partial class SpidevSpiBus : ISpiBus, IDisposable
{
    /// <summary>Default SPI clock, Hz.</summary>
    public const int DefaultClockHz = 1_000_000;

    private readonly SpiDevice _device;

    /// <summary>Opens spidev bus <paramref name="busId"/>, chip select <paramref name="chipSelect"/>, in SPI mode <paramref name="mode"/> (0-3).</summary>
    public SpidevSpiBus(int busId, int chipSelect, int clockHz = DefaultClockHz, int mode = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mode);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mode, 3);
        ArgumentOutOfRangeException.ThrowIfNegative(busId);
        ArgumentOutOfRangeException.ThrowIfNegative(chipSelect);
        ArgumentOutOfRangeException.ThrowIfLessThan(clockHz, 1);
        BusId = busId;
        ChipSelect = chipSelect;
        var settings = new SpiConnectionSettings(busId, chipSelect)
        {
            ClockFrequency = clockHz,
            Mode = (SpiMode)mode,
            DataBitLength = 8,
            DataFlow = DataFlow.MsbFirst,
        };
        try
        {
            _device = SpiDevice.Create(settings);
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or PlatformNotSupportedException or InvalidOperationException)
        {
            throw new System.IO.IOException($"cannot open SPI device /dev/spidev{busId}.{chipSelect}: {e.Message}", e);
        }
    }

    /// <summary>The spidev bus number.</summary>
    public int BusId { get; }

    /// <summary>The spidev chip-select number.</summary>
    public int ChipSelect { get; }

    /// <summary>Opens the device named like <c>spidev:/dev/spidev0.0</c> (or just <c>/dev/spidev0.0</c>).</summary>
    public static SpidevSpiBus Open(string name, int clockHz = DefaultClockHz)
    {
        Parse(name, out int bus, out int cs);
        return new SpidevSpiBus(bus, cs, clockHz);
    }

    /// <summary>
    /// Parses <c>spidev:/dev/spidevB.C</c> or <c>/dev/spidevB.C</c> into bus B and chip select C.
    /// </summary>
    /// <exception cref="FormatException">The name does not have that form (the message shows the expected one).</exception>
    public static void Parse(string name, out int busId, out int chipSelect)
    {
        var m = SpidevName().Match(name ?? "");
        if (!m.Success)
            throw new FormatException($"SPI device '{name}' is not of the form spidev:/dev/spidevB.C (for example spidev:/dev/spidev0.0)");
        busId = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        chipSelect = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    /// <exception cref="System.IO.IOException">The device cannot be opened or the transfer failed (the message names the device).</exception>
    public void Transfer(byte[] tx, byte[] rx, int count)
    {
        try
        {
            _device.TransferFullDuplex(tx.AsSpan(0, count), rx.AsSpan(0, count));
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new System.IO.IOException($"SPI device /dev/spidev{BusId}.{ChipSelect}: {e.Message}", e);
        }
    }

    /// <summary>Closes the device.</summary>
    public void Dispose() => _device.Dispose();

    [GeneratedRegex(@"^(?:spidev:)?/dev/spidev(\d{1,3})\.(\d{1,3})$")]
    private static partial Regex SpidevName();
}

using System;
using System.Device.Spi;
using CimController.Protocol.Board;

namespace CimController.Firmware.Esp32
{
    /// <summary>
    /// <see cref="ISpiBus"/> over nanoFramework's <see cref="SpiDevice"/> (System.Device.Spi 1.3.89): one
    /// full-duplex transfer per call, chip select held low for its whole length by the driver.
    /// <para>THE ONLY FILE THAT NAMES <c>SpanByte</c>. nanoFramework 1.x's SpiDevice.TransferFullDuplex takes
    /// <c>SpanByte</c> (or <c>ushort[]</c>); the core passes <c>byte[]</c> + count, so the adapter wraps them in a
    /// <c>SpanByte</c> view (a struct: no heap allocation, no copy). The nanoFramework-subset check
    /// (tests/CimController.Firmware.Tests/NfprojTests) excludes this file by name for exactly that reason:
    /// SpanByte is forbidden everywhere else because it does not exist on nanoFramework 2.0 or .NET IoT.</para>
    /// </summary>
    public sealed class Esp32SpiBus : ISpiBus
    {
        private readonly SpiDevice _device;

        /// <summary>Opens the device on <paramref name="busId"/> (1-based) with chip select <paramref name="chipSelectPin"/>.</summary>
        public Esp32SpiBus(int busId, int chipSelectPin, SpiMode mode, int clockHz)
        {
            SpiConnectionSettings settings = new SpiConnectionSettings(busId, chipSelectPin);
            settings.Mode = mode;
            settings.ClockFrequency = clockHz;
            settings.DataBitLength = 8;
            settings.DataFlow = DataFlow.MsbFirst;
            settings.Configuration = SpiBusConfiguration.FullDuplex;
            _device = SpiDevice.Create(settings);
        }

        /// <inheritdoc />
        public void Transfer(byte[] tx, byte[] rx, int count)
        {
            _device.TransferFullDuplex(new SpanByte(tx, 0, count), new SpanByte(rx, 0, count));
        }
    }
}

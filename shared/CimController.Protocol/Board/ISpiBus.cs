namespace CimController.Protocol.Board
{
    /// <summary>
    /// One SPI device: a single full-duplex transfer with chip select held low for its whole length.
    /// The firmware's board driver talks to the CIM board only through this; the board emulator,
    /// Linux spidev and the ESP32's SpiDevice implement it. See boards/SPI-REGISTER-MAP.md.
    /// </summary>
    public interface ISpiBus
    {
        /// <summary>Clocks out <paramref name="count"/> bytes of <paramref name="tx"/> and stores the
        /// bytes clocked in at the same time into <paramref name="rx"/> (both at least count long).</summary>
        void Transfer(byte[] tx, byte[] rx, int count);
    }
}

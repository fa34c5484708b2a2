using CimController.Protocol.Board;

namespace CimController.Firmware
{
    /// <summary>
    /// The MCP3208 8-channel 12-bit SAR ADC (Microchip MCP3204/3208 data sheet DS21298E) on its own chip
    /// select. Facts used, from that data sheet:
    /// <list type="bullet">
    /// <item>Section 5.0: with CS low, the first clock with DIN high is the start bit; then SGL/DIFF and D2, D1, D0
    /// select the input; one more clock completes the sample; on the next falling edge the device outputs a
    /// low null bit, then the 12-bit result MSB first (then LSB first while clocks continue).</item>
    /// <item>Section 6.1: with an 8-bit SPI port send five leading zeros: bytes <c>0b00000_1_S_D2</c>,
    /// <c>D1 D0 000000</c>, <c>00000000</c>; the result is the low 4 bits of the second received byte and the
    /// third byte. SPI mode 0,0 or 1,1; data is clocked in on the rising edge.</item>
    /// <item>Output code = 4096 x VIN / VREF. Clock up to 2 MHz at VDD = 5 V (1 MHz at 2.7 V).</item>
    /// </list>
    /// Allocates nothing after construction.
    /// </summary>
    public sealed class Mcp3208
    {
        /// <summary>Input channels.</summary>
        public const int Channels = 8;
        /// <summary>Largest code.</summary>
        public const int MaxCode = 4095;
        /// <summary>Bytes of one conversion transaction.</summary>
        public const int TransactionBytes = 3;

        private readonly ISpiBus _bus;
        private readonly byte[] _tx = new byte[TransactionBytes];
        private readonly byte[] _rx = new byte[TransactionBytes];

        /// <summary>Creates the driver on the ADC's chip select.</summary>
        public Mcp3208(ISpiBus bus)
        {
            if (bus == null)
            {
                throw new System.ArgumentNullException("bus");
            }
            _bus = bus;
        }

        /// <summary>Conversions done.</summary>
        public uint Conversions { get; private set; }

        /// <summary>One single-ended conversion of <paramref name="channel"/> (0..7); returns the 12-bit code.</summary>
        public int ReadSingleEnded(int channel)
        {
            if (channel < 0 || channel >= Channels)
            {
                throw new System.ArgumentOutOfRangeException("channel", "MCP3208 channel " + channel.ToString() + " is outside 0..7");
            }
            _tx[0] = (byte)(0x06 | (channel >> 2));      // 00000 start=1 SGL=1 D2
            _tx[1] = (byte)((channel & 0x3) << 6);       // D1 D0 then don't-care clocks
            _tx[2] = 0;
            _bus.Transfer(_tx, _rx, TransactionBytes);
            Conversions++;
            if ((_rx[1] & 0x10) != 0)
            {
                throw new BoardException(CimController.Protocol.ErrorCode.BoardError, 0,
                    "MCP3208 null bit read high on channel " + channel.ToString() +
                    " (rx 0x" + _rx[1].ToString("X2") + "): no ADC answers on this chip select (check MISO, CS and SPI mode 0)");
            }
            return ((_rx[1] & 0x0F) << 8) | _rx[2];
        }
    }
}

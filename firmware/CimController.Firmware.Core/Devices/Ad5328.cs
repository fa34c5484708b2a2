using CimController.Protocol.Board;

namespace CimController.Firmware
{
    /// <summary>
    /// The AD5328 octal 12-bit voltage-output DAC (Analog Devices AD5308/AD5318/AD5328 data sheet, Rev. F)
    /// on its own chip select. Facts used, from that data sheet:
    /// <list type="bullet">
    /// <item>3-wire interface up to 30 MHz; one 16-bit word per SYNC-low period, MSB (bit 15) first, shifted
    /// in on the falling edge of SCLK (SPI mode 1; mode 2 also samples on the falling edge). A word is taken
    /// on the 16th falling edge; SYNC raised earlier aborts it. The part has no data output (MISO unused).</item>
    /// <item>Bit 15 = 0: DAC data word, bits 14-12 address A2..A0 (DAC A..H), bits 11-0 the code
    /// (straight binary, 0 = 0 V, all ones = full scale - 1 LSB).</item>
    /// <item>Bit 15 = 1: control word, bits 14-13 select it: 00 GAIN/BUF/VDD (bits 5-4 GAIN: output 0..2 VREF,
    /// bits 3-2 BUF: buffered reference, bits 1-0 VDD as reference, one bit per DAC quad A-D / E-H);
    /// 01 LDAC mode (bits 1-0: 00 LDAC low = outputs follow every write, 01 LDAC high = outputs latched,
    /// 10 single update of all outputs from their input registers); 10 power-down (bits 7-0 = DAC H..A);
    /// 11 reset (bit 12: 0 data reset, 1 data and control reset).</item>
    /// <item>Power-on reset to 0 V; two reference inputs, one per DAC quad; output slew rate 0.7 V/us.</item>
    /// </list>
    /// The control-word encodings agree with public AD5328 code: 0x8003 "VDD as reference",
    /// 0xF000 "data and control reset", 0xA002 "LDAC single update", 0x800C "buffered VREF".
    /// Allocates nothing after construction.
    /// </summary>
    public sealed class Ad5328
    {
        /// <summary>Channels (DAC A..H = 0..7).</summary>
        public const int Channels = 8;
        /// <summary>Largest code.</summary>
        public const int MaxCode = 4095;
        /// <summary>Codes per full scale (4096: the code is a fraction of it).</summary>
        public const int CodeSpan = 4096;
        /// <summary>Bytes of one word (one transaction).</summary>
        public const int WordBytes = 2;

        /// <summary>Control word: GAIN/BUF/VDD register (bits 14-13 = 00).</summary>
        public const int ControlGainBufVdd = 0x8000;
        /// <summary>GAIN bits of both quads: output range 0..2 VREF.</summary>
        public const int GainBoth = 0x0030;
        /// <summary>BUF bits of both quads: buffered reference inputs.</summary>
        public const int BufferBoth = 0x000C;
        /// <summary>VDD-as-reference bits of both quads.</summary>
        public const int VddReferenceBoth = 0x0003;
        /// <summary>Control word: LDAC mode (bits 14-13 = 01).</summary>
        public const int ControlLdac = 0xA000;
        /// <summary>LDAC mode 00: outputs follow every data word.</summary>
        public const int LdacLow = 0;
        /// <summary>LDAC mode 01: outputs hold until a single update.</summary>
        public const int LdacHigh = 1;
        /// <summary>LDAC mode 10: one update of all outputs from their input registers.</summary>
        public const int LdacSingleUpdate = 2;
        /// <summary>Control word: power-down (bits 14-13 = 10), bits 7-0 = DAC H..A powered down.</summary>
        public const int ControlPowerDown = 0xC000;
        /// <summary>Control word: data reset (bits 14-13 = 11, bit 12 = 0).</summary>
        public const int ControlDataReset = 0xE000;
        /// <summary>Control word: data and control reset (bit 12 = 1).</summary>
        public const int ControlFullReset = 0xF000;

        private readonly ISpiBus _bus;
        private readonly byte[] _tx = new byte[WordBytes];
        private readonly byte[] _rx = new byte[WordBytes];

        /// <summary>Creates the driver on the DAC's chip select.</summary>
        public Ad5328(ISpiBus bus)
        {
            if (bus == null)
            {
                throw new System.ArgumentNullException("bus");
            }
            _bus = bus;
        }

        /// <summary>16-bit words sent (each 16 SCLK periods).</summary>
        public uint WordsSent { get; private set; }

        /// <summary>Sends one 16-bit word, MSB first.</summary>
        public void WriteWord(int word)
        {
            _tx[0] = (byte)((word >> 8) & 0xFF);
            _tx[1] = (byte)(word & 0xFF);
            _bus.Transfer(_tx, _rx, WordBytes);
            WordsSent++;
        }

        /// <summary>Writes <paramref name="code"/> (0..4095) to the input register of <paramref name="channel"/> (0..7).</summary>
        public void WriteInput(int channel, int code)
        {
            if (channel < 0 || channel >= Channels)
            {
                throw new System.ArgumentOutOfRangeException("channel", "AD5328 channel " + channel.ToString() + " is outside 0..7");
            }
            if (code < 0 || code > MaxCode)
            {
                throw new System.ArgumentOutOfRangeException("code", "AD5328 code " + code.ToString() + " is outside 0..4095");
            }
            WriteWord((channel << 12) | code);
        }

        /// <summary>Sets the LDAC mode (<see cref="LdacLow"/>, <see cref="LdacHigh"/>, <see cref="LdacSingleUpdate"/>).</summary>
        public void SetLdacMode(int mode)
        {
            WriteWord(ControlLdac | (mode & 0x3));
        }

        /// <summary>Moves every input register to its output at once (LDAC single update).</summary>
        public void Update()
        {
            WriteWord(ControlLdac | LdacSingleUpdate);
        }

        /// <summary>Writes the GAIN/BUF/VDD control register.</summary>
        public void Configure(bool gainTwo, bool bufferedReference, bool vddReference)
        {
            WriteWord(ControlGainBufVdd | (gainTwo ? GainBoth : 0) | (bufferedReference ? BufferBoth : 0) | (vddReference ? VddReferenceBoth : 0));
        }

        /// <summary>Powers down the channels whose bit is set in <paramref name="mask"/> (bit 0 = DAC A); 0 powers all up.</summary>
        public void PowerDown(int mask)
        {
            WriteWord(ControlPowerDown | (mask & 0xFF));
        }

        /// <summary>Data and control reset: every register to its power-on value, outputs to 0 V.</summary>
        public void Reset()
        {
            WriteWord(ControlFullReset);
        }
    }
}

namespace CimController.Protocol.Board
{
    /// <summary>
    /// The CIM board's SPI register map (boards/SPI-REGISTER-MAP.md). All registers are 32-bit,
    /// little-endian. RO = read-only, RW = read-write, WO = write-only.
    /// </summary>
    public static class BoardRegister
    {
        /// <summary>RO. Board identity: 0x424D4943 ("CIMB" as little-endian bytes).</summary>
        public const byte Id = 0x00;
        /// <summary>RO. Register map version: major in bits 8-15, minor in bits 0-7.</summary>
        public const byte Version = 0x01;
        /// <summary>RO. Bits 0-7 tile count, 8-11 row DAC bits, 12-15 ADC bits, 16-19 word-line DAC bits, 20-27 columns per ADC.</summary>
        public const byte Caps = 0x02;
        /// <summary>RO. Bits 0-15 rows per tile, 16-31 columns per tile.</summary>
        public const byte Geometry = 0x03;
        /// <summary>RO. Bits 0-15 input buffer bytes, 16-31 output buffer bytes.</summary>
        public const byte BufferCaps = 0x04;
        /// <summary>RO. Bit 0 busy, bit 1 done, bit 2 error. Also clocked out as rx[0] of every transaction.</summary>
        public const byte Status = 0x05;
        /// <summary>RW. Last error code (<see cref="BoardError"/>) in bits 0-7; any write clears it and the status error bit.</summary>
        public const byte Error = 0x06;
        /// <summary>WO. Writing a <see cref="BoardCommand"/> starts it.</summary>
        public const byte Control = 0x07;
        /// <summary>RW. Selected tile index.</summary>
        public const byte TileSelect = 0x08;
        /// <summary>RW. Bits 0-15 first row, 16-31 row count of the MAC window.</summary>
        public const byte RowWindow = 0x09;
        /// <summary>RW. Bits 0-15 first column, 16-31 column count of the MAC window.</summary>
        public const byte ColumnWindow = 0x0A;
        /// <summary>RW. Number of input vectors in the input buffer for the next MAC.</summary>
        public const byte VectorCount = 0x0B;
        /// <summary>RW. Word-line (gate) DAC code, 10 bits; volts = code * WordLineLsbMicrovolts / 1e6.</summary>
        public const byte WordLineDac = 0x0C;
        /// <summary>RW. Read pulse amplitude code, 8 bits; volts = code * ReadLsbMicrovolts / 1e6. Used by cell reads and MAC bit pulses.</summary>
        public const byte ReadDac = 0x0D;
        /// <summary>RW. Bits 0-15 row, 16-31 column of the cell addressed by READ_CELL and PULSE (in the selected tile).</summary>
        public const byte CellAddress = 0x0E;
        /// <summary>RO. Result of READ_CELL: bits 0-15 sense code (current = code * SenseLsbPicoamps), bits 16-23 column ADC code.</summary>
        public const byte CellResult = 0x0F;
        /// <summary>RW. Bits 0-11 amplitude code (volts = code * PulseLsbMicrovolts / 1e6), bit 31 polarity (0 SET/positive, 1 RESET/negative).</summary>
        public const byte PulseAmplitude = 0x10;
        /// <summary>RW. Pulse width in units of 10 ns.</summary>
        public const byte PulseWidth = 0x11;
        /// <summary>RW. Number of identical pulses, 1..65535.</summary>
        public const byte PulseCount = 0x12;
        /// <summary>RO. Read DAC LSB in microvolts.</summary>
        public const byte ReadLsbMicrovolts = 0x13;
        /// <summary>RO. Pulse amplitude LSB in microvolts.</summary>
        public const byte PulseLsbMicrovolts = 0x14;
        /// <summary>RO. Word-line DAC LSB in microvolts.</summary>
        public const byte WordLineLsbMicrovolts = 0x15;
        /// <summary>RO. Sense ADC LSB in picoamps.</summary>
        public const byte SenseLsbPicoamps = 0x16;
        /// <summary>RO. Column ADC full-scale current in nanoamps (code 2^bits-1 at this current).</summary>
        public const byte AdcFullScaleNanoamps = 0x17;
        /// <summary>RO. Chip clock cycles spent, low 32 bits (latched with the high word on read of the low word).</summary>
        public const byte CyclesLow = 0x18;
        /// <summary>RO. Chip clock cycles spent, high 32 bits.</summary>
        public const byte CyclesHigh = 0x19;
        /// <summary>RO. Tile operations (one input vector through one tile) since counters were cleared.</summary>
        public const byte TileOps = 0x1A;
        /// <summary>RO. Estimated energy in picojoules, low 32 bits (0 on boards without an estimator).</summary>
        public const byte EnergyLow = 0x1B;
        /// <summary>RO. Estimated energy in picojoules, high 32 bits.</summary>
        public const byte EnergyHigh = 0x1C;
        /// <summary>RO. Programming pulses applied since counters were cleared.</summary>
        public const byte PulsesApplied = 0x1D;
        /// <summary>RO. Single-cell reads since counters were cleared.</summary>
        public const byte CellReads = 0x1E;
        /// <summary>RO. Chip clock in kHz (100000 for the Wu 2023 SoC).</summary>
        public const byte ClockKilohertz = 0x1F;
        /// <summary>RO. Absolute pulse limits of the board: bits 0-11 largest amplitude code, bits 12-31 largest width in 10 ns units / 1000 (i.e. in 10 us units).</summary>
        public const byte PulseLimits = 0x20;
        /// <summary>
        /// RW (map 1.1). Programming-pulse path, bit 0: 0 = direct, 1 = the Park 2023 voltage divider (680 ohm series
        /// resistor with two PN diodes): a SET pulse then puts V - V_diode (0.65 V) across the cell, a RESET pulse
        /// (V - V_diode) * R_cell / (R_cell + 680 ohm). Reads and the MAC bypass it. Other bits read 0.
        /// Power-on and SOFT_RESET value 0.
        /// </summary>
        public const byte ResetPath = 0x21;
        /// <summary>
        /// RW (map 1.2). Conversions per vector of the next MAC, 1..<see cref="MaxConversions"/> (bits 0-7; any other value
        /// makes the MAC fail with <see cref="BoardError.ConversionsOutOfRange"/>). With N &gt; 1 the MAC converts every
        /// (vector, column) N times, each with its own noise draw, and writes the u16 little-endian sum of the N codes to
        /// OUTPUT (2 bytes per code, vector-major). Power-on and SOFT_RESET value 1.
        /// </summary>
        public const byte Conversions = 0x22;

        /// <summary>
        /// ROW_REPEAT (map 1.3, RW): bits 0-7 = k, 1..<see cref="MaxRowRepeat"/>. The MAC's row window is k copies of rowCount / k
        /// rows one after another, all driven by the same rowCount / k codes per vector: INPUT holds rowCount / k codes per
        /// vector, and row r + j rowCount / k gets code r (j &lt; k). k must divide the row count. Power-on and SOFT_RESET value 1.
        /// </summary>
        public const byte RowRepeat = 0x23;

        /// <summary>One past the highest register address.</summary>
        public const byte Count = 0x24;

        /// <summary>Value of <see cref="Id"/>.</summary>
        public const uint IdValue = 0x424D4943;
        /// <summary>Value of <see cref="Version"/> for this map (1.1: 1.0 plus RESET_PATH; 1.2: 1.1 plus CONVERSIONS; 1.3: 1.2 plus ROW_REPEAT).</summary>
        public const uint VersionValue = 0x0103;
        /// <summary>First map version with the <see cref="Conversions"/> register (1.2).</summary>
        public const uint ConversionsVersion = 0x0102;
        /// <summary>Largest value of <see cref="Conversions"/>: 128 x 255 fits a u16 sum.</summary>
        public const int MaxConversions = 128;
        /// <summary>First map version with the <see cref="RowRepeat"/> register (1.3).</summary>
        public const uint RowRepeatVersion = 0x0103;
        /// <summary>Largest value of <see cref="RowRepeat"/>.</summary>
        public const int MaxRowRepeat = 16;
    }
}

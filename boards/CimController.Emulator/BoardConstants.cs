namespace CimController.Emulator
{
    /// <summary>
    /// Fixed figures of the emulated board (boards/SPI-REGISTER-MAP.md, "Registers"; Wu 2023 SoC,
    /// ../shared/design/PARAMETERS.md "System"). Device figures live in <see cref="DeviceProfile"/> instead.
    /// </summary>
    public static class BoardConstants
    {
        /// <summary>Row (drive-line) DAC resolution: 8 bits (Wu 2023: 64 row DACs, 8-bit).</summary>
        public const int RowDacBits = 8;
        /// <summary>Read-pulse amplitude DAC (READ_DAC) resolution: 8 bits.</summary>
        public const int ReadDacBits = 8;
        /// <summary>Word-line (gate) DAC resolution: 10 bits (Wu 2023).</summary>
        public const int WordLineDacBits = 10;
        /// <summary>Columns sharing one TIA + ADC: 8 (Wu 2023: "8 operations are needed to read out the whole array").</summary>
        public const int ColumnsPerAdc = 8;
        /// <summary>Cycles of one 8-bit bit-serial conversion: 8 sampling cycles + 1 conversion (Wu 2023).</summary>
        public const int CyclesPerConversion = 9;
        /// <summary>Cycles of one single-cell read (map: "a cell read costs 9 cycles").</summary>
        public const int CyclesPerCellRead = 9;
        /// <summary>Chip clock, kHz (Wu 2023: 100 MHz).</summary>
        public const uint ClockKilohertz = 100_000;
        /// <summary>Read DAC LSB, uV: 2000 (0.1 V is code 50).</summary>
        public const int ReadLsbMicrovolts = 2000;
        /// <summary>Pulse DAC LSB, uV: 2000 (12 bits span 0-8.19 V).</summary>
        public const int PulseLsbMicrovolts = 2000;
        /// <summary>Word-line DAC LSB, uV: 3000 (10 bits span 0-3.07 V).</summary>
        public const int WordLineLsbMicrovolts = 3000;
        /// <summary>Pulse amplitude field width of PULSE_AMP: 12 bits.</summary>
        public const int PulseAmplitudeBits = 12;
        /// <summary>Largest pulse amplitude code (the whole 12-bit DAC) in PULSE_LIMITS.</summary>
        public const uint MaxPulseAmplitudeCode = (1u << PulseAmplitudeBits) - 1;
        /// <summary>PULSE_WIDTH unit: 10 ns, one cycle of the 100 MHz clock.</summary>
        public const int PulseWidthUnitNanoseconds = 10;
        /// <summary>PULSE_LIMITS width unit: 10 us = 1000 PULSE_WIDTH units.</summary>
        public const int PulseLimitWidthUnit = 1000;
        /// <summary>The board's absolute width limit is this many times the profile's longest pulse.</summary>
        public const int BoardWidthLimitFactor = 10;
        /// <summary>Largest PULSE_COUNT.</summary>
        public const uint MaxPulseCount = 65535;
        /// <summary>Largest data length of one burst (map: 4096 bytes).</summary>
        public const int MaxBurstData = 4096;
        /// <summary>Largest width field of PULSE_LIMITS (bits 12-31): 2^20 - 1 units of 10 us = 10.49 s.</summary>
        public const uint MaxPulseLimitWidthUnits = (1u << 20) - 1;
        /// <summary>Series resistor of the RESET_PATH divider, ohm (Park 2023 Fig. 1e/3b: 680 ohm).</summary>
        public const double DividerSeriesOhms = 680;
        /// <summary>
        /// Forward drop of one PN diode of the RESET_PATH divider, V. Assumption from Park 2023: with the divider
        /// the paper raises SET from 0.7 V to 1.35 V and read from 0.2 V to 0.9 V "to compensate the diode turn-on
        /// voltage", i.e. about 0.65 V.
        /// </summary>
        public const double DividerDiodeDropVolts = 0.65;
        /// <summary>Energy of one tile operation on a 64-row tile, pJ (Wu 2023: 2.66 nJ).</summary>
        public const double TileOpEnergyPicojoules64Rows = 2660;
        /// <summary>Energy of one tile operation on a 256-row tile, pJ (Wu 2023 Table 2 / Sec. 2.5: 2.93 nJ for 256x64).</summary>
        public const double TileOpEnergyPicojoules256Rows = 2930;
    }
}

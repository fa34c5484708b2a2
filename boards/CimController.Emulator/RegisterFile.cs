namespace CimController.Emulator
{
    /// <summary>
    /// The board's read-write registers and status flags as last written (SPI-REGISTER-MAP.md, "Registers").
    /// Values are stored as written and range-checked when a command uses them (a bad value then makes that
    /// command fail with the error code and do nothing); only READ_DAC (8 bits) and WL_DAC (10 bits) keep
    /// just their implemented bits, since no error code covers them.
    /// </summary>
    internal sealed class RegisterFile
    {
        public uint TileSelect;
        public uint RowWindow;
        public uint ColumnWindow;
        public uint VectorCount;
        public uint WordLineDac;
        public uint ReadDac;
        public uint CellAddress;
        public uint CellResult;
        public uint PulseAmplitude;
        public uint PulseWidth;
        public uint PulseCount;
        /// <summary>RESET_PATH bit 0 (0 direct, 1 series resistor + diodes).</summary>
        public uint ResetPath;
        /// <summary>CONVERSIONS (map 1.2) as written; the MAC accepts 1..128.</summary>
        public uint Conversions;
        /// <summary>ROW_REPEAT (map 1.3) as written; the MAC accepts 1..16 dividing the row count.</summary>
        public uint RowRepeat;
        /// <summary>Last error code; STATUS.error is set while it is non-zero.</summary>
        public uint Error;
        /// <summary>STATUS.done: the last command finished.</summary>
        public bool Done;
        /// <summary>CYCLES_HI as latched by the last read of CYCLES_LO.</summary>
        public uint CyclesHighLatch;
        /// <summary>ENERGY_HI as latched by the last read of ENERGY_LO.</summary>
        public uint EnergyHighLatch;

        /// <summary>
        /// Power-on values (map, "Commands"): tile 0, full row and column windows, VEC_COUNT 1, READ_DAC for the
        /// profile's read voltage (50 = 0.1 V for the built-in profiles), WL_DAC 0, PULSE_COUNT 1, CONVERSIONS 1, ROW_REPEAT 1; everything
        /// else 0, no error, not done.
        /// </summary>
        public void PowerOn(int rows, int columns, uint readDacCode)
        {
            TileSelect = 0;
            RowWindow = (uint)rows << 16;
            ColumnWindow = (uint)columns << 16;
            VectorCount = 1;
            WordLineDac = 0;
            ReadDac = readDacCode;
            CellAddress = 0;
            CellResult = 0;
            PulseAmplitude = 0;
            PulseWidth = 0;
            PulseCount = 1;
            ResetPath = 0;
            Conversions = 1;
            RowRepeat = 1;
            Error = 0;
            Done = false;
            CyclesHighLatch = 0;
            EnergyHighLatch = 0;
        }
    }
}

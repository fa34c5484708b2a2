namespace CimController.Firmware
{
    /// <summary>
    /// What the command handlers need from a CIM board, whatever it is built from: the register-map board of
    /// boards/SPI-REGISTER-MAP.md (<see cref="RegisterMapBoard"/> over <see cref="BoardDriver"/>) or the
    /// discrete DAC/ADC board of boards/discrete-dac-adc-board.md (<see cref="DiscreteBoardDriver"/>).
    /// The members are the operations the commands use: the board's description, reset and counters, the MAC, and cell
    /// reads and pulses on the tile chosen with <see cref="SelectTile"/>. Implementations allocate nothing on
    /// <see cref="Mac"/>, <see cref="MacSummed"/>, <see cref="ReadSelectedCell"/> and <see cref="ApplyPulseToSelected"/>; they are not thread-safe.
    /// Failures throw <see cref="BoardException"/> (board fault, timeout) or
    /// <see cref="CimController.Protocol.ProtocolException"/> (a request outside the board's range).
    /// </summary>
    public interface ICimBoard
    {
        /// <summary>True once <see cref="Init"/> succeeded.</summary>
        bool IsInitialized { get; }
        /// <summary>Number of tiles (crossbars).</summary>
        int Tiles { get; }
        /// <summary>Rows per tile.</summary>
        int Rows { get; }
        /// <summary>Columns per tile.</summary>
        int Columns { get; }
        /// <summary>Bits of a row input code (Vmm inputs are u8 codes).</summary>
        int RowDacBits { get; }
        /// <summary>Bits of a column output code (Vmm outputs are u8 codes).</summary>
        int AdcBits { get; }
        /// <summary>Word-line DAC bits (0 when the board has no word-line DAC).</summary>
        int WordLineDacBits { get; }
        /// <summary>Columns sharing one converter.</summary>
        int ColumnsPerAdc { get; }
        /// <summary>Current at the largest output code, nA.</summary>
        uint AdcFullScaleNanoamps { get; }
        /// <summary>The read voltage actually applied, uV.</summary>
        uint ReadMicrovolts { get; }
        /// <summary>Clock of the board's cycle counter, kHz.</summary>
        uint ClockKilohertz { get; }
        /// <summary>Current of one sense code of <see cref="ReadSelectedCell"/>, pA.</summary>
        uint SenseLsbPicoamps { get; }
        /// <summary>The board's absolute largest pulse amplitude (either polarity), mV.</summary>
        int MaxPulseMillivolts { get; }
        /// <summary>The board's shortest pulse, ns.</summary>
        uint MinPulseWidthNs { get; }
        /// <summary>The board's longest pulse, ns.</summary>
        uint MaxPulseWidthNs { get; }

        /// <summary>
        /// The amplitude the cell sees for a pulse request of <paramref name="millivolts"/>, uV, with the request's sign:
        /// the request as the board's pulse DAC can make it (its code step); 0 when it rounds to nothing. The pulse limit
        /// check (<see cref="PulseLimits"/>) compares this, not the request, with the limits. Allocates nothing.
        /// </summary>
        long AppliedPulseMicrovolts(int millivolts);

        /// <summary>
        /// The width the cell sees for a pulse request of <paramref name="widthNs"/>, ns (the board's timer step and pulse
        /// edges included); <see cref="CimController.Protocol.ErrorCode.OutOfRange"/> for a width the board cannot time.
        /// The pulse limit check compares this with the limits. Allocates nothing unless it throws.
        /// </summary>
        ulong AppliedPulseWidthNs(uint widthNs);

        /// <summary>Identifies the board, reads or sets up its description and programs the read voltage.</summary>
        void Init(int readMillivolts);

        /// <summary>Puts the board in its safe state: every line at rest, no pulse in flight; conductances kept.</summary>
        void SoftReset();

        /// <summary>Zeroes the board's counters.</summary>
        void ClearCounters();

        /// <summary>
        /// Multiplies <paramref name="vectors"/> u8 input vectors (vector-major, <paramref name="rows"/> bytes each)
        /// through the window of <paramref name="tile"/>; writes <paramref name="cols"/> u8 codes per vector.
        /// </summary>
        void Mac(int tile, int row0, int rows, int col0, int cols, int vectors,
            byte[] input, int inputOffset, byte[] output, int outputOffset);

        /// <summary>
        /// <see cref="Mac"/> with <paramref name="conversions"/> (1..128) conversions of every (vector, column), each with its
        /// own noise, the input applied once: writes <paramref name="cols"/> u16 little-endian sums of the codes per vector
        /// (2 bytes per code, vector-major) from <paramref name="outputOffset"/>. Counts one tile operation per conversion.
        /// </summary>
        void MacSummed(int tile, int row0, int rows, int col0, int cols, int vectors, int conversions,
            byte[] input, int inputOffset, byte[] output, int outputOffset);

        /// <summary>
        /// <see cref="Mac"/> (<paramref name="summed"/> false; <paramref name="conversions"/> 1) or <see cref="MacSummed"/> (true)
        /// over a row window of <paramref name="copies"/> (1..16, dividing <paramref name="rows"/>) copies of rows / copies rows one
        /// after another, all driven by the same rows / copies codes per vector (vector-major in <paramref name="input"/>): copies
        /// of a weight block add their currents on each column (register map 1.3 ROW_REPEAT).
        /// </summary>
        void MacRowCopies(int tile, int row0, int rows, int copies, int col0, int cols, int vectors, int conversions, bool summed,
            byte[] input, int inputOffset, byte[] output, int outputOffset);

        /// <summary>Selects the tile used by <see cref="ReadSelectedCell"/>.</summary>
        void SelectTile(int tile);

        /// <summary>Reads one cell of the selected tile at the read voltage; returns its sense code.</summary>
        int ReadSelectedCell(int row, int col);

        /// <summary>
        /// Applies <paramref name="count"/> identical pulses to one cell of the tile chosen with <see cref="SelectTile"/>:
        /// <paramref name="millivolts"/> &gt; 0 is SET (row positive), &lt; 0 RESET. Refused with
        /// <see cref="CimController.Protocol.ErrorCode.OutOfRange"/> beyond the profile's limits (FirmwareConfig) or the board's own.
        /// </summary>
        void ApplyPulseToSelected(int row, int col, int millivolts, uint widthNs, int count);

        /// <summary>Board cycles spent (see <see cref="ClockKilohertz"/>).</summary>
        ulong ReadCycles();
        /// <summary>Tile operations (one input vector through one tile).</summary>
        uint ReadTileOps();
        /// <summary>Estimated energy, pJ (0 without an estimator).</summary>
        ulong ReadEnergyPicojoules();
        /// <summary>Programming pulses applied.</summary>
        uint ReadPulses();
        /// <summary>Single-cell reads.</summary>
        uint ReadCellReads();
    }
}

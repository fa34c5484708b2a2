using CimController.Protocol;
using CimController.Protocol.Board;

namespace CimController.Firmware
{
    /// <summary>
    /// The register-map CIM board (boards/SPI-REGISTER-MAP.md) as an <see cref="ICimBoard"/>: every member
    /// forwards to <see cref="BoardDriver"/>; <see cref="ApplyPulse"/> writes CELL_ADDR, PULSE_AMP,
    /// PULSE_WIDTH and PULSE_COUNT and runs PULSE, after the profile's and the board's PULSE_LIMITS checks.
    /// Allocates nothing on valid calls.
    /// </summary>
    public sealed class RegisterMapBoard : ICimBoard
    {
        private readonly BoardDriver _driver;
        private readonly FirmwareConfig _config;

        /// <summary>Wraps <paramref name="driver"/>; <paramref name="config"/> gives the profile's pulse limits.</summary>
        public RegisterMapBoard(BoardDriver driver, FirmwareConfig config)
        {
            if (driver == null)
            {
                throw new System.ArgumentNullException("driver");
            }
            if (config == null)
            {
                throw new System.ArgumentNullException("config");
            }
            _driver = driver;
            _config = config;
        }

        /// <summary>The wrapped driver.</summary>
        public BoardDriver Driver { get { return _driver; } }
        /// <inheritdoc />
        public bool IsInitialized { get { return _driver.IsInitialized; } }
        /// <inheritdoc />
        public int Tiles { get { return _driver.Tiles; } }
        /// <inheritdoc />
        public int Rows { get { return _driver.Rows; } }
        /// <inheritdoc />
        public int Columns { get { return _driver.Columns; } }
        /// <inheritdoc />
        public int RowDacBits { get { return _driver.RowDacBits; } }
        /// <inheritdoc />
        public int AdcBits { get { return _driver.AdcBits; } }
        /// <inheritdoc />
        public int WordLineDacBits { get { return _driver.WordLineDacBits; } }
        /// <inheritdoc />
        public int ColumnsPerAdc { get { return _driver.ColumnsPerAdc; } }
        /// <inheritdoc />
        public uint AdcFullScaleNanoamps { get { return _driver.AdcFullScaleNanoamps; } }
        /// <inheritdoc />
        public uint ReadMicrovolts { get { return _driver.ReadMicrovolts; } }
        /// <inheritdoc />
        public uint ClockKilohertz { get { return _driver.ClockKilohertz; } }
        /// <inheritdoc />
        public uint SenseLsbPicoamps { get { return _driver.SenseLsbPicoamps; } }

        /// <summary>The board's absolute pulse limit (PULSE_LIMITS amplitude x PULSE_LSB_UV), mV.</summary>
        public int MaxPulseMillivolts
        {
            get { return (int)((long)_driver.MaxPulseAmplitudeCode * _driver.PulseLsbMicrovolts / 1000); }
        }

        /// <summary>One PULSE_WIDTH unit: 10 ns.</summary>
        public uint MinPulseWidthNs { get { return 10; } }

        /// <summary>PULSE_LIMITS width (10 us units) in ns, at most uint.MaxValue (4.29 s).</summary>
        public uint MaxPulseWidthNs
        {
            get
            {
                ulong ns = (ulong)_driver.MaxPulseWidth10us * 10000UL;
                return ns > 0xFFFFFFFFUL ? 0xFFFFFFFFu : (uint)ns;
            }
        }

        /// <inheritdoc />
        public void Init(int readMillivolts)
        {
            _driver.Init(readMillivolts);
        }

        /// <inheritdoc />
        public void SoftReset()
        {
            _driver.SoftReset();
        }

        /// <inheritdoc />
        public void ClearCounters()
        {
            _driver.ClearCounters();
        }

        /// <inheritdoc />
        public void Mac(int tile, int row0, int rows, int col0, int cols, int vectors,
            byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            _driver.Mac(tile, row0, rows, col0, cols, vectors, input, inputOffset, output, outputOffset);
        }

        /// <summary>Forwards to <see cref="BoardDriver.MacSummed"/> (CONVERSIONS on map 1.2, summed single MACs on 1.1).</summary>
        public void MacSummed(int tile, int row0, int rows, int col0, int cols, int vectors, int conversions,
            byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            _driver.MacSummed(tile, row0, rows, col0, cols, vectors, conversions, input, inputOffset, output, outputOffset);
        }

        /// <summary>Forwards to <see cref="BoardDriver.MacRowCopies"/> (ROW_REPEAT on map 1.3, the codes written per copy before).</summary>
        public void MacRowCopies(int tile, int row0, int rows, int copies, int col0, int cols, int vectors, int conversions, bool summed,
            byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            _driver.MacRowCopies(tile, row0, rows, copies, col0, cols, vectors, conversions, summed, input, inputOffset, output, outputOffset);
        }

        /// <summary>Reads one cell of <paramref name="tile"/> at the read voltage; returns its sense code.</summary>
        public int ReadCell(int tile, int row, int col)
        {
            return _driver.ReadCell(tile, row, col);
        }

        /// <inheritdoc />
        public void SelectTile(int tile)
        {
            _driver.SelectTile(tile);
        }

        /// <inheritdoc />
        public int ReadSelectedCell(int row, int col)
        {
            return _driver.ReadSelectedCell(row, col);
        }

        /// <summary><see cref="ApplyPulseToSelected"/> on a cell of <paramref name="tile"/> (which it selects).</summary>
        public void ApplyPulse(int tile, int row, int col, int millivolts, uint widthNs, int count)
        {
            CheckInitialized();
            RequestCheck.Range("Pulse", "tile", tile, 0, _driver.Tiles - 1);
            _driver.SelectTile(tile);
            ApplyPulseToSelected(row, col, millivolts, widthNs, count);
        }

        /// <summary>
        /// CELL_ADDR, PULSE_AMP (<see cref="AmplitudeCode"/>, bit 31 for RESET), PULSE_WIDTH (10 ns units), PULSE_COUNT,
        /// then PULSE on the selected tile, after the profile's and the board's PULSE_LIMITS checks of the pulse as applied.
        /// </summary>
        public void ApplyPulseToSelected(int row, int col, int millivolts, uint widthNs, int count)
        {
            CheckInitialized();
            RequestCheck.Range("Pulse", "row", row, 0, _driver.Rows - 1);
            RequestCheck.Range("Pulse", "column", col, 0, _driver.Columns - 1);
            PulseLimits.Check("Pulse", _config, this, millivolts, widthNs, count);
            uint amplitude = AmplitudeCode(millivolts) | (millivolts < 0 ? 0x80000000u : 0u);
            _driver.WriteRegister(BoardRegister.CellAddress, (uint)row | ((uint)col << 16));
            _driver.WriteRegister(BoardRegister.PulseAmplitude, amplitude);
            _driver.WriteRegister(BoardRegister.PulseWidth, widthNs / 10);
            _driver.WriteRegister(BoardRegister.PulseCount, (uint)count);
            _driver.RunCommand(BoardCommand.Pulse, "PULSE");
        }

        /// <summary>PULSE_AMP code x PULSE_LSB_UV: the amplitude the pulse DAC makes of the request (nearest code), uV.</summary>
        public long AppliedPulseMicrovolts(int millivolts)
        {
            long microvolts = (long)AmplitudeCode(millivolts) * _driver.PulseLsbMicrovolts;
            return millivolts < 0 ? -microvolts : microvolts;
        }

        /// <summary>The requested width: PULSE_WIDTH counts 10 ns steps, so any other width is refused (OutOfRange).</summary>
        public ulong AppliedPulseWidthNs(uint widthNs)
        {
            if (widthNs % 10 != 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "pulse width " + widthNs.ToString() + " ns is not a whole number of the board's 10 ns steps; refused, nothing applied");
            }
            return widthNs;
        }

        /// <summary>The pulse DAC code of |<paramref name="millivolts"/>|: round(|mV| x 1000 / PULSE_LSB_UV), the nearest code.</summary>
        private uint AmplitudeCode(int millivolts)
        {
            uint lsb = _driver.PulseLsbMicrovolts;
            if (lsb == 0)
            {
                throw new BoardException(ErrorCode.BoardError, 0, "board reports a zero pulse DAC LSB; cannot pulse");
            }
            long magnitude = millivolts < 0 ? -(long)millivolts : millivolts;
            return (uint)((magnitude * 1000 + lsb / 2) / lsb);
        }

        private void CheckInitialized()
        {
            if (!_driver.IsInitialized)
            {
                throw new ProtocolException(ErrorCode.Internal, "board driver used before Init");
            }
        }

        /// <inheritdoc />
        public ulong ReadCycles()
        {
            return _driver.ReadCycles();
        }

        /// <inheritdoc />
        public uint ReadTileOps()
        {
            return _driver.ReadTileOps();
        }

        /// <inheritdoc />
        public ulong ReadEnergyPicojoules()
        {
            return _driver.ReadEnergyPicojoules();
        }

        /// <inheritdoc />
        public uint ReadPulses()
        {
            return _driver.ReadPulses();
        }

        /// <inheritdoc />
        public uint ReadCellReads()
        {
            return _driver.ReadCellReads();
        }
    }
}

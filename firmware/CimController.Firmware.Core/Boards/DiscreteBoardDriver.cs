using CimController.Protocol;
using CimController.Protocol.Board;

namespace CimController.Firmware
{
    /// <summary>
    /// The discrete DAC/ADC board (boards/discrete-dac-adc-board.md) as an <see cref="ICimBoard"/>: an AD5328
    /// drives every row and every column bias, an MCP3208 reads each column's transimpedance amplifier (TIA).
    /// One SPI bus, two chip selects: two <see cref="ISpiBus"/> instances, because the chips want different
    /// SPI modes and clocks (AD5328 mode 1 up to 30 MHz, MCP3208 mode 0 up to 2 MHz).
    /// <para>Read: every line rests at the bias voltage (no voltage across any cell); a read raises row r by
    /// V_read, column c's TIA holds the column at its bias and outputs bias - I x Rf; the sense code is the
    /// drop in ADC codes from that column's zero-current code, measured at <see cref="Init"/>.
    /// Vmm: rows at bias + V_read x x_r / 256 together (one LDAC update), each column converted in turn.
    /// Pulse (V/2 scheme): row at bias + V/2, column at bias - V/2 (signs swapped for RESET) for the pulse
    /// width, with the TIA feedback shunted (mode line high); other cells of the row and column see V/2.</para>
    /// Allocates nothing after <see cref="Init"/>. Not thread-safe.
    /// </summary>
    public sealed partial class DiscreteBoardDriver : ICimBoard
    {
        private const int OffsetAverages = 4;

        private readonly DiscreteBoardDefinition _def;
        private readonly Ad5328 _dac;
        private readonly Mcp3208 _adc;
        private readonly IDelay _delay;
        private readonly FirmwareConfig _config;
        private readonly int[] _input = new int[Ad5328.Channels];
        private readonly int[] _offset;
        private readonly int _biasCode;
        private readonly long _dacWordNs;
        private readonly long _adcConversionNs;
        private ulong _boardNs;
        private uint _tileOps;
        private uint _pulses;
        private uint _cellReads;
        private int _readCodes;

        /// <summary>Creates the driver; call <see cref="Init"/> before anything else.</summary>
        /// <param name="dac">The AD5328's chip select (SPI mode 1).</param>
        /// <param name="adc">The MCP3208's chip select (SPI mode 0).</param>
        /// <param name="delay">Microsecond waits (settling, pulse widths).</param>
        /// <param name="definition">The board's analog build.</param>
        /// <param name="config">The profile's pulse limits (and the read voltage, at <see cref="Init"/>).</param>
        public DiscreteBoardDriver(ISpiBus dac, ISpiBus adc, IDelay delay, DiscreteBoardDefinition definition, FirmwareConfig config)
        {
            if (delay == null)
            {
                throw new System.ArgumentNullException("delay");
            }
            if (definition == null)
            {
                throw new System.ArgumentNullException("definition");
            }
            if (config == null)
            {
                throw new System.ArgumentNullException("config");
            }
            definition.Validate();
            _def = definition;
            _dac = new Ad5328(dac);
            _adc = new Mcp3208(adc);
            _delay = delay;
            _config = config;
            _offset = new int[definition.Columns];
            _biasCode = DacCode((long)definition.BiasMillivolts * 1000);
            _dacWordNs = 16L * 1000000000L / definition.DacClockHz;
            _adcConversionNs = 24L * 1000000000L / definition.AdcClockHz;
            SenseLsbPicoamps = (uint)(((long)definition.AdcReferenceMillivolts * 1000000000L / 4096 + definition.FeedbackOhms / 2) / definition.FeedbackOhms);
            AdcFullScaleNanoamps = (uint)definition.MacFullScaleNanoamps;
        }

        /// <summary>The board's analog build.</summary>
        public DiscreteBoardDefinition Definition { get { return _def; } }
        /// <inheritdoc />
        public bool IsInitialized { get; private set; }
        /// <inheritdoc />
        public int Tiles { get { return 1; } }
        /// <inheritdoc />
        public int Rows { get { return _def.Rows; } }
        /// <inheritdoc />
        public int Columns { get { return _def.Columns; } }
        /// <summary>Vmm inputs are u8 codes (applied with the DAC's resolution: see <see cref="ReadDacCodes"/>).</summary>
        public int RowDacBits { get { return 8; } }
        /// <summary>Vmm outputs are u8 codes scaled from the 12-bit conversion to <see cref="AdcFullScaleNanoamps"/>.</summary>
        public int AdcBits { get { return 8; } }
        /// <inheritdoc />
        public int WordLineDacBits { get { return 0; } }
        /// <summary>All columns share the MCP3208's one converter.</summary>
        public int ColumnsPerAdc { get { return _def.Columns; } }
        /// <inheritdoc />
        public uint AdcFullScaleNanoamps { get; private set; }
        /// <summary>The cycle counter counts board microseconds (SPI words and waits): 1000 kHz.</summary>
        public uint ClockKilohertz { get { return 1000; } }
        /// <summary>One MCP3208 code across the TIA: (VREF / 4096) / Rf.</summary>
        public uint SenseLsbPicoamps { get; private set; }
        /// <summary>DAC codes between bias and bias + V_read.</summary>
        public int ReadDacCodes { get { return _readCodes; } }
        /// <inheritdoc />
        public uint ReadMicrovolts { get { return (uint)((_readCodes * _def.DacFullScaleMicrovolts + Ad5328.CodeSpan / 2) / Ad5328.CodeSpan); } }
        /// <summary>DAC code of the rest (bias) voltage.</summary>
        public int BiasCode { get { return _biasCode; } }
        /// <summary>Largest pulse amplitude the board can apply, mV: twice the smaller distance from bias to a DAC rail.</summary>
        public int MaxPulseMillivolts
        {
            get
            {
                long up = _def.DacFullScaleMicrovolts - (long)_def.BiasMillivolts * 1000;
                long down = (long)_def.BiasMillivolts * 1000;
                return (int)(2 * (up < down ? up : down) / 1000);
            }
        }

        /// <summary>Shortest pulse the board makes (DiscreteBoardDefinition.MinPulseWidthNs), ns.</summary>
        public uint MinPulseWidthNs { get { return _def.MinPulseWidthNs; } }

        /// <summary>Longest pulse (DiscreteBoardDefinition.MaxPulseWidthNs), ns.</summary>
        public uint MaxPulseWidthNs { get { return _def.MaxPulseWidthNs; } }

        /// <summary>Zero-current ADC code of column <paramref name="col"/>, measured at <see cref="Init"/>.</summary>
        public int ColumnOffset(int col)
        {
            return _offset[col];
        }

        /// <summary>
        /// Resets and configures the AD5328 (GAIN 2, buffered references, all channels up, outputs latched until an
        /// LDAC update), puts every line at bias, then measures each column's zero-current code and checks it is
        /// near the bias: a missing or miswired board fails here.
        /// </summary>
        public void Init(int readMillivolts)
        {
            IsInitialized = false;
            long code = ((long)readMillivolts * 1000 * Ad5328.CodeSpan + _def.DacFullScaleMicrovolts / 2) / _def.DacFullScaleMicrovolts;
            int room = Ad5328.MaxCode - _biasCode;
            if (code < 1 || code > room)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "read voltage " + readMillivolts.ToString() + " mV is " + code.ToString() + " DAC codes; the discrete board accepts 1.." +
                    room.ToString() + " codes above the bias (LSB " + (_def.DacFullScaleMicrovolts / Ad5328.CodeSpan).ToString() + " uV)");
            }
            _readCodes = (int)code;
            _dac.Reset();
            _dac.Configure(_def.DacGainTwo, true, false);
            _dac.PowerDown(0);
            _dac.SetLdacMode(Ad5328.LdacHigh);
            AddDacWords(4);
            RestAllLines();

            int expected = (int)((long)_def.BiasMillivolts * 4096 / _def.AdcReferenceMillivolts);
            int tolerance = expected / 10;
            for (int c = 0; c < _def.Columns; c++)
            {
                int sum = 0;
                for (int a = 0; a < OffsetAverages; a++)
                {
                    sum += Convert(c);
                }
                int offset = (sum + OffsetAverages / 2) / OffsetAverages;
                if (offset < expected - tolerance || offset > expected + tolerance)
                {
                    throw new BoardException(ErrorCode.BoardError, 0,
                        "discrete board column " + c.ToString() + " (MCP3208 CH" + _def.AdcChannels[c].ToString() + ") reads code " + offset.ToString() +
                        " at zero current, expected " + expected.ToString() + " +/- " + tolerance.ToString() +
                        " (bias " + _def.BiasMillivolts.ToString() + " mV): check the DAC and ADC chip selects, SPI modes (DAC 1, ADC 0), references and TIA wiring");
                }
                _offset[c] = offset;
            }
            IsInitialized = true;
        }

        /// <summary>Every row and column back to bias, TIAs to measure mode, one LDAC update: nothing is pulsed after this.</summary>
        public void SoftReset()
        {
            RestAllLines();
        }

        /// <inheritdoc />
        public void ClearCounters()
        {
            _boardNs = 0;
            _tileOps = 0;
            _pulses = 0;
            _cellReads = 0;
        }

        /// <summary>Reads one cell of <paramref name="tile"/> at the read voltage; returns its sense code.</summary>
        public int ReadCell(int tile, int row, int col)
        {
            CheckWindow(tile, row, 1, col, 1);
            return ReadSelectedCell(row, col);
        }

        /// <inheritdoc />
        public void SelectTile(int tile)
        {
            if (tile != 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "tile " + tile.ToString() + " is outside 0..0 (the discrete board has one crossbar)");
            }
        }

        /// <summary>Row to bias + V_read, settle, convert the column, row back to bias; returns the drop in ADC codes (0 or more).</summary>
        public int ReadSelectedCell(int row, int col)
        {
            CheckWindow(0, row, 1, col, 1);
            try
            {
                SetLine(_def.RowChannels[row], _biasCode + _readCodes);
                Commit(true);
                int sense = Sense(col);
                _cellReads++;
                return sense;
            }
            finally
            {
                RestRows();
            }
        }

        /// <summary>Board microseconds spent: SPI words, conversions and waits.</summary>
        public ulong ReadCycles()
        {
            return _boardNs / 1000;
        }

        /// <inheritdoc />
        public uint ReadTileOps()
        {
            return _tileOps;
        }

        /// <summary>0: the discrete board has no energy estimator.</summary>
        public ulong ReadEnergyPicojoules()
        {
            return 0;
        }

        /// <inheritdoc />
        public uint ReadPulses()
        {
            return _pulses;
        }

        /// <inheritdoc />
        public uint ReadCellReads()
        {
            return _cellReads;
        }

        private int DacCode(long microvolts)
        {
            return (int)((microvolts * Ad5328.CodeSpan + _def.DacFullScaleMicrovolts / 2) / _def.DacFullScaleMicrovolts);
        }

        private int Sense(int col)
        {
            int drop = _offset[col] - Convert(col);
            return drop < 0 ? 0 : drop;
        }

        private int Convert(int col)
        {
            _boardNs += (ulong)_adcConversionNs;
            return _adc.ReadSingleEnded(_def.AdcChannels[col]);
        }

        private void SetLine(int channel, int code)
        {
            if (_input[channel] != code)
            {
                _dac.WriteInput(channel, code);
                _input[channel] = code;
                AddDacWords(1);
            }
        }

        private void Commit(bool settle)
        {
            _dac.Update();
            AddDacWords(1);
            if (settle)
            {
                Wait(_def.SettleMicroseconds);
            }
        }

        private void Wait(int microseconds)
        {
            _delay.DelayMicroseconds(microseconds);
            _boardNs += (ulong)microseconds * 1000;
        }

        private void AddDacWords(int words)
        {
            _boardNs += (ulong)(words * _dacWordNs);
        }

        private void RestRows()
        {
            for (int r = 0; r < _def.Rows; r++)
            {
                SetLine(_def.RowChannels[r], _biasCode);
            }
            Commit(false);
        }

        private void RestAllLines()
        {
            for (int r = 0; r < _def.Rows; r++)
            {
                _dac.WriteInput(_def.RowChannels[r], _biasCode);
                _input[_def.RowChannels[r]] = _biasCode;
            }
            for (int c = 0; c < _def.Columns; c++)
            {
                _dac.WriteInput(_def.ColumnChannels[c], _biasCode);
                _input[_def.ColumnChannels[c]] = _biasCode;
            }
            _dac.WriteInput(_def.ModeChannel, 0);
            _input[_def.ModeChannel] = 0;
            AddDacWords(_def.Rows + _def.Columns + 1);
            Commit(true);
        }

        private void CheckWindow(int tile, int row0, int rows, int col0, int cols)
        {
            if (!IsInitialized)
            {
                throw new ProtocolException(ErrorCode.Internal, "discrete board driver used before Init");
            }
            if (tile != 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "tile " + tile.ToString() + " is outside 0..0 (the discrete board has one crossbar)");
            }
            if (rows < 1 || row0 < 0 || row0 + rows > _def.Rows)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "row window " + row0.ToString() + "+" + rows.ToString() + " is outside rows 0.." + (_def.Rows - 1).ToString());
            }
            if (cols < 1 || col0 < 0 || col0 + cols > _def.Columns)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "column window " + col0.ToString() + "+" + cols.ToString() + " is outside columns 0.." + (_def.Columns - 1).ToString());
            }
        }
    }
}

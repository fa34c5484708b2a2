using CimController.Protocol;
using CimController.Protocol.Board;

namespace CimController.Firmware
{
    /// <summary>
    /// Drives the CIM board through <see cref="ISpiBus"/> exactly as boards/SPI-REGISTER-MAP.md says:
    /// register reads and writes, burst moves split at <see cref="SpiOpcode.MaxBurstData"/>, commands
    /// with a bounded status poll. The SPI buffers are allocated once in the constructor: a MAC,
    /// a cell read or a counter read allocates nothing. Not thread-safe: one caller at a time.
    /// </summary>
    public sealed partial class BoardDriver
    {
        private const int ReadBurstTurnaround = 6;

        private readonly ISpiBus _bus;
        private readonly int _pollLimit;
        private readonly byte[] _tx;
        private readonly byte[] _rx;

        /// <summary>Creates a driver; call <see cref="Init"/> before anything else.</summary>
        /// <param name="bus">The SPI device the board is on.</param>
        /// <param name="pollLimit">Status polls before a command counts as timed out (FirmwareConfig.BoardPollLimit).</param>
        public BoardDriver(ISpiBus bus, int pollLimit)
        {
            if (bus == null)
            {
                throw new System.ArgumentNullException("bus");
            }
            if (pollLimit < 1)
            {
                throw new System.ArgumentOutOfRangeException("pollLimit", "the board poll limit must be at least 1");
            }
            _bus = bus;
            _pollLimit = pollLimit;
            int size = SpiOpcode.BurstReadHeaderLength + SpiOpcode.MaxBurstData;
            _tx = new byte[size];
            _rx = new byte[size];
        }

        /// <summary>True once <see cref="Init"/> succeeded.</summary>
        public bool IsInitialized { get; private set; }
        /// <summary>VERSION register: major in bits 8-15, minor in bits 0-7.</summary>
        public uint MapVersion { get; private set; }
        /// <summary>Number of tiles (CAPS bits 0-7).</summary>
        public int Tiles { get; private set; }
        /// <summary>Rows per tile (GEOMETRY bits 0-15).</summary>
        public int Rows { get; private set; }
        /// <summary>Columns per tile (GEOMETRY bits 16-31).</summary>
        public int Columns { get; private set; }
        /// <summary>Row DAC resolution (CAPS bits 8-11).</summary>
        public int RowDacBits { get; private set; }
        /// <summary>Column ADC resolution (CAPS bits 12-15).</summary>
        public int AdcBits { get; private set; }
        /// <summary>Word-line DAC resolution (CAPS bits 16-19).</summary>
        public int WordLineDacBits { get; private set; }
        /// <summary>Columns sharing one ADC (CAPS bits 20-27).</summary>
        public int ColumnsPerAdc { get; private set; }
        /// <summary>INPUT buffer bytes (BUFCAPS bits 0-15).</summary>
        public int InputBufferBytes { get; private set; }
        /// <summary>OUTPUT buffer bytes (BUFCAPS bits 16-31).</summary>
        public int OutputBufferBytes { get; private set; }
        /// <summary>Read DAC LSB, microvolts.</summary>
        public uint ReadLsbMicrovolts { get; private set; }
        /// <summary>Pulse DAC LSB, microvolts.</summary>
        public uint PulseLsbMicrovolts { get; private set; }
        /// <summary>Word-line DAC LSB, microvolts.</summary>
        public uint WordLineLsbMicrovolts { get; private set; }
        /// <summary>Sense ADC LSB, picoamps.</summary>
        public uint SenseLsbPicoamps { get; private set; }
        /// <summary>Column ADC full scale, nanoamps.</summary>
        public uint AdcFullScaleNanoamps { get; private set; }
        /// <summary>Chip clock, kHz.</summary>
        public uint ClockKilohertz { get; private set; }
        /// <summary>Board's absolute largest pulse amplitude code (PULSE_LIMITS bits 0-11).</summary>
        public int MaxPulseAmplitudeCode { get; private set; }
        /// <summary>Board's absolute longest pulse, in 10 us units (PULSE_LIMITS bits 12-31).</summary>
        public int MaxPulseWidth10us { get; private set; }
        /// <summary>The READ_DAC code the driver programs (from the requested read voltage).</summary>
        public int ReadDacCode { get; private set; }
        /// <summary>The read voltage actually applied: <see cref="ReadDacCode"/> x <see cref="ReadLsbMicrovolts"/>.</summary>
        public uint ReadMicrovolts { get { return (uint)ReadDacCode * ReadLsbMicrovolts; } }
        /// <summary>Column ADC code (CELL_RESULT bits 16-23) of the last <see cref="ReadCell"/>.</summary>
        public int LastCellColumnCode { get; private set; }

        /// <summary>
        /// Identifies the board and reads its description: ID (must be "CIMB"), VERSION (major 1; 1.2 has CONVERSIONS),
        /// CAPS, GEOMETRY, BUFCAPS, the LSB and full-scale registers, CLOCK_KHZ and PULSE_LIMITS;
        /// clears any pending error and programs READ_DAC for <paramref name="readMillivolts"/>.
        /// </summary>
        public void Init(int readMillivolts)
        {
            IsInitialized = false;
            uint id = ReadRegister(BoardRegister.Id);
            if (id != BoardRegister.IdValue)
            {
                throw new BoardException(ErrorCode.BoardError, 0,
                    "board ID register reads 0x" + id.ToString("X8") + ", expected 0x" + BoardRegister.IdValue.ToString("X8") +
                    " (\"CIMB\"): no CIM board answers on this SPI device (check wiring, chip select and SPI mode 0)");
            }
            uint version = ReadRegister(BoardRegister.Version);
            if ((version >> 8) != (BoardRegister.VersionValue >> 8))
            {
                throw new BoardException(ErrorCode.BoardError, 0,
                    "board register map version " + (version >> 8).ToString() + "." + (version & 0xFF).ToString() +
                    " is not supported: this firmware speaks map " + (BoardRegister.VersionValue >> 8).ToString() + ".x");
            }
            MapVersion = version;
            WriteRegister(BoardRegister.Error, 0);
            if (HasConversionsRegister)
            {
                // One conversion per vector, whatever a firmware that stopped inside a summed MAC left behind.
                WriteRegister(BoardRegister.Conversions, 1);
            }
            if (HasRowRepeatRegister)
            {
                // Every row driven by its own code, whatever a firmware that stopped inside a MAC with row copies left behind.
                WriteRegister(BoardRegister.RowRepeat, 1);
            }

            uint caps = ReadRegister(BoardRegister.Caps);
            Tiles = (int)(caps & 0xFF);
            RowDacBits = (int)((caps >> 8) & 0xF);
            AdcBits = (int)((caps >> 12) & 0xF);
            WordLineDacBits = (int)((caps >> 16) & 0xF);
            ColumnsPerAdc = (int)((caps >> 20) & 0xFF);
            uint geometry = ReadRegister(BoardRegister.Geometry);
            Rows = (int)(geometry & 0xFFFF);
            Columns = (int)(geometry >> 16);
            uint bufcaps = ReadRegister(BoardRegister.BufferCaps);
            InputBufferBytes = (int)(bufcaps & 0xFFFF);
            OutputBufferBytes = (int)(bufcaps >> 16);
            if (Tiles < 1 || Rows < 1 || Columns < 1 || InputBufferBytes < Rows || OutputBufferBytes < Columns)
            {
                throw new BoardException(ErrorCode.BoardError, 0,
                    "board reports an unusable geometry: " + Tiles.ToString() + " tiles of " + Rows.ToString() + "x" + Columns.ToString() +
                    ", buffers " + InputBufferBytes.ToString() + "/" + OutputBufferBytes.ToString() +
                    " bytes (need at least 1 tile, and buffers holding one full row and column vector)");
            }

            ReadLsbMicrovolts = ReadRegister(BoardRegister.ReadLsbMicrovolts);
            PulseLsbMicrovolts = ReadRegister(BoardRegister.PulseLsbMicrovolts);
            WordLineLsbMicrovolts = ReadRegister(BoardRegister.WordLineLsbMicrovolts);
            SenseLsbPicoamps = ReadRegister(BoardRegister.SenseLsbPicoamps);
            AdcFullScaleNanoamps = ReadRegister(BoardRegister.AdcFullScaleNanoamps);
            ClockKilohertz = ReadRegister(BoardRegister.ClockKilohertz);
            uint limits = ReadRegister(BoardRegister.PulseLimits);
            MaxPulseAmplitudeCode = (int)(limits & 0xFFF);
            MaxPulseWidth10us = (int)(limits >> 12);
            if (ReadLsbMicrovolts == 0 || SenseLsbPicoamps == 0)
            {
                throw new BoardException(ErrorCode.BoardError, 0, "board reports a zero read DAC LSB or sense LSB; cannot read conductances");
            }

            long code = ((long)readMillivolts * 1000 + ReadLsbMicrovolts / 2) / ReadLsbMicrovolts;
            if (code < 1 || code > 255)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "read voltage " + readMillivolts.ToString() + " mV needs READ_DAC code " + code.ToString() +
                    " at the board's LSB of " + ReadLsbMicrovolts.ToString() + " uV; the register accepts 1..255");
            }
            ReadDacCode = (int)code;
            WriteRegister(BoardRegister.ReadDac, (uint)ReadDacCode);
            IsInitialized = true;
        }

        /// <summary>SOFT_RESET: windows, DACs, buffers and ERROR to power-on values (conductances kept); then READ_DAC is programmed again.</summary>
        public void SoftReset()
        {
            ClearStaleError(ReadRegister(BoardRegister.Status));
            RunCommand(BoardCommand.SoftReset, "SOFT_RESET");
            WriteRegister(BoardRegister.ReadDac, (uint)ReadDacCode);
        }

        /// <summary>CLEAR_COUNTERS: zeroes cycles, tile operations, energy, pulses and cell reads.</summary>
        public void ClearCounters()
        {
            RunCommand(BoardCommand.ClearCounters, "CLEAR_COUNTERS");
        }

        /// <summary>Reads one cell at the read voltage; returns its sense code (current = code x <see cref="SenseLsbPicoamps"/> pA).</summary>
        public int ReadCell(int tile, int row, int col)
        {
            CheckWindow(tile, row, 1, col, 1);
            SelectTile(tile);
            return ReadSelectedCell(row, col);
        }

        /// <summary>Selects the tile used by <see cref="ReadSelectedCell"/> (no range check beyond the board's own).</summary>
        public void SelectTile(int tile)
        {
            WriteRegister(BoardRegister.TileSelect, (uint)tile);
            ClearStaleError(_rx[0]);
        }

        /// <summary>Reads one cell of the tile chosen by <see cref="SelectTile"/>; returns its sense code.</summary>
        public int ReadSelectedCell(int row, int col)
        {
            WriteRegister(BoardRegister.CellAddress, (uint)row | ((uint)col << 16));
            RunCommand(BoardCommand.ReadCell, "READ_CELL");
            uint result = ReadRegister(BoardRegister.CellResult);
            LastCellColumnCode = (int)((result >> 16) & 0xFF);
            return (int)(result & 0xFFFF);
        }

        /// <summary>
        /// PULSE on a cell of the tile chosen by <see cref="SelectTile"/>: writes CELL_ADDR, PULSE_AMP
        /// (<paramref name="amplitudeRegister"/>: code | polarity bit 31), PULSE_WIDTH (10 ns units) and
        /// PULSE_COUNT, then runs the command. Callers go through <see cref="PulseGuard"/>, which checks the
        /// profile's limits first; this method does no limit check of its own (the board's absolute limit
        /// still applies on the board).
        /// </summary>
        public void PulseSelectedCell(int row, int col, uint amplitudeRegister, uint widthUnits, int count)
        {
            WriteRegister(BoardRegister.CellAddress, (uint)row | ((uint)col << 16));
            WriteRegister(BoardRegister.PulseAmplitude, amplitudeRegister);
            WriteRegister(BoardRegister.PulseWidth, widthUnits);
            WriteRegister(BoardRegister.PulseCount, (uint)count);
            RunCommand(BoardCommand.Pulse, "PULSE");
        }

        /// <summary>Chip cycles spent (CYCLES_LO then CYCLES_HI: reading LO latches HI).</summary>
        public ulong ReadCycles()
        {
            uint lo = ReadRegister(BoardRegister.CyclesLow);
            uint hi = ReadRegister(BoardRegister.CyclesHigh);
            return ((ulong)hi << 32) | lo;
        }

        /// <summary>Tile operations since the counters were cleared.</summary>
        public uint ReadTileOps()
        {
            return ReadRegister(BoardRegister.TileOps);
        }

        /// <summary>Estimated energy in pJ (ENERGY_LO then ENERGY_HI); 0 on boards without an estimator.</summary>
        public ulong ReadEnergyPicojoules()
        {
            uint lo = ReadRegister(BoardRegister.EnergyLow);
            uint hi = ReadRegister(BoardRegister.EnergyHigh);
            return ((ulong)hi << 32) | lo;
        }

        /// <summary>Programming pulses applied.</summary>
        public uint ReadPulses()
        {
            return ReadRegister(BoardRegister.PulsesApplied);
        }

        /// <summary>Single-cell reads done by the board.</summary>
        public uint ReadCellReads()
        {
            return ReadRegister(BoardRegister.CellReads);
        }

        /// <summary>One READ_REG transaction: <c>01 reg 00 00 00 00</c>, value in rx[2..5].</summary>
        public uint ReadRegister(byte register)
        {
            byte[] tx = _tx;
            tx[0] = SpiOpcode.ReadRegister;
            tx[1] = register;
            tx[2] = 0;
            tx[3] = 0;
            tx[4] = 0;
            tx[5] = 0;
            _bus.Transfer(tx, _rx, SpiOpcode.RegisterTransactionLength);
            return ByteOrder.ReadUInt32(_rx, 2);
        }

        /// <summary>One WRITE_REG transaction: <c>02 reg v0 v1 v2 v3</c>.</summary>
        public void WriteRegister(byte register, uint value)
        {
            byte[] tx = _tx;
            tx[0] = SpiOpcode.WriteRegister;
            tx[1] = register;
            ByteOrder.WriteUInt32(tx, 2, value);
            _bus.Transfer(tx, _rx, SpiOpcode.RegisterTransactionLength);
        }

        /// <summary>Writes <paramref name="count"/> bytes into a board buffer from <paramref name="boardOffset"/>, in bursts of at most <see cref="SpiOpcode.MaxBurstData"/>.</summary>
        public void WriteBuffer(byte buffer, int boardOffset, byte[] source, int sourceOffset, int count)
        {
            byte[] tx = _tx;
            while (count > 0)
            {
                int n = count > SpiOpcode.MaxBurstData ? SpiOpcode.MaxBurstData : count;
                tx[0] = SpiOpcode.WriteBurst;
                tx[1] = buffer;
                ByteOrder.WriteUInt16(tx, 2, boardOffset);
                ByteOrder.WriteUInt16(tx, 4, n);
                System.Array.Copy(source, sourceOffset, tx, SpiOpcode.BurstWriteHeaderLength, n);
                _bus.Transfer(tx, _rx, SpiOpcode.BurstWriteHeaderLength + n);
                boardOffset += n;
                sourceOffset += n;
                count -= n;
            }
        }

        /// <summary>Reads <paramref name="count"/> bytes of a board buffer from <paramref name="boardOffset"/>, in bursts of at most <see cref="SpiOpcode.MaxBurstData"/>.</summary>
        public void ReadBuffer(byte buffer, int boardOffset, byte[] destination, int destinationOffset, int count)
        {
            while (count > 0)
            {
                int n = count > SpiOpcode.MaxBurstData ? SpiOpcode.MaxBurstData : count;
                ReadBurst(buffer, boardOffset, n);
                System.Array.Copy(_rx, SpiOpcode.BurstReadHeaderLength, destination, destinationOffset, n);
                boardOffset += n;
                destinationOffset += n;
                count -= n;
            }
        }

        /// <summary>One READ_BURST transaction of <paramref name="n"/> bytes (at most <see cref="SpiOpcode.MaxBurstData"/>) into the receive buffer.</summary>
        private void ReadBurst(byte buffer, int boardOffset, int n)
        {
            byte[] tx = _tx;
            tx[0] = SpiOpcode.ReadBurst;
            tx[1] = buffer;
            ByteOrder.WriteUInt16(tx, 2, boardOffset);
            ByteOrder.WriteUInt16(tx, 4, n);
            System.Array.Clear(tx, ReadBurstTurnaround, 1 + n);
            _bus.Transfer(tx, _rx, SpiOpcode.BurstReadHeaderLength + n);
        }

        /// <summary>
        /// Writes <paramref name="command"/> to CONTROL and polls STATUS at most the poll limit times
        /// until it is done. A board error is cleared and thrown as <see cref="ErrorCode.BoardError"/>;
        /// an exhausted poll budget as <see cref="ErrorCode.BoardTimeout"/>.
        /// </summary>
        public void RunCommand(uint command, string name)
        {
            WriteRegister(BoardRegister.Control, command);
            for (int poll = 0; poll < _pollLimit; poll++)
            {
                uint status = ReadRegister(BoardRegister.Status);
                if ((status & BoardStatus.Error) != 0)
                {
                    uint code = ReadRegister(BoardRegister.Error) & 0xFF;
                    WriteRegister(BoardRegister.Error, 0);
                    throw new BoardException(ErrorCode.BoardError, code,
                        "board reported error " + code.ToString() + " (" + BoardException.BoardErrorName(code) + ") during " + name);
                }
                if ((status & BoardStatus.Busy) == 0 && (status & BoardStatus.Done) != 0)
                {
                    return;
                }
            }
            throw new BoardException(ErrorCode.BoardTimeout, 0,
                "board did not finish " + name + " within " + _pollLimit.ToString() + " status polls");
        }

        /// <summary>TILE_SEL (clearing an error left before), ROW_WINDOW and COL_WINDOW of a MAC.</summary>
        private void SetWindow(int tile, int row0, int rows, int col0, int cols)
        {
            WriteRegister(BoardRegister.TileSelect, (uint)tile);
            ClearStaleError(_rx[0]);
            WriteRegister(BoardRegister.RowWindow, (uint)row0 | ((uint)rows << 16));
            WriteRegister(BoardRegister.ColumnWindow, (uint)col0 | ((uint)cols << 16));
        }

        /// <summary>Clears an error left by an earlier transaction so that the next command reports only its own.</summary>
        private void ClearStaleError(uint status)
        {
            if ((status & BoardStatus.Error) != 0)
            {
                WriteRegister(BoardRegister.Error, 0);
            }
        }

        private void CheckWindow(int tile, int row0, int rows, int col0, int cols)
        {
            if (!IsInitialized)
            {
                throw new ProtocolException(ErrorCode.Internal, "board driver used before Init");
            }
            if (tile < 0 || tile >= Tiles)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "tile " + tile.ToString() + " is outside 0.." + (Tiles - 1).ToString());
            }
            if (rows < 1 || row0 < 0 || row0 + rows > Rows)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "row window " + row0.ToString() + "+" + rows.ToString() + " is outside rows 0.." + (Rows - 1).ToString());
            }
            if (cols < 1 || col0 < 0 || col0 + cols > Columns)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "column window " + col0.ToString() + "+" + cols.ToString() + " is outside columns 0.." + (Columns - 1).ToString());
            }
        }
    }
}

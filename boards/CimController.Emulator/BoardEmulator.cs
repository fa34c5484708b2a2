using System;
using CimController.Protocol.Board;

namespace CimController.Emulator
{
    /// <summary>
    /// The CIM board at its SPI interface (boards/SPI-REGISTER-MAP.md, map 1.2), modelled on the Wu 2023 SoC:
    /// tiles of 1T1R cells, 8-bit row DACs, a bit-serial MAC read by 8-bit column ADCs shared by 8 columns,
    /// single-cell reads and programming pulses, with cycle, tile-op and energy counters.
    /// It sees nothing but SPI transactions (<see cref="Transfer"/>); one transaction runs at a time.
    /// Commands complete inside the transaction that writes CONTROL, so STATUS.busy is never seen set.
    /// <para>
    /// The members under "bench back door" (conductance access, <see cref="Counters"/>) are for tests and
    /// benchmarks only: they are NOT reachable over SPI, and firmware must not rely on them.
    /// </para>
    /// </summary>
    public sealed partial class BoardEmulator : ISpiBus
    {
        private readonly object gate = new object();
        private readonly Tile[] tiles;
        private readonly byte[] inputBuffer;
        private readonly byte[] outputBuffer;
        private readonly RegisterFile registers = new RegisterFile();
        private readonly EmulatorCounters counters = new EmulatorCounters();
        private readonly NoiseSource noise;
        private readonly ColumnAdc adc;
        private readonly IDeviceResponse? response;
        private readonly DeviceModel model;
        private readonly uint powerOnReadDac;
        private readonly uint pulseLimits;
        private readonly uint maxPulseWidthUnits;
        private readonly double tileOpEnergyPicojoules;
        private readonly int macThreads;
        private readonly RepeatedRows repeatedRows = new RepeatedRows();

        /// <summary>A default board: 4 tiles of 64x64, b-RRAM profile, noise on, seed 1.</summary>
        public BoardEmulator() : this(new EmulatorOptions()) { }

        /// <summary>A board built to <paramref name="options"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">An option out of range (the message names it).</exception>
        /// <exception cref="DeviceProfileException">The profile cannot be loaded.</exception>
        public BoardEmulator(EmulatorOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            options.Validate();
            Options = options;
            Profile = options.Profile ?? DeviceProfile.Load(options.ProfileName);
            Tiles = options.BoardTiles;
            Rows = options.BoardRows;
            Columns = options.BoardColumns;
            ColumnsPerAdc = options.BoardColumnsPerAdc;
            inputBuffer = new byte[options.BoardInputBufferBytes];
            outputBuffer = new byte[options.BoardOutputBufferBytes];
            noise = new NoiseSource(options.Seed);
            adc = new ColumnAdc(Profile, options.Noise);
            response = options.DeviceResponse;
            model = DeviceModel.Create(Profile, Tiles, Rows, Columns, options.Seed);
            tileOpEnergyPicojoules = options.TileOpEnergyPicojoules;
            // a helper thread on a one-core machine would only take turns with the caller
            macThreads = Environment.ProcessorCount < 2 ? 1 : options.MacThreads == 0 ? 2 : options.MacThreads;

            // Board absolute pulse limit (PULSE_LIMITS): the whole 12-bit pulse DAC, and 10x the profile's
            // longest pulse rounded up to the register's 10 us unit.
            double boardWidthNs = Profile.MaxPulseWidthNanoseconds * BoardConstants.BoardWidthLimitFactor;
            uint widthLimit10us = (uint)Math.Min(BoardConstants.MaxPulseLimitWidthUnits,
                Math.Ceiling(boardWidthNs / (BoardConstants.PulseWidthUnitNanoseconds * BoardConstants.PulseLimitWidthUnit) - 1e-9));
            maxPulseWidthUnits = widthLimit10us * BoardConstants.PulseLimitWidthUnit;
            pulseLimits = BoardConstants.MaxPulseAmplitudeCode | (widthLimit10us << BoardConstants.PulseAmplitudeBits);
            powerOnReadDac = (uint)Math.Round(Profile.ReadVoltageVolts * 1e6 / BoardConstants.ReadLsbMicrovolts);

            tiles = new Tile[Tiles];
            for (int t = 0; t < Tiles; t++)
            {
                tiles[t] = new Tile(Rows, Columns);
                model.Fabricate(t, tiles[t].Conductances, SplitMix64.Mix(((ulong)(uint)options.Seed << 8) ^ (ulong)t ^ 0x54696C65UL));
            }
            registers.PowerOn(Rows, Columns, powerOnReadDac);
        }

        /// <summary>The options the board was built with.</summary>
        public EmulatorOptions Options { get; }
        /// <summary>The device profile of every tile.</summary>
        public DeviceProfile Profile { get; }
        /// <summary>Number of tiles (CAPS bits 0-7).</summary>
        public int Tiles { get; }
        /// <summary>Columns sharing one ADC (CAPS bits 20-27): a tile operation converts that many columns one after another.</summary>
        public int ColumnsPerAdc { get; }
        /// <summary>Rows per tile (GEOMETRY bits 0-15).</summary>
        public int Rows { get; }
        /// <summary>Columns per tile (GEOMETRY bits 16-31).</summary>
        public int Columns { get; }

        /// <summary>
        /// One SPI transaction (chip select low for <paramref name="count"/> bytes). rx[0] is the low byte of
        /// STATUS as it was when the transaction began; other rx bytes are 0 unless the opcode defines them.
        /// A malformed transaction sets STATUS.error and the ERROR code and changes nothing else.
        /// </summary>
        /// <exception cref="ArgumentNullException">tx or rx is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">count is negative or longer than tx or rx (a caller bug, not a bus event).</exception>
        public void Transfer(byte[] tx, byte[] rx, int count)
        {
            ArgumentNullException.ThrowIfNull(tx);
            ArgumentNullException.ThrowIfNull(rx);
            if (count < 0 || count > tx.Length || count > rx.Length)
                throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be within 0..min(tx.Length, rx.Length) = {Math.Min(tx.Length, rx.Length)}");
            lock (gate)
            {
                if (count == 0)
                {
                    Fail(BoardError.Truncated);
                    return;
                }
                rx[0] = (byte)StatusValue();
                switch (tx[0])
                {
                    case SpiOpcode.ReadRegister:
                        ClearRx(rx, 1, count);
                        if (count < SpiOpcode.RegisterTransactionLength) { Fail(BoardError.Truncated); return; }
                        if (TryReadRegister(tx[1], out uint value))
                        {
                            rx[2] = (byte)value;
                            rx[3] = (byte)(value >> 8);
                            rx[4] = (byte)(value >> 16);
                            rx[5] = (byte)(value >> 24);
                        }
                        return;
                    case SpiOpcode.WriteRegister:
                        ClearRx(rx, 1, count);
                        if (count < SpiOpcode.RegisterTransactionLength) { Fail(BoardError.Truncated); return; }
                        WriteRegister(tx[1], (uint)(tx[2] | tx[3] << 8 | tx[4] << 16 | tx[5] << 24));
                        return;
                    case SpiOpcode.WriteBurst:
                    case SpiOpcode.ReadBurst:
                        Burst(tx, rx, count);
                        return;
                    default:
                        ClearRx(rx, 1, count);
                        Fail(BoardError.BadOpcode);
                        return;
                }
            }
        }

        /// <summary>WRITE_BURST / READ_BURST: header, then buffer, bounds, and length checks.</summary>
        private void Burst(byte[] tx, byte[] rx, int count)
        {
            bool read = tx[0] == SpiOpcode.ReadBurst;
            int header = read ? SpiOpcode.BurstReadHeaderLength : SpiOpcode.BurstWriteHeaderLength;
            if (count < header)
            {
                ClearRx(rx, 1, count);
                Fail(BoardError.Truncated);
                return;
            }
            byte[]? buffer = tx[1] switch
            {
                SpiBuffer.Input => inputBuffer,
                SpiBuffer.Output => outputBuffer,
                _ => null,
            };
            int offset = tx[2] | tx[3] << 8;
            int length = tx[4] | tx[5] << 8;
            uint error = buffer == null ? BoardError.BadBuffer
                : length > BoardConstants.MaxBurstData || offset + length > buffer.Length ? BoardError.BufferOverflow
                : count < header + length ? BoardError.Truncated
                : BoardError.None;
            if (error != BoardError.None || buffer == null)
            {
                ClearRx(rx, 1, count);
                Fail(error);
                return;
            }
            if (read)
            {
                ClearRx(rx, 1, header);
                Buffer.BlockCopy(buffer, offset, rx, header, length);
                ClearRx(rx, header + length, count);
            }
            else
            {
                ClearRx(rx, 1, count);
                Buffer.BlockCopy(tx, header, buffer, offset, length);
            }
        }

        private static void ClearRx(byte[] rx, int from, int to)
        {
            if (to > from) Array.Clear(rx, from, to - from);
        }

        /// <summary>Records an error: ERROR = code, STATUS.error set; nothing else changes.</summary>
        private void Fail(uint code) => registers.Error = code;

        private uint StatusValue() =>
            (registers.Done ? BoardStatus.Done : 0) | (registers.Error != BoardError.None ? BoardStatus.Error : 0);

        // ---- bench back door: NOT reachable over SPI ----

        /// <summary>Bench back door (not reachable over SPI): a snapshot of the activity counters.</summary>
        public EmulatorCounters Counters
        {
            get { lock (gate) return counters.Snapshot(); }
        }

        /// <summary>Bench back door (not reachable over SPI): the conductance of one cell now (drift included), uS.</summary>
        public float GetConductanceMicrosiemens(int tile, int row, int col)
        {
            lock (gate)
            {
                Tile t = TileAt(tile);
                int cell = CheckRow(row) * Columns + CheckColumn(col);
                model.RefreshCell(tile, cell, t.Conductances, counters.LifetimeCycles);
                return t.Conductances[cell];
            }
        }

        /// <summary>Bench back door (not reachable over SPI): sets one cell's conductance (finite, >= 0 uS; not clamped to
        /// the profile range); it counts as programmed now (drift starts again). Stuck cells are set too.</summary>
        public void SetConductanceMicrosiemens(int tile, int row, int col, float microsiemens)
        {
            Tile.CheckConductance(microsiemens, nameof(microsiemens));
            lock (gate)
            {
                int cell = CheckRow(row) * Columns + CheckColumn(col);
                TileAt(tile).Conductances[cell] = microsiemens;
                model.Programmed(tile, cell, microsiemens, counters.LifetimeCycles);
            }
        }

        /// <summary>Bench back door (not reachable over SPI): sets a whole tile from Rows x Columns row-major conductances, uS
        /// (every cell counts as programmed now).</summary>
        public void SetTile(int tile, float[] rowMajorMicrosiemens)
        {
            ArgumentNullException.ThrowIfNull(rowMajorMicrosiemens);
            lock (gate)
            {
                Tile t = TileAt(tile);
                t.CopyFrom(rowMajorMicrosiemens);
                model.Programmed(tile, t.Conductances, counters.LifetimeCycles);
            }
        }

        /// <summary>Bench back door (not reachable over SPI): a row-major copy of a tile's conductances now (drift included), uS.</summary>
        public float[] GetTile(int tile)
        {
            lock (gate)
            {
                Tile t = TileAt(tile);
                model.RefreshTile(tile, t.Conductances, counters.LifetimeCycles, force: true);
                return (float[])t.Conductances.Clone();
            }
        }

        /// <summary>Bench back door (not reachable over SPI): whether a cell is stuck (ignores pulses, reads a fixed conductance).</summary>
        public bool IsStuck(int tile, int row, int col)
        {
            lock (gate)
            {
                TileAt(tile);
                return model.IsStuck(tile, CheckRow(row) * Columns + CheckColumn(col));
            }
        }

        /// <summary>
        /// Bench back door (not reachable over SPI): the board sits idle for <paramref name="seconds"/>: the lifetime
        /// clock (the clock of retention drift and of the HfO2 heat variable) advances; the CYCLES counter does not.
        /// </summary>
        public void AdvanceTime(double seconds)
        {
            if (!(seconds >= 0) || seconds > 1e10)
                throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "seconds must be within [0, 1e10]");
            lock (gate) counters.AdvanceLifetime((ulong)Math.Round(seconds * BoardConstants.ClockKilohertz * 1000.0));
        }

        /// <summary>Bench back door (not reachable over SPI): the lifetime clock in seconds (cycles since power-on at 100 MHz, idle time included).</summary>
        public double LifetimeSeconds
        {
            get { lock (gate) return counters.LifetimeCycles / (BoardConstants.ClockKilohertz * 1000.0); }
        }

        private Tile TileAt(int tile)
        {
            if (tile < 0 || tile >= Tiles)
                throw new ArgumentOutOfRangeException(nameof(tile), tile, $"tile must be within 0..{Tiles - 1}");
            return tiles[tile];
        }

        private int CheckRow(int row) =>
            row >= 0 && row < Rows ? row : throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be within 0..{Rows - 1}");

        private int CheckColumn(int col) =>
            col >= 0 && col < Columns ? col : throw new ArgumentOutOfRangeException(nameof(col), col, $"column must be within 0..{Columns - 1}");
    }
}

namespace CimController.Emulator
{
    /// <summary>
    /// Activity counters of the board (registers CYCLES, TILE_OPS, ENERGY, PULSES, CELL_READS), kept at full
    /// width; the registers expose their low bits. <see cref="BoardEmulator.Counters"/> returns a snapshot.
    /// Costs (SPI-REGISTER-MAP.md, "Timing and energy"; Wu 2023): a tile operation takes
    /// 9 x min(colCount, 8) cycles and 2.66 nJ (64 rows) to 2.93 nJ (256 rows); a cell read 9 cycles;
    /// a pulse its width in 10 ns cycles. Reads and pulses add no energy (the paper gives none).
    /// </summary>
    public sealed class EmulatorCounters
    {
        /// <summary>Chip cycles at 100 MHz.</summary>
        public ulong Cycles { get; private set; }
        /// <summary>Tile operations: one input vector through one tile.</summary>
        public ulong TileOps { get; private set; }
        /// <summary>Estimated energy, pJ (unrounded; the ENERGY registers hold it rounded to whole pJ).</summary>
        public double EnergyPicojoules { get; private set; }
        /// <summary>Programming pulses applied.</summary>
        public ulong Pulses { get; private set; }
        /// <summary>Single-cell reads.</summary>
        public ulong CellReads { get; private set; }
        /// <summary>
        /// Cycles since power-on, never cleared (CLEAR_COUNTERS leaves it), plus idle time given to
        /// <see cref="BoardEmulator.AdvanceTime"/>: the clock of retention drift and of the HfO2 heat variable.
        /// </summary>
        public ulong LifetimeCycles { get; private set; }

        internal void AdvanceLifetime(ulong cycles) => LifetimeCycles += cycles;

        internal void AddTileOps(ulong ops, ulong cyclesPerOp, double energyPerOpPicojoules)
        {
            TileOps += ops;
            Cycles += ops * cyclesPerOp;
            LifetimeCycles += ops * cyclesPerOp;
            EnergyPicojoules += ops * energyPerOpPicojoules;
        }

        internal void AddCellRead(ulong cycles)
        {
            CellReads++;
            Cycles += cycles;
            LifetimeCycles += cycles;
        }

        internal void AddPulses(ulong pulses, ulong cyclesPerPulse)
        {
            Pulses += pulses;
            Cycles += pulses * cyclesPerPulse;
            LifetimeCycles += pulses * cyclesPerPulse;
        }

        internal void Clear()
        {
            Cycles = 0;
            TileOps = 0;
            EnergyPicojoules = 0;
            Pulses = 0;
            CellReads = 0;
        }

        internal void Restore(EmulatorState from)
        {
            Cycles = from.Cycles;
            TileOps = from.TileOps;
            EnergyPicojoules = from.EnergyPicojoules;
            Pulses = from.Pulses;
            CellReads = from.CellReads;
            LifetimeCycles = from.LifetimeCycles;
        }

        internal EmulatorCounters Snapshot() => (EmulatorCounters)MemberwiseClone();

        /// <inheritdoc/>
        public override string ToString() =>
            $"cycles {Cycles}, tile ops {TileOps}, energy {EnergyPicojoules:F1} pJ, pulses {Pulses}, cell reads {CellReads}";
    }
}

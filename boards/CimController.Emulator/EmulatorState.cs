using System;

namespace CimController.Emulator
{
    /// <summary>
    /// Everything that makes one emulated chip this chip and not a fresh one: what it was made from (profile text,
    /// seed, geometry, noise on/off), its non-volatile device state per tile, its counters and the positions of its
    /// random generators. <see cref="BoardEmulator.CaptureState"/> fills it, <see cref="BoardEmulator.RestoreState"/>
    /// puts it back, <see cref="EmulatorStateFile"/> keeps it in a file between processes.
    /// <para>
    /// Not part of it: registers and buffers (they come back at their power-on values, as after unplugging a board) and
    /// what <see cref="DeviceModel"/> derives from (seed, tile, cell) by hashing, i.e. the per-device step variation
    /// and drift variation; the stuck cells are derived the same way and are kept as a list so a load can check them.
    /// </para>
    /// </summary>
    public sealed class EmulatorState
    {
        /// <summary>The profile as the chip was made with it: the built-in name or the path given.</summary>
        public string ProfileNameOrPath { get; set; } = "";
        /// <summary>The profile's JSON text; the chip keeps using this copy even if the profile file changes later.</summary>
        public string ProfileJson { get; set; } = "";
        /// <summary>Seed of the initial conductances, of the per-device variation and stuck cells, and of the noise streams.</summary>
        public int Seed { get; set; }
        /// <summary>Whether reads and the MAC add noise.</summary>
        public bool Noise { get; set; }
        /// <summary>Tiles of the board.</summary>
        public int Tiles { get; set; }
        /// <summary>The chip file's JSON text the board was built from; empty when its geometry came without a chip (Wu 2023 periphery and costs).</summary>
        public string ChipJson { get; set; } = "";
        /// <summary>Rows per tile.</summary>
        public int Rows { get; set; }
        /// <summary>Columns per tile.</summary>
        public int Columns { get; set; }
        /// <summary>INPUT buffer size, bytes.</summary>
        public int InputBufferBytes { get; set; }
        /// <summary>OUTPUT buffer size, bytes.</summary>
        public int OutputBufferBytes { get; set; }

        /// <summary>Chip cycles at 100 MHz (register CYCLES).</summary>
        public ulong Cycles { get; set; }
        /// <summary>Tile operations (conversions).</summary>
        public ulong TileOps { get; set; }
        /// <summary>Estimated energy, pJ, unrounded.</summary>
        public double EnergyPicojoules { get; set; }
        /// <summary>Programming pulses applied.</summary>
        public ulong Pulses { get; set; }
        /// <summary>Single-cell reads.</summary>
        public ulong CellReads { get; set; }
        /// <summary>The lifetime clock, cycles: the clock of retention drift and of the HfO2 heat variable.</summary>
        public ulong LifetimeCycles { get; set; }

        /// <summary>Position of the generator that hands each noisy command its key (reads and MACs).</summary>
        public ulong NoiseKeyState { get; set; }
        /// <summary>Position of the device model's cycle-to-cycle noise stream (pulses).</summary>
        public ulong CycleNoiseState { get; set; }

        /// <summary>One entry per tile.</summary>
        public EmulatorTileState[] TileStates { get; set; } = Array.Empty<EmulatorTileState>();

        /// <summary>The options that build a board of this chip (before <see cref="BoardEmulator.RestoreState"/>).</summary>
        /// <exception cref="DeviceProfileException">The stored profile text is not a valid profile.</exception>
        public EmulatorOptions Options(string origin) => new EmulatorOptions
        {
            ProfileName = ProfileNameOrPath,
            Profile = DeviceProfile.Parse(ProfileJson, origin),
            Chip = ChipJson.Length > 0 ? ChipDefinition.Parse(ChipJson, origin) : null,
            Seed = Seed,
            Noise = Noise,
            Tiles = Tiles,
            Rows = Rows,
            Columns = Columns,
            InputBufferBytes = InputBufferBytes,
            OutputBufferBytes = OutputBufferBytes,
        };
    }

    /// <summary>The device state of one tile (cell index = row * Columns + column).</summary>
    public sealed class EmulatorTileState
    {
        /// <summary>Conductance of every cell as the tile array holds it, uS (with drift: as of the tile's last refresh).</summary>
        public float[] ConductancesMicrosiemens { get; set; } = Array.Empty<float>();
        /// <summary>Indices of the stuck cells, ascending.</summary>
        public int[] StuckCells { get; set; } = Array.Empty<int>();
        /// <summary>Drift only: the conductance each cell was last programmed to, uS.</summary>
        public float[]? ProgrammedMicrosiemens { get; set; }
        /// <summary>Drift only: the lifetime clock when each cell was last programmed, cycles.</summary>
        public ulong[]? ProgrammedAtCycles { get; set; }
        /// <summary>Drift only: the lifetime clock of the tile's latest programming, cycles.</summary>
        public ulong YoungestProgramCycles { get; set; }
        /// <summary>Drift only: the lifetime clock when the whole tile was last brought to its drifted values, cycles.</summary>
        public ulong LastRefreshCycles { get; set; }
        /// <summary>HfO2 only: each cell's heat variable theta as last set.</summary>
        public float[]? Heat { get; set; }
        /// <summary>HfO2 only: the lifetime clock when each cell's heat was last set, cycles.</summary>
        public ulong[]? HeatAtCycles { get; set; }
    }
}

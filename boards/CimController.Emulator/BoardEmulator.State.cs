using System;

namespace CimController.Emulator
{
    /// <summary>Bench back door (not reachable over SPI): the chip's state out and back in, for <see cref="EmulatorStateFile"/>.</summary>
    public sealed partial class BoardEmulator
    {
        /// <summary>
        /// Bench back door (not reachable over SPI): a copy of everything that makes this chip this chip (see
        /// <see cref="EmulatorState"/>), taken between two SPI transactions.
        /// </summary>
        public EmulatorState CaptureState()
        {
            lock (gate)
            {
                var state = new EmulatorState
                {
                    ProfileNameOrPath = Options.ProfileName,
                    ProfileJson = Profile.Json,
                    Seed = Options.Seed,
                    Noise = Options.Noise,
                    Tiles = Tiles,
                    ChipJson = Options.Chip?.Json ?? "",
                    Rows = Rows,
                    Columns = Columns,
                    InputBufferBytes = inputBuffer.Length,
                    OutputBufferBytes = outputBuffer.Length,
                    Cycles = counters.Cycles,
                    TileOps = counters.TileOps,
                    EnergyPicojoules = counters.EnergyPicojoules,
                    Pulses = counters.Pulses,
                    CellReads = counters.CellReads,
                    LifetimeCycles = counters.LifetimeCycles,
                    NoiseKeyState = noise.KeyState,
                    CycleNoiseState = model.CycleNoiseState,
                    TileStates = new EmulatorTileState[Tiles],
                };
                for (int t = 0; t < Tiles; t++)
                {
                    var tile = new EmulatorTileState { ConductancesMicrosiemens = (float[])tiles[t].Conductances.Clone() };
                    model.CaptureTile(t, tile);
                    state.TileStates[t] = tile;
                }
                return state;
            }
        }

        /// <summary>
        /// Bench back door (not reachable over SPI): makes this board the chip <paramref name="state"/> describes. The board
        /// must have been built from <see cref="EmulatorState.Options"/> of the same state (same profile, seed, geometry);
        /// registers and buffers are left as they are.
        /// </summary>
        /// <exception cref="EmulatorStateException">The state does not fit this board (the message says what differs); nothing is changed.</exception>
        public void RestoreState(EmulatorState state)
        {
            ArgumentNullException.ThrowIfNull(state);
            if (response != null)
                throw new EmulatorStateException("a board with a test DeviceResponse hook has no device state to restore");
            lock (gate)
            {
                string? problem = Mismatch(state);
                if (problem != null) throw new EmulatorStateException(problem);
                int cells = Rows * Columns;
                for (int t = 0; t < Tiles; t++)
                {
                    EmulatorTileState tile = state.TileStates[t];
                    if (tile.ConductancesMicrosiemens.Length != cells)
                        throw new EmulatorStateException($"tile {t}: {tile.ConductancesMicrosiemens.Length} conductances for {Rows}x{Columns} = {cells} cells");
                    string? bad = DeviceModel.CheckConductances(tile.ConductancesMicrosiemens);
                    if (bad != null) throw new EmulatorStateException($"tile {t}: the conductance {bad}");
                }
                // Every check that can fail runs before anything changes: model checks tile by tile, then the copy.
                var scratch = new BoardEmulator(Options);
                for (int t = 0; t < Tiles; t++)
                {
                    string? tileProblem = scratch.model.RestoreTile(t, state.TileStates[t]);
                    if (tileProblem != null) throw new EmulatorStateException(tileProblem);
                }
                for (int t = 0; t < Tiles; t++)
                {
                    model.RestoreTile(t, state.TileStates[t]);
                    Array.Copy(state.TileStates[t].ConductancesMicrosiemens, tiles[t].Conductances, cells);
                }
                counters.Restore(state);
                noise.KeyState = state.NoiseKeyState;
                model.CycleNoiseState = state.CycleNoiseState;
            }
        }

        private string? Mismatch(EmulatorState state)
        {
            if (state.Seed != Options.Seed) return $"the state's seed {state.Seed} is not this board's {Options.Seed}";
            if (state.ProfileJson != Profile.Json) return $"the state's profile text is not this board's profile '{Profile.Name}'";
            if (state.Noise != Options.Noise) return $"the state has noise {(state.Noise ? "on" : "off")}, this board {(Options.Noise ? "on" : "off")}";
            if (state.Tiles != Tiles || state.Rows != Rows || state.Columns != Columns || state.TileStates.Length != Tiles)
                return $"the state is {state.Tiles} tiles of {state.Rows}x{state.Columns} ({state.TileStates.Length} tile records), this board {Tiles} of {Rows}x{Columns}";
            if (state.InputBufferBytes != inputBuffer.Length || state.OutputBufferBytes != outputBuffer.Length)
                return $"the state's buffers are {state.InputBufferBytes}/{state.OutputBufferBytes} bytes, this board's {inputBuffer.Length}/{outputBuffer.Length}";
            if (!double.IsFinite(state.EnergyPicojoules) || state.EnergyPicojoules < 0)
                return $"the energy counter is {state.EnergyPicojoules} pJ; accepted: finite and >= 0";
            return null;
        }
    }
}

using System;
using System.Collections.Generic;

namespace CimController.Emulator
{
    /// <summary>The model's per-cell state as an <see cref="EmulatorTileState"/> (for <see cref="BoardEmulator.CaptureState"/>).</summary>
    internal abstract partial class DeviceModel
    {
        /// <summary>Position of the cycle-to-cycle noise stream.</summary>
        public ulong CycleNoiseState
        {
            get => cycleNoise.State;
            set => cycleNoise = new NormalStream(value);
        }

        /// <summary>Copies tile <paramref name="tile"/>'s stuck list, drift record and model-specific state into <paramref name="into"/>.</summary>
        public void CaptureTile(int tile, EmulatorTileState into)
        {
            var stuckCells = new List<int>();
            if (stuck[tile] is byte[] s)
            {
                for (int i = 0; i < s.Length; i++)
                    if (s[i] != 0) stuckCells.Add(i);
            }
            into.StuckCells = stuckCells.ToArray();
            if (HasDrift)
            {
                into.ProgrammedMicrosiemens = (float[])programmed[tile]!.Clone();
                into.ProgrammedAtCycles = (ulong[])programmedAt[tile]!.Clone();
                into.YoungestProgramCycles = youngestProgram[tile];
                into.LastRefreshCycles = lastRefresh[tile];
            }
            CaptureModelState(tile, into);
        }

        /// <summary>
        /// Puts tile <paramref name="tile"/>'s drift record and model-specific state back from <paramref name="from"/>, after
        /// checking that its stuck cells are the ones this model derives from the seed and that the arrays this model needs
        /// are there with one value per cell; a problem is returned as text (nothing is changed then), else null.
        /// </summary>
        public string? RestoreTile(int tile, EmulatorTileState from)
        {
            int cells = Rows * Columns;
            EmulatorTileState expected = new EmulatorTileState();
            CaptureTile(tile, expected);
            if (!expected.StuckCells.AsSpan().SequenceEqual(from.StuckCells))
                return $"tile {tile}: its {from.StuckCells.Length} stuck cells are not the {expected.StuckCells.Length} that seed and profile give with this emulator";
            if (HasDrift)
            {
                if (from.ProgrammedMicrosiemens?.Length != cells || from.ProgrammedAtCycles?.Length != cells)
                    return $"tile {tile}: the profile drifts but the drift record (programmed conductances and times, {cells} each) is missing or of another size";
                string? bad = CheckConductances(from.ProgrammedMicrosiemens);
                if (bad != null) return $"tile {tile}: programmed conductance {bad}";
            }
            string? model = CheckModelState(tile, from, cells);
            if (model != null) return $"tile {tile}: {model}";
            if (HasDrift)
            {
                Array.Copy(from.ProgrammedMicrosiemens!, programmed[tile]!, cells);
                Array.Copy(from.ProgrammedAtCycles!, programmedAt[tile]!, cells);
                youngestProgram[tile] = from.YoungestProgramCycles;
                lastRefresh[tile] = from.LastRefreshCycles;
            }
            RestoreModelState(tile, from);
            return null;
        }

        /// <summary>Null when every value is a finite conductance &gt;= 0 uS, else which one is not.</summary>
        internal static string? CheckConductances(float[] values)
        {
            for (int i = 0; i < values.Length; i++)
                if (!float.IsFinite(values[i]) || values[i] < 0)
                    return $"of cell {i} is {values[i]}; a conductance is finite and >= 0 uS";
            return null;
        }

        /// <summary>Model-specific per-cell state (the HfO2 heat variable); none by default.</summary>
        protected virtual void CaptureModelState(int tile, EmulatorTileState into) { }

        /// <summary>Null when <paramref name="from"/> holds the model-specific state this model needs, else what is wrong.</summary>
        protected virtual string? CheckModelState(int tile, EmulatorTileState from, int cells) => null;

        /// <summary>Puts the model-specific state back (after <see cref="CheckModelState"/> accepted it).</summary>
        protected virtual void RestoreModelState(int tile, EmulatorTileState from) { }
    }
}

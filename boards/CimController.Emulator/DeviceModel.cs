using System;
using System.Collections.Generic;

namespace CimController.Emulator
{
    /// <summary>One programming pulse as the board applies it to one cell.</summary>
    /// <param name="AmplitudeVolts">Pulse amplitude, V, as the pulse DAC drives it (always positive; see <paramref name="IsReset"/>).</param>
    /// <param name="IsReset">True for a RESET (negative, conductance-lowering) pulse, false for SET.</param>
    /// <param name="WidthNanoseconds">Pulse width, ns.</param>
    /// <param name="Tile">Tile of the cell.</param>
    /// <param name="Row">Row of the cell.</param>
    /// <param name="Column">Column of the cell.</param>
    public readonly record struct ProgrammingPulse(double AmplitudeVolts, bool IsReset, double WidthNanoseconds, int Tile, int Row, int Column);

    /// <summary>
    /// Test hook: a plain per-pulse function that replaces the profile's device model
    /// (<see cref="EmulatorOptions.DeviceResponse"/>). It sees the pulse as the DAC drives it (no RESET_PATH divider),
    /// and no stuck cells, drift or device-to-device variation are applied around it.
    /// </summary>
    public interface IDeviceResponse
    {
        /// <summary>Returns the conductance (uS) after <paramref name="pulse"/> is applied to a cell at <paramref name="conductanceMicrosiemens"/>.</summary>
        float Apply(float conductanceMicrosiemens, in ProgrammingPulse pulse);
    }

    /// <summary>A model-specific profile parameter: JSON name, accepted range, meaning.</summary>
    internal readonly record struct ModelParameter(string Name, double Min, double Max, string Meaning);

    /// <summary>
    /// Device physics of a tile family, chosen by the profile's <c>"model"</c> field (<see cref="Create"/>):
    /// <c>brram</c> (<see cref="BrramDevice"/>, Wu 2023), <c>tio2</c> (<see cref="TiO2Device"/>, Diao 2025),
    /// <c>hfo2</c> (<see cref="HfO2Device"/>, Park 2023), <c>linear</c> (<see cref="LinearDevice"/>, tests).
    /// <para>
    /// What every model shares (this class): the conductance the MAC and reads see lives in the tile's flat
    /// float array (uS); the model keeps per cell only what it needs in flat arrays. Device-to-device variation
    /// is a per-cell lognormal factor on the step size, exp(deviceVariation * z_cell); stuck cells (a seeded
    /// fraction <c>stuckFraction</c>) ignore pulses, do not drift and keep their as-fabricated conductance;
    /// z_cell and the stuck draw are hashes of (seed, tile, cell), so they cost no memory and are reproducible.
    /// Cycle-to-cycle noise comes from one seeded normal stream advanced per pulse, so the same seed and the
    /// same SPI transactions give the same conductances.
    /// </para>
    /// <para>
    /// Retention drift (when the profile's drift figures are not both 0): a cell programmed to G0 at emulated
    /// time t0 reads G0 + A(G0) * d_cell * log10(1 + (t - t0) / tau), A linear between
    /// <c>driftLowMicrosiemensPerDecade</c> at the window's low edge and <c>driftHighMicrosiemensPerDecade</c>
    /// at its high edge, d_cell = 1 + driftVariation * z_cell, clamped to the window. The clock is the board's
    /// lifetime cycle count (100 MHz; every MAC, read and pulse advances it by its cycles; CLEAR_COUNTERS does
    /// not reset it; <see cref="BoardEmulator.AdvanceTime"/> lets a bench idle the board). Single-cell reads see
    /// the exact drift; a MAC refreshes the whole tile when the clock has moved by more than 5 % of the age of
    /// the tile's youngest programmed cell (so a MAC's drift is exact to about 2 % of one decade's drift).
    /// </para>
    /// </summary>
    internal abstract partial class DeviceModel
    {
        /// <summary>Clock rate of the emulated chip, Hz (Wu 2023: 100 MHz).</summary>
        protected const double CyclesPerSecond = BoardConstants.ClockKilohertz * 1000.0;

        private static readonly ModelParameter[] NoParameters = Array.Empty<ModelParameter>();
        private readonly ulong seedKey;
        private readonly byte[]?[] stuck;
        private readonly float[]?[] programmed;
        private readonly ulong[]?[] programmedAt;
        private readonly ulong[] youngestProgram;
        private readonly ulong[] lastRefresh;
        private NormalStream cycleNoise;

        protected DeviceModel(DeviceProfile profile, int tiles, int rows, int columns, int seed)
        {
            Profile = profile;
            Rows = rows;
            Columns = columns;
            seedKey = SplitMix64.Mix(0x5068797369637300UL ^ (ulong)(uint)seed);
            cycleNoise = new NormalStream(SplitMix64.Mix(seedKey ^ 0xC2C0C2C0UL));
            GMin = profile.ConductanceMinMicrosiemens;
            GMax = profile.ConductanceMaxMicrosiemens;
            HasDrift = profile.DriftLowMicrosiemensPerDecade != 0 || profile.DriftHighMicrosiemensPerDecade != 0;
            stuck = new byte[tiles][];
            programmed = new float[tiles][];
            programmedAt = new ulong[tiles][];
            youngestProgram = new ulong[tiles];
            lastRefresh = new ulong[tiles];
            int cells = rows * columns;
            for (int t = 0; t < tiles; t++)
            {
                if (profile.StuckFraction > 0)
                {
                    var flags = new byte[cells];
                    for (int i = 0; i < cells; i++)
                        flags[i] = CellUniform(t, i, 0x53747563UL) < profile.StuckFraction ? (byte)1 : (byte)0;
                    stuck[t] = flags;
                }
                if (HasDrift)
                {
                    programmed[t] = new float[cells];
                    programmedAt[t] = new ulong[cells];
                }
            }
        }

        public DeviceProfile Profile { get; }
        public int Rows { get; }
        public int Columns { get; }
        /// <summary>Physical window, uS.</summary>
        protected double GMin { get; }
        /// <summary>Physical window, uS.</summary>
        protected double GMax { get; }
        public bool HasDrift { get; }

        /// <summary>Creates the model the profile names.</summary>
        public static DeviceModel Create(DeviceProfile profile, int tiles, int rows, int columns, int seed) => profile.Model switch
        {
            "brram" => new BrramDevice(profile, tiles, rows, columns, seed),
            "tio2" => new TiO2Device(profile, tiles, rows, columns, seed),
            "hfo2" => new HfO2Device(profile, tiles, rows, columns, seed),
            "linear" => new LinearDevice(profile, tiles, rows, columns, seed),
            _ => throw new DeviceProfileException($"device profile {profile.Origin}: unknown model '{profile.Model}'; accepted: {string.Join(", ", ModelNames)}"),
        };

        /// <summary>Accepted values of the profile's "model" field.</summary>
        public static IReadOnlyList<string> ModelNames { get; } = new[] { "brram", "tio2", "hfo2", "linear" };

        /// <summary>The model-specific parameters a profile of <paramref name="model"/> must give.</summary>
        public static IReadOnlyList<ModelParameter> Parameters(string model) => model switch
        {
            "brram" => BrramDevice.ParameterList,
            "tio2" => TiO2Device.ParameterList,
            "hfo2" => HfO2Device.ParameterList,
            "linear" => LinearDevice.ParameterList,
            _ => NoParameters,
        };

        /// <summary>
        /// As-fabricated conductances of a tile: uniform over the profile's initial range (seeded), and the
        /// drift clock of every cell starts at time 0.
        /// </summary>
        public void Fabricate(int tile, float[] conductances, ulong fabricationSeed)
        {
            var random = new SplitMix64(fabricationSeed);
            double lo = Profile.InitialMinMicrosiemens, span = Profile.InitialMaxMicrosiemens - Profile.InitialMinMicrosiemens;
            for (int i = 0; i < conductances.Length; i++)
                conductances[i] = (float)(lo + span * random.NextDouble());
            if (HasDrift)
                Array.Copy(conductances, programmed[tile]!, conductances.Length);
        }

        /// <summary>True when the cell is stuck (ignores pulses, no drift).</summary>
        public bool IsStuck(int tile, int cell) => stuck[tile] is byte[] s && s[cell] != 0;

        /// <summary>
        /// Applies <paramref name="count"/> identical pulses, back to back (emulated time advances by the width per
        /// pulse, starting at <paramref name="startCycles"/>), to one cell whose present conductance is
        /// <paramref name="g"/>; <paramref name="resetPath"/> is RESET_PATH (1 = series resistor + diodes).
        /// </summary>
        public void Pulse(int tile, int cell, ref float g, in ProgrammingPulse pulse, uint count, uint resetPath, ulong startCycles)
        {
            if (IsStuck(tile, cell)) return;
            double factor = CellFactor(tile, cell);
            ulong widthCycles = (ulong)Math.Round(pulse.WidthNanoseconds / BoardConstants.PulseWidthUnitNanoseconds);
            double value = g;
            ulong t = startCycles;
            for (uint i = 0; i < count; i++)
            {
                double volts = EffectiveVolts(pulse.AmplitudeVolts, pulse.IsReset, value, resetPath);
                value = Step(tile, cell, value, volts, pulse.IsReset, pulse.WidthNanoseconds, factor, t);
                t += widthCycles;
            }
            g = (float)value;
            if (HasDrift)
            {
                programmed[tile]![cell] = g;
                programmedAt[tile]![cell] = t;
                youngestProgram[tile] = t;
            }
        }

        /// <summary>The bench back door set a cell: it counts as programmed now.</summary>
        public void Programmed(int tile, int cell, float g, ulong now)
        {
            if (!HasDrift) return;
            programmed[tile]![cell] = g;
            programmedAt[tile]![cell] = now;
            youngestProgram[tile] = now;
        }

        /// <summary>The bench back door set a whole tile: every cell counts as programmed now.</summary>
        public void Programmed(int tile, float[] conductances, ulong now)
        {
            if (!HasDrift) return;
            Array.Copy(conductances, programmed[tile]!, conductances.Length);
            Array.Fill(programmedAt[tile]!, now);
            youngestProgram[tile] = now;
            lastRefresh[tile] = now;
        }

        /// <summary>Brings one cell's conductance to its drifted value at <paramref name="now"/>.</summary>
        public void RefreshCell(int tile, int cell, float[] conductances, ulong now)
        {
            if (!HasDrift || IsStuck(tile, cell)) return;
            conductances[cell] = Drifted(tile, cell, now);
        }

        /// <summary>Brings a whole tile to its drifted values if the clock moved enough (see the class summary), or always when <paramref name="force"/>.</summary>
        public void RefreshTile(int tile, float[] conductances, ulong now, bool force)
        {
            if (!HasDrift) return;
            ulong last = lastRefresh[tile];
            if (!force)
            {
                if (now <= last) return;
                double age = (last > youngestProgram[tile] ? last - youngestProgram[tile] : 0) + Profile.DriftTimeConstantSeconds * CyclesPerSecond;
                if ((now - last) * 20.0 < age) return;
            }
            byte[]? s = stuck[tile];
            for (int i = 0; i < conductances.Length; i++)
                if (s == null || s[i] == 0) conductances[i] = Drifted(tile, i, now);
            lastRefresh[tile] = now;
        }

        private float Drifted(int tile, int cell, ulong now)
        {
            float g0 = programmed[tile]![cell];
            ulong t0 = programmedAt[tile]![cell];
            double seconds = now > t0 ? (now - t0) / CyclesPerSecond : 0;
            double x = Math.Clamp((g0 - GMin) / (GMax - GMin), 0, 1);
            double rate = Profile.DriftLowMicrosiemensPerDecade + (Profile.DriftHighMicrosiemensPerDecade - Profile.DriftLowMicrosiemensPerDecade) * x;
            double d = 1 + Profile.DriftVariation * CellNormal(tile, cell, 0x44726966UL);
            double g = g0 + rate * d * Math.Log10(1 + seconds / Profile.DriftTimeConstantSeconds);
            return (float)Math.Clamp(g, GMin, GMax);
        }

        /// <summary>
        /// The voltage across the device: the DAC amplitude directly (RESET_PATH 0), or through the Park 2023
        /// divider (RESET_PATH 1): SET through one forward PN diode (V - V_D; the other diode blocks the resistor),
        /// RESET through the series resistor and one diode, (V - V_D) * R_dev / (R_dev + R_s).
        /// </summary>
        public static double EffectiveVolts(double volts, bool isReset, double gMicrosiemens, uint resetPath)
        {
            if (resetPath == 0) return volts;
            double v = Math.Max(0, volts - BoardConstants.DividerDiodeDropVolts);
            if (!isReset) return v;
            double rDevice = 1e6 / Math.Max(gMicrosiemens, 1e-6);
            return v * rDevice / (rDevice + BoardConstants.DividerSeriesOhms);
        }

        /// <summary>One pulse of <paramref name="volts"/> across the device on a cell at <paramref name="g"/> uS; returns the new conductance.</summary>
        protected abstract double Step(int tile, int cell, double g, double volts, bool isReset, double widthNs, double cellFactor, ulong nowCycles);

        /// <summary>exp(x) - 1, accurate for small x.</summary>
        protected static double Expm1(double x) =>
            Math.Abs(x) < 1e-5 ? x * (1 + x * (0.5 + x / 6)) : Math.Exp(x) - 1;

        /// <summary>Next standard normal draw of the cycle-to-cycle noise stream.</summary>
        protected double NextNormal() => cycleNoise.Next();

        /// <summary>Device-to-device step factor of a cell: exp(deviceVariation * z_cell).</summary>
        protected double CellFactor(int tile, int cell) =>
            Profile.DeviceVariation == 0 ? 1.0 : Math.Exp(Profile.DeviceVariation * CellNormal(tile, cell, 0x44326444UL));

        /// <summary>A standard normal value fixed per (seed, tile, cell, purpose).</summary>
        protected double CellNormal(int tile, int cell, ulong purpose) =>
            NoiseSource.Table[(int)(SplitMix64.Mix(seedKey ^ SplitMix64.Mix(((ulong)(uint)tile << 32 | (uint)cell) ^ purpose * 0x9E3779B97F4A7C15UL)) >> 48)];

        /// <summary>A uniform value in [0, 1) fixed per (seed, tile, cell, purpose).</summary>
        protected double CellUniform(int tile, int cell, ulong purpose) =>
            (SplitMix64.Mix(seedKey ^ SplitMix64.Mix(((ulong)(uint)tile << 32 | (uint)cell) ^ purpose * 0x9E3779B97F4A7C15UL)) >> 11) * (1.0 / (1UL << 53));

        /// <summary>Reads a model parameter of the profile.</summary>
        protected double P(string name) => Profile.ModelParameter(name);
    }
}

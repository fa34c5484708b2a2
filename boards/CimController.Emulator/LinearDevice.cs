using System;

namespace CimController.Emulator
{
    /// <summary>
    /// The ideal linear device (for tests): a SET pulse above the profile's SET threshold raises G by
    /// <c>step * min(1, (V - V_th) / (V_max - V_th))</c>, step = <c>pulseStepMicrosiemens</c>, V_max = maxSetVolts;
    /// a RESET pulse lowers it symmetrically with the RESET figures; a pulse at the threshold moves nothing, one at
    /// or beyond V_max a whole step. G stays within the window. Width, position and history have no effect; no
    /// cycle-to-cycle noise (device-to-device variation, stuck cells and drift still apply if the profile sets them).
    /// </summary>
    internal sealed class LinearDevice : DeviceModel
    {
        internal static readonly ModelParameter[] ParameterList =
        {
            new("pulseStepMicrosiemens", 1e-9, 1e6, "change of one pulse at the maximum voltage, uS"),
        };

        private readonly double step;

        public LinearDevice(DeviceProfile profile, int tiles, int rows, int columns, int seed) : base(profile, tiles, rows, columns, seed)
        {
            step = P("pulseStepMicrosiemens");
        }

        protected override double Step(int tile, int cell, double g, double volts, bool isReset, double widthNs, double cellFactor, ulong nowCycles)
        {
            double threshold = isReset ? Profile.ResetThresholdVolts : Profile.SetThresholdVolts;
            double max = isReset ? Profile.MaxResetVolts : Profile.MaxSetVolts;
            if (volts < threshold) return g;
            double fraction = max > threshold ? Math.Min(1.0, (volts - threshold) / (max - threshold)) : 1.0;
            double delta = step * fraction * cellFactor * (isReset ? -1 : 1);
            return Math.Clamp(g + delta, GMin, GMax);
        }
    }
}

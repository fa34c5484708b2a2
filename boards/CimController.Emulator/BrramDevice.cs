using System;

namespace CimController.Emulator
{
    /// <summary>
    /// Bulk-switching RRAM (b-RRAM) of Wu et al. 2023 (Fig. 2b/d: gradual SET and RESET; Fig. 2g / Fig. S2:
    /// 16 levels written by incremental step pulse programming with 1.5-3 V SET and RESET trains): a
    /// soft-bounded, amplitude-thresholded model. With x = (G - Gmin) / (Gmax - Gmin) in the physical window and
    /// a pulse of V volts above the threshold V_th and width w:
    /// <code>
    /// SET:   dG = +S_set   * a(V) * (w / w_ref)^beta * (1 - x)^gamma * f_cell * max(0, 1 + sigma_c2c * z)
    /// RESET: dG = -S_reset * a(V) * (w / w_ref)^beta *      x^gamma  * f_cell * max(0, 1 + sigma_c2c * z)
    /// a(V) = ((V - V_th) / (V_ref - V_th))^p        (0 at or below V_th; 1 at V_ref = 3 V)
    /// </code>
    /// then clamped to the window. The change per pulse grows with amplitude above the threshold and shrinks
    /// near the window edge it moves towards; z is the cycle-to-cycle normal draw, f_cell the device-to-device factor.
    /// </summary>
    internal sealed class BrramDevice : DeviceModel
    {
        internal static readonly ModelParameter[] ParameterList =
        {
            new("brramSetStepMicrosiemens", 1e-6, 1e6, "S_set: SET change at V_ref, w_ref and x = 0, uS"),
            new("brramResetStepMicrosiemens", 1e-6, 1e6, "S_reset: RESET change at V_ref, w_ref and x = 1, uS"),
            new("brramReferenceVolts", 0.01, 8.19, "V_ref: amplitude where a(V) = 1, V"),
            new("brramVoltageExponent", 0.1, 10, "p of a(V)"),
            new("brramReferenceWidthNanoseconds", 10, 1e10, "w_ref, ns"),
            new("brramWidthExponent", 0, 2, "beta: width dependence"),
            new("brramBoundExponent", 0, 10, "gamma: soft-bound exponent"),
            new("cycleToCycleVariation", 0, 5, "sigma_c2c: relative standard deviation of one pulse's change"),
        };

        private readonly double setStep, resetStep, vRef, exponent, wRef, widthExponent, bound, sigma;

        public BrramDevice(DeviceProfile profile, int tiles, int rows, int columns, int seed) : base(profile, tiles, rows, columns, seed)
        {
            setStep = P("brramSetStepMicrosiemens");
            resetStep = P("brramResetStepMicrosiemens");
            vRef = P("brramReferenceVolts");
            exponent = P("brramVoltageExponent");
            wRef = P("brramReferenceWidthNanoseconds");
            widthExponent = P("brramWidthExponent");
            bound = P("brramBoundExponent");
            sigma = P("cycleToCycleVariation");
        }

        protected override double Step(int tile, int cell, double g, double volts, bool isReset, double widthNs, double cellFactor, ulong nowCycles)
        {
            double threshold = isReset ? Profile.ResetThresholdVolts : Profile.SetThresholdVolts;
            if (volts <= threshold) return g;
            double a = Math.Pow((volts - threshold) / (vRef - threshold), exponent);
            double x = Math.Clamp((g - GMin) / (GMax - GMin), 0, 1);
            double width = Math.Pow(widthNs / wRef, widthExponent);
            double noise = Math.Max(0, 1 + sigma * NextNormal());
            double delta = isReset
                ? -resetStep * a * width * Math.Pow(x, bound) * cellFactor * noise
                : setStep * a * width * Math.Pow(1 - x, bound) * cellFactor * noise;
            return Math.Clamp(g + delta, GMin, GMax);
        }
    }
}

using System;

namespace CimController.Emulator
{
    /// <summary>
    /// Second-order HfO2 memristor of Park et al. 2023: filament state x = (G - Gmin) / (Gmax - Gmin) and a
    /// device temperature variable theta in [0, 1] (Fig. 1d). LTP and LTD follow the exponential pulse-response
    /// curves of NeuroSim (which the paper used, Fig. S11), written per pulse so that state, not pulse number,
    /// is what the device remembers; a pulse of V volts across the device (after the RESET_PATH divider) and
    /// width w counts as e = (w / w_ref) * exp((V - V_ref) / V_s) nominal pulses:
    /// <code>
    /// SET   (V >= V_th,set):  x' = x + (X B_p - x) * (1 - exp(-nu_p e_p (1 + kappa theta) / N_p)),  B_p = 1 / (1 - exp(-nu_p)),
    ///                          nu_p = nu_plain * (nu_heated / nu_plain)^theta,     X = X_plain + (1 - X_plain) * theta
    ///                          (no change once x >= X)
    /// RESET (V >= V_th,reset): x' = (x + c) * exp(-nu_d e_d / N_d) - c,          c = 1 / (exp(nu_d) - 1)
    /// heating (SET polarity, 0 &lt; V &lt; V_th,set):  theta = max(theta_now, h),
    ///                          h = min(1, (V / V_heat)^2) * max(0, 1 - exp(-(w - w_min) / w_heat))
    /// theta decays as exp(-dt / tau_th) with emulated time; x' gets cycle-to-cycle noise (1 + sigma * z) on its change.
    /// </code>
    /// Plain pulses (theta = 0): large nu_plain, small X_plain -> abrupt, saturating LTP; large nu_d -> abrupt
    /// (catastrophic) LTD at -0.8 V, weaker and incomplete at -0.6 V (Fig. 1b, 3a). A heating pulse of 0.1-0.4 V
    /// longer than 2 us just before the SET pulse raises theta, which speeds the SET up (ions move more easily),
    /// lowers nu_p and widens the range (Fig. 1g, 2a).
    /// A heating pulse of 0.5 V or more switches the device itself (it is a SET pulse, Fig. S7). With RESET_PATH 1
    /// the RESET voltage across the device is (V - V_D) R_dev / (R_dev + 680 ohm), which grows as the device
    /// resets; with the window chosen here (see the profile), -3.5 V gives a near-linear LTD (Fig. 3d).
    /// </summary>
    internal sealed class HfO2Device : DeviceModel
    {
        internal static readonly ModelParameter[] ParameterList =
        {
            new("hfo2SetReferenceVolts", 0.01, 8.19, "V_ref of SET, V"),
            new("hfo2SetVoltageScale", 1e-3, 10, "V_s of SET, V"),
            new("hfo2SetPulses", 1, 1e6, "N_p: nominal SET pulses over the curve"),
            new("hfo2SetNonlinearity", 1e-6, 100, "nu_plain"),
            new("hfo2HeatedSetNonlinearity", 1e-6, 100, "nu_heated"),
            new("hfo2PlainSetRange", 0.01, 1, "X_plain: fraction of the window plain SET pulses reach"),
            new("hfo2HeatSpeedup", 0, 1e3, "kappa: a heated SET pulse counts as (1 + kappa * theta) pulses"),
            new("hfo2ResetReferenceVolts", 0.01, 8.19, "V_ref of RESET, V"),
            new("hfo2ResetVoltageScale", 1e-3, 10, "V_s of RESET, V"),
            new("hfo2ResetPulses", 1, 1e6, "N_d"),
            new("hfo2ResetNonlinearity", 1e-6, 100, "nu_d"),
            new("hfo2ReferenceWidthNanoseconds", 1, 1e10, "w_ref, ns"),
            new("hfo2HeatingReferenceVolts", 1e-3, 8.19, "V_heat, V"),
            new("hfo2HeatingMinWidthNanoseconds", 0, 1e10, "w_min, ns"),
            new("hfo2HeatingWidthScaleNanoseconds", 1, 1e10, "w_heat, ns"),
            new("hfo2HeatDecayNanoseconds", 1, 1e10, "tau_th, ns"),
            new("cycleToCycleVariation", 0, 5, "sigma: relative standard deviation of one pulse's change"),
        };

        private readonly double setRef, setScale, setPulses, nuPlain, nuHeated, plainRange, heatSpeedup;
        private readonly double resetRef, resetScale, resetPulses, nuReset, resetC, wRef;
        private readonly double heatRef, heatMinWidth, heatWidthScale, heatDecayCycles, sigma;
        private readonly float[][] heat;
        private readonly ulong[][] heatAt;

        public HfO2Device(DeviceProfile profile, int tiles, int rows, int columns, int seed) : base(profile, tiles, rows, columns, seed)
        {
            setRef = P("hfo2SetReferenceVolts");
            setScale = P("hfo2SetVoltageScale");
            setPulses = P("hfo2SetPulses");
            nuPlain = P("hfo2SetNonlinearity");
            nuHeated = P("hfo2HeatedSetNonlinearity");
            plainRange = P("hfo2PlainSetRange");
            heatSpeedup = P("hfo2HeatSpeedup");
            resetRef = P("hfo2ResetReferenceVolts");
            resetScale = P("hfo2ResetVoltageScale");
            resetPulses = P("hfo2ResetPulses");
            nuReset = P("hfo2ResetNonlinearity");
            resetC = 1.0 / Expm1(nuReset);
            wRef = P("hfo2ReferenceWidthNanoseconds");
            heatRef = P("hfo2HeatingReferenceVolts");
            heatMinWidth = P("hfo2HeatingMinWidthNanoseconds");
            heatWidthScale = P("hfo2HeatingWidthScaleNanoseconds");
            heatDecayCycles = P("hfo2HeatDecayNanoseconds") / BoardConstants.PulseWidthUnitNanoseconds;
            sigma = P("cycleToCycleVariation");
            heat = new float[tiles][];
            heatAt = new ulong[tiles][];
            for (int t = 0; t < tiles; t++)
            {
                heat[t] = new float[rows * columns];
                heatAt[t] = new ulong[rows * columns];
            }
        }

        protected override double Step(int tile, int cell, double g, double volts, bool isReset, double widthNs, double cellFactor, ulong nowCycles)
        {
            double theta = Theta(tile, cell, nowCycles);
            double x = Math.Clamp((g - GMin) / (GMax - GMin), 0, 1);
            double e = widthNs / wRef * cellFactor;
            ulong endCycles = nowCycles + (ulong)Math.Round(widthNs / BoardConstants.PulseWidthUnitNanoseconds);
            double next = x;
            if (!isReset)
            {
                if (volts <= 0) return g;
                if (volts < Profile.SetThresholdVolts)
                {
                    // Heating pulse: raises the temperature variable, does not move the filament.
                    double h = Math.Min(1, (volts / heatRef) * (volts / heatRef))
                        * Math.Max(0, -Expm1(-(widthNs - heatMinWidth) / heatWidthScale));
                    heat[tile][cell] = (float)Math.Max(theta, h);
                    heatAt[tile][cell] = endCycles;
                    return g;
                }
                double nu = nuPlain * Math.Pow(nuHeated / nuPlain, theta);
                double reach = plainRange + (1 - plainRange) * theta;
                if (x < reach)
                {
                    double ep = e * Math.Exp((volts - setRef) / setScale) * (1 + heatSpeedup * theta);
                    double b = reach / -Expm1(-nu);
                    next = x + (b - x) * -Expm1(-nu * ep / setPulses);
                    next = x + (Math.Min(next, reach) - x) * Math.Max(0, 1 + sigma * NextNormal());
                }
            }
            else
            {
                if (volts < Profile.ResetThresholdVolts) return g;
                double ed = e * Math.Exp((volts - resetRef) / resetScale);
                next = (x + resetC) * Math.Exp(-nuReset * ed / resetPulses) - resetC;
                next = x + (next - x) * Math.Max(0, 1 + sigma * NextNormal());
            }
            // The pulse's own time lets the heat decay.
            if (theta > 0)
            {
                heat[tile][cell] = (float)(theta * Math.Exp(-(double)(endCycles - nowCycles) / heatDecayCycles));
                heatAt[tile][cell] = endCycles;
            }
            next = Math.Clamp(next, 0, 1);
            return GMin + next * (GMax - GMin);
        }

        /// <inheritdoc/>
        protected override void CaptureModelState(int tile, EmulatorTileState into)
        {
            into.Heat = (float[])heat[tile].Clone();
            into.HeatAtCycles = (ulong[])heatAt[tile].Clone();
        }

        /// <inheritdoc/>
        protected override string? CheckModelState(int tile, EmulatorTileState from, int cells)
        {
            if (from.Heat?.Length != cells || from.HeatAtCycles?.Length != cells)
                return $"the hfo2 model needs the heat variable and its times ({cells} each), which are missing or of another size";
            foreach (float t in from.Heat)
                if (!(t >= 0 && t <= 1)) return $"a heat value is {t}; accepted: 0..1";
            return null;
        }

        /// <inheritdoc/>
        protected override void RestoreModelState(int tile, EmulatorTileState from)
        {
            Array.Copy(from.Heat!, heat[tile], heat[tile].Length);
            Array.Copy(from.HeatAtCycles!, heatAt[tile], heatAt[tile].Length);
        }

        private double Theta(int tile, int cell, ulong now)
        {
            float t = heat[tile][cell];
            if (t == 0) return 0;
            ulong at = heatAt[tile][cell];
            return now > at ? t * Math.Exp(-(double)(now - at) / heatDecayCycles) : t;
        }
    }
}

using System;

namespace CimController.Emulator
{
    /// <summary>
    /// Planar four-terminal TiO2-x memristor of Diao et al. 2025 (Fig. 2a-d), in resistance R = 1e6 / G (ohm)
    /// between R_L (LRS, 740 ohm) and R_H (HRS, 880 ohm). Each write pulse of V volts moves R towards a
    /// voltage-dependent saturation level R_eq(V); D is the distance to it (D &gt; 0 in the pulse's direction):
    /// <code>
    /// potentiation (SET, R falls):  R_eq,p(V) = R_L - d_p + (R_H - R_L + d_p) * exp(-(V / V_p)^m_p),   D = R - R_eq,p
    /// depression (RESET, R rises):  R_eq,d(V) = R_H + d_d - (R_H - R_L + d_d) * exp(-(V / V_d)^m_d),   D = R_eq,d - R
    /// s    = a V^q * tanh(D / delta) * (1 + (D / (L V^qL))^g)
    /// |dR| = s / (1 + s / s_max) * f_w(w) * f_cell * max(0, 1 + s(x) * z)
    /// f_w(w) = (1 - exp(-w / tau_w)) / (1 - exp(-0.8 s / tau_w))      (1 at the FFP's 0.8 s pulse)
    /// s_p(x) = s_0 + s_HRS * x^4,  s_d(x) = s_0 + s_LRS * (1 - x)^4,   x = (R - R_L) / (R_H - R_L)
    /// </code>
    /// (a, q, L, qL, g, delta, V, m, d per direction; s_max shared). Three regimes along one train of identical pulses: far from
    /// R_eq (D &gt; L) the change is large and grows steeply with the distance up to s_max (field-driven drift, the
    /// fast first pulses of Fig. 2a at high V_w); within ~L of R_eq it settles to a slowly varying fine-tuning step a V^q of
    /// 0.1-0.3 ohm; within ~delta of R_eq it vanishes (saturation, Fig. 2c/d). No change below the profile's
    /// threshold (the smallest V_w of the paper's list, 0.3 V), R clamped to [R_L, R_H]. Potentiation near HRS
    /// overshoots more (larger s_p, the paper's "skip-prone" levels, Fig. 4c).
    /// The constants are calibrated (boards/README.md, 'TiO2-x') so that the paper's calibration protocol (100
    /// identical 2 s pulses per V_w of the paper's list, from HRS / LRS) covers every 2.2 ohm resistance bin of the
    /// window with some V_w whose mean |dR| is inside 0.1-0.3 ohm, 5-7 V traverse the window within 100 pulses, and
    /// the firmware's FFP sweep (per bin the V_w closest to the band centre) takes 500-650 pulse events each way.
    /// </summary>
    internal sealed class TiO2Device : DeviceModel
    {
        internal static readonly ModelParameter[] ParameterList =
        {
            new("tio2PotentiationRate", 1e-6, 1e3, "a_p: fine-tuning step at 1 V, ohm per 0.8 s pulse"),
            new("tio2PotentiationVoltageExponent", -5, 10, "q_p: the fine-tuning step grows as V^q_p"),
            new("tio2PotentiationVoltageScale", 1e-3, 100, "V_p, V: voltage scale of the saturation level"),
            new("tio2PotentiationVoltageShape", 0.05, 10, "m_p: stretch exponent of the saturation level's voltage law"),
            new("tio2PotentiationOvershootOhms", 0, 1e4, "d_p: how far below R_L the high-voltage saturation level lies, ohm"),
            new("tio2PotentiationFarOhms", 1e-3, 1e4, "L_p at 1 V: distance beyond which the step grows steeply, ohm"),
            new("tio2PotentiationFarVoltageExponent", -5, 5, "qL_p: L_p grows as V^qL_p"),
            new("tio2PotentiationFarExponent", 0.1, 10, "g_p: growth exponent of the step far from saturation"),
            new("tio2PotentiationSaturationOhms", 1e-3, 1e3, "delta_p: the step vanishes within ~delta_p of the saturation level, ohm"),
            new("tio2DepressionRate", 1e-6, 1e3, "a_d"),
            new("tio2DepressionVoltageExponent", -5, 10, "q_d"),
            new("tio2DepressionVoltageScale", 1e-3, 100, "V_d, V"),
            new("tio2DepressionVoltageShape", 0.05, 10, "m_d"),
            new("tio2DepressionOvershootOhms", 0, 1e4, "d_d: how far above R_H the high-voltage saturation level lies, ohm"),
            new("tio2DepressionFarOhms", 1e-3, 1e4, "L_d at 1 V, ohm"),
            new("tio2DepressionFarVoltageExponent", -5, 5, "qL_d"),
            new("tio2DepressionFarExponent", 0.1, 10, "g_d"),
            new("tio2DepressionSaturationOhms", 1e-3, 1e3, "delta_d, ohm"),
            new("tio2MaxStepOhms", 1e-3, 1e4, "s_max: the largest change of one 0.8 s pulse, ohm (soft limit s / (1 + s / s_max))"),
            new("tio2WidthTimeConstantSeconds", 1e-6, 1e3, "tau_w, s"),
            new("cycleToCycleVariation", 0, 5, "s_0: relative standard deviation of one pulse's change"),
            new("tio2PotentiationHrsVariation", 0, 5, "s_HRS: extra relative deviation of potentiation near HRS"),
            new("tio2DepressionLrsVariation", 0, 5, "s_LRS: extra relative deviation of depression near LRS"),
        };

        /// <summary>The FFP pulse width the step constants refer to (Diao 2025 Fig. 3a: 0.8 s).</summary>
        private const double ReferenceWidthSeconds = 0.8;

        private readonly double rLow, rHigh;
        private readonly Law pot, dep;
        private readonly double sMax, tauW, s0, sHrs, sLrs, widthNorm;

        /// <summary>One direction's constants.</summary>
        private readonly struct Law
        {
            public readonly double A, Q, V, M, D, L, QL, G, Delta;

            public Law(Func<string, double> p, string prefix)
            {
                A = p(prefix + "Rate");
                Q = p(prefix + "VoltageExponent");
                V = p(prefix + "VoltageScale");
                M = p(prefix + "VoltageShape");
                D = p(prefix + "OvershootOhms");
                L = p(prefix + "FarOhms");
                QL = p(prefix + "FarVoltageExponent");
                G = p(prefix + "FarExponent");
                Delta = p(prefix + "SaturationOhms");
            }

            /// <summary>exp(-(V / V_s)^m): 1 at 0 V, 0 at high V.</summary>
            public double Decay(double volts) => Math.Exp(-Math.Pow(volts / V, M));

            /// <summary>Mean |dR| of one 0.8 s pulse at distance <paramref name="distance"/> (&gt; 0) from the saturation level, before the s_max limit.</summary>
            public double Step(double volts, double distance) =>
                A * Math.Pow(volts, Q) * Math.Tanh(distance / Delta) * (1 + Math.Pow(distance / (L * Math.Pow(volts, QL)), G));
        }

        public TiO2Device(DeviceProfile profile, int tiles, int rows, int columns, int seed) : base(profile, tiles, rows, columns, seed)
        {
            rLow = 1e6 / GMax;
            rHigh = 1e6 / GMin;
            pot = new Law(P, "tio2Potentiation");
            dep = new Law(P, "tio2Depression");
            sMax = P("tio2MaxStepOhms");
            tauW = P("tio2WidthTimeConstantSeconds");
            s0 = P("cycleToCycleVariation");
            sHrs = P("tio2PotentiationHrsVariation");
            sLrs = P("tio2DepressionLrsVariation");
            widthNorm = 1.0 / -Expm1(-ReferenceWidthSeconds / tauW);
        }

        /// <summary>Soft limit of one pulse's change: s / (1 + s / s_max).</summary>
        private double Limit(double step) => step / (1 + step / sMax);

        protected override double Step(int tile, int cell, double g, double volts, bool isReset, double widthNs, double cellFactor, ulong nowCycles)
        {
            double threshold = isReset ? Profile.ResetThresholdVolts : Profile.SetThresholdVolts;
            if (volts < threshold) return g;
            double r = 1e6 / g;
            double x = Math.Clamp((r - rLow) / (rHigh - rLow), 0, 1);
            double fw = -Expm1(-widthNs * 1e-9 / tauW) * widthNorm;
            double window = rHigh - rLow;
            double z = NextNormal();
            if (!isReset)
            {
                double eq = rLow - pot.D + (window + pot.D) * pot.Decay(volts);
                double distance = r - eq;
                if (distance <= 0) return g;
                double s = s0 + sHrs * x * x * x * x;
                r -= Limit(pot.Step(volts, distance)) * fw * cellFactor * Math.Max(0, 1 + s * z);
            }
            else
            {
                double eq = rHigh + dep.D - (window + dep.D) * dep.Decay(volts);
                double distance = eq - r;
                if (distance <= 0) return g;
                double y = 1 - x;
                double s = s0 + sLrs * y * y * y * y;
                r += Limit(dep.Step(volts, distance)) * fw * cellFactor * Math.Max(0, 1 + s * z);
            }
            r = Math.Clamp(r, rLow, rHigh);
            return 1e6 / r;
        }
    }
}

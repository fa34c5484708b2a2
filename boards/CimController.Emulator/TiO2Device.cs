using System;

namespace CimController.Emulator
{
    /// <summary>
    /// Planar four-terminal TiO2-x memristor of Diao et al. 2025 (Fig. 2a-d), in resistance R = 1e6 / G (ohm)
    /// between R_L (LRS, 740 ohm) and R_H (HRS, 880 ohm). Each write pulse of V volts moves R towards a
    /// voltage-dependent equilibrium, with a square-root (saturating) dependence on the distance to it:
    /// <code>
    /// potentiation (SET, R falls):  R_eq,p(V) = R_L - d_p + (R_H - R_L + d_p) * exp(-V / V_p)
    ///     dR = -k_p * V^q_p * (R - R_eq,p)^gamma * f_w(w) * f_cell * max(0, 1 + s_p(x) * z)
    /// depression (RESET, R rises):  R_eq,d(V) = R_H + d_d - (R_H - R_L + d_d) * exp(-V / V_d)
    ///     dR = +k_d * V^q_d * (R_eq,d - R)^gamma * f_w(w) * f_cell * max(0, 1 + s_d(x) * z)
    /// f_w(w) = (1 - exp(-w / tau_w)) / (1 - exp(-0.8 s / tau_w))      (1 at the FFP's 0.8 s pulse)
    /// s_p(x) = s_0 + s_HRS * x^4,  s_d(x) = s_0 + s_LRS * (1 - x)^4,   x = (R - R_L) / (R_H - R_L)
    /// </code>
    /// no change below the profile's threshold (the smallest V_w of the paper's list, 0.3 V), R clamped to
    /// [R_L, R_H]. So |dR| depends on V_w and on R and saturates under identical pulses (Fig. 2c/d), and
    /// potentiation near HRS overshoots more (larger s_p, the paper's "skip-prone" levels, Fig. 4c).
    /// The constants are calibrated so that the paper's FFP procedure (pick, per R, the largest |dR| inside
    /// 0.1-0.3 ohm from the V_w list, 0.8 s pulses) sweeps HRS to LRS in about 494 and back in about 579 pulse
    /// events (tests/CimController.Emulator.Tests DevicePhysicsTiO2Tests).
    /// </summary>
    internal sealed class TiO2Device : DeviceModel
    {
        internal static readonly ModelParameter[] ParameterList =
        {
            new("tio2PotentiationRate", 1e-9, 1e3, "k_p, ohm^(1-gamma) per pulse per V^q_p"),
            new("tio2PotentiationVoltageExponent", 0, 10, "q_p"),
            new("tio2PotentiationVoltageScale", 1e-3, 100, "V_p, V"),
            new("tio2PotentiationOvershootOhms", 0, 1e4, "d_p: how far below R_L the high-voltage equilibrium lies, ohm"),
            new("tio2DepressionRate", 1e-9, 1e3, "k_d"),
            new("tio2DepressionVoltageExponent", 0, 10, "q_d"),
            new("tio2DepressionVoltageScale", 1e-3, 100, "V_d, V"),
            new("tio2DepressionOvershootOhms", 0, 1e4, "d_d: how far above R_H the high-voltage equilibrium lies, ohm"),
            new("tio2DistanceExponent", 0.1, 4, "gamma"),
            new("tio2WidthTimeConstantSeconds", 1e-6, 1e3, "tau_w, s"),
            new("cycleToCycleVariation", 0, 5, "s_0: relative standard deviation of one pulse's change"),
            new("tio2PotentiationHrsVariation", 0, 5, "s_HRS: extra relative deviation of potentiation near HRS"),
            new("tio2DepressionLrsVariation", 0, 5, "s_LRS: extra relative deviation of depression near LRS"),
        };

        /// <summary>The FFP pulse width the step constants refer to (Diao 2025 Fig. 3a: 0.8 s).</summary>
        private const double ReferenceWidthSeconds = 0.8;

        private readonly double rLow, rHigh;
        private readonly double kp, qp, vp, dp, kd, qd, vd, dd, gamma, tauW, s0, sHrs, sLrs, widthNorm;

        public TiO2Device(DeviceProfile profile, int tiles, int rows, int columns, int seed) : base(profile, tiles, rows, columns, seed)
        {
            rLow = 1e6 / GMax;
            rHigh = 1e6 / GMin;
            kp = P("tio2PotentiationRate");
            qp = P("tio2PotentiationVoltageExponent");
            vp = P("tio2PotentiationVoltageScale");
            dp = P("tio2PotentiationOvershootOhms");
            kd = P("tio2DepressionRate");
            qd = P("tio2DepressionVoltageExponent");
            vd = P("tio2DepressionVoltageScale");
            dd = P("tio2DepressionOvershootOhms");
            gamma = P("tio2DistanceExponent");
            tauW = P("tio2WidthTimeConstantSeconds");
            s0 = P("cycleToCycleVariation");
            sHrs = P("tio2PotentiationHrsVariation");
            sLrs = P("tio2DepressionLrsVariation");
            widthNorm = 1.0 / -Expm1(-ReferenceWidthSeconds / tauW);
        }

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
                double eq = rLow - dp + (window + dp) * Math.Exp(-volts / vp);
                double distance = r - eq;
                if (distance <= 0) return g;
                double s = s0 + sHrs * x * x * x * x;
                r -= kp * Math.Pow(volts, qp) * Math.Pow(distance, gamma) * fw * cellFactor * Math.Max(0, 1 + s * z);
            }
            else
            {
                double eq = rHigh + dd - (window + dd) * Math.Exp(-volts / vd);
                double distance = eq - r;
                if (distance <= 0) return g;
                double y = 1 - x;
                double s = s0 + sLrs * y * y * y * y;
                r += kd * Math.Pow(volts, qd) * Math.Pow(distance, gamma) * fw * cellFactor * Math.Max(0, 1 + s * z);
            }
            r = Math.Clamp(r, rLow, rHigh);
            return 1e6 / r;
        }
    }
}

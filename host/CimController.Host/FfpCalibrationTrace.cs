using System;

namespace CimController.Host
{
    /// <summary>One calibration trace: resistance after the reset and after each of K identical pulses.</summary>
    public sealed record FfpCalibrationTrace(int Direction, int WriteMillivolts, int Slot, uint StartMilliohms, uint[] Milliohms)
    {
        /// <summary>Resistances in Ω: index 0 after the reset, then one per pulse.</summary>
        public double[] Ohms()
        {
            var r = new double[Milliohms.Length + 1];
            r[0] = StartMilliohms / 1000.0;
            for (int i = 0; i < Milliohms.Length; i++) r[i + 1] = Milliohms[i] / 1000.0;
            return r;
        }
        /// <summary>|ΔR| per pulse in Ω (K values).</summary>
        public double[] AbsDeltaOhms()
        {
            var d = new double[Milliohms.Length];
            uint prev = StartMilliohms;
            for (int i = 0; i < Milliohms.Length; i++) { d[i] = Math.Abs((double)Milliohms[i] - prev) / 1000.0; prev = Milliohms[i]; }
            return d;
        }
    }
}

using System.Collections.Generic;
using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>Parameters of an FFP calibration run (Diao 2025 Fig. 2). Defaults are the paper's; all voltages must be within the profile's limits.</summary>
    public sealed class FfpCalibrationOptions
    {
        /// <summary>Diao 2025: 0.3 .. 7.0 V.</summary>
        public static readonly int[] PaperVoltagesMillivolts = { 300, 400, 500, 600, 700, 800, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 7000 };

        /// <summary>Write voltages to calibrate, mV (magnitudes).</summary>
        public IReadOnlyList<int> VoltagesMillivolts { get; set; } = PaperVoltagesMillivolts;
        /// <summary>Identical pulses per voltage and direction (paper: 100; the firmware stores at most FfpMaxCalibrationPulses of them).</summary>
        public int Pulses { get; set; } = 100;
        /// <summary>Pulse width, ns (paper: 2 s).</summary>
        public uint WidthNs { get; set; } = 2_000_000_000;
        /// <summary>Reset pulse magnitude, mV (paper: ±6 V).</summary>
        public int ResetMillivolts { get; set; } = 6000;
        /// <summary>Reset pulse width, ns (paper: 2 s, as the write pulses).</summary>
        public uint ResetWidthNs { get; set; } = 2_000_000_000;
        /// <summary>Reset pulses applied before each trace.</summary>
        public int ResetCount { get; set; } = 1;
        /// <summary>Reads averaged per resistance read.</summary>
        public int Averages { get; set; } = 4;
        /// <summary>Keep the traces in the firmware for <see cref="CimClient.FfpBuildTable"/>.</summary>
        public bool Store { get; set; } = true;
        /// <summary>Directions to calibrate (both by default).</summary>
        public IReadOnlyList<int> Directions { get; set; } = new[] { FfpDirection.Potentiation, FfpDirection.Depression };
    }
}

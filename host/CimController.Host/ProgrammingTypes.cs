using System;
using System.Collections.Generic;
using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>Answer to <see cref="CimClient.Pulse"/>: pulses applied and the cell read right after.</summary>
    public sealed record PulseResult(int Count, uint Nanosiemens, uint Milliohms)
    {
        /// <summary>Conductance after the pulses, µS.</summary>
        public double Microsiemens => Nanosiemens / 1000.0;
        /// <summary>Resistance after the pulses, Ω (<see cref="double.PositiveInfinity"/> when it read as open).</summary>
        public double Ohms => Milliohms == uint.MaxValue ? double.PositiveInfinity : Milliohms / 1000.0;
    }

    /// <summary>One cell and its conductance target for write-verify.</summary>
    public readonly record struct CellTarget(int Row, int Col, uint TargetNanosiemens)
    {
        /// <summary>A target given in µS (rounded to nS).</summary>
        public static CellTarget FromMicrosiemens(int row, int col, double microsiemens) =>
            new(row, col, (uint)Math.Round(Math.Clamp(microsiemens, 0, uint.MaxValue / 1000.0) * 1000.0));
    }

    /// <summary>
    /// Parameters of read-verify (ISPP) programming, Wu 2023 Fig. S2. Defaults: SET and RESET trains
    /// 1.5 → 3 V in 0.1 V steps, 5 set-reset trials (characterisation; use 2 during training), 4 reads
    /// averaged per verify, band ±0.5 µS. Voltages beyond the profile's limits are refused by the firmware
    /// (<see cref="Protocol.ErrorCode.PulseLimit"/>).
    /// </summary>
    public sealed class WriteVerifyOptions
    {
        /// <summary>Reads averaged per verify read (1..16).</summary>
        public int Averages { get; set; } = 4;
        /// <summary>Set-reset trials allowed (Wu 2023: 5 characterisation, 2 training).</summary>
        public int MaxTrials { get; set; } = 5;
        /// <summary>First SET pulse of a train, mV (Wu 2023: 1.5 V).</summary>
        public int SetStartMillivolts { get; set; } = 1500;
        /// <summary>Last (largest) SET pulse of a train, mV (Wu 2023: 3 V); repeated until the threshold, stuck or budget.</summary>
        public int SetStopMillivolts { get; set; } = 3000;
        /// <summary>SET increment per pulse, mV.</summary>
        public int SetStepMillivolts { get; set; } = 100;
        /// <summary>First RESET pulse magnitude of a train, mV (Wu 2023: 1.5 V).</summary>
        public int ResetStartMillivolts { get; set; } = 1500;
        /// <summary>Largest RESET pulse magnitude, mV (Wu 2023: 3 V).</summary>
        public int ResetStopMillivolts { get; set; } = 3000;
        /// <summary>RESET increment per pulse, mV.</summary>
        public int ResetStepMillivolts { get; set; } = 100;
        /// <summary>Pulse width, ns (within the profile's Min/Max width).</summary>
        public uint WidthNs { get; set; } = 1000;
        /// <summary>Half-width of the target band, nS: success is |G − target| ≤ tolerance.</summary>
        public uint ToleranceNanosiemens { get; set; } = 500;
        /// <summary>The SET train stops at target + tolerance + this overshoot, nS (0: the band's upper edge).</summary>
        public uint SetOvershootNanosiemens { get; set; }
        /// <summary>A move smaller than this counts as no response, nS (0: tolerance / 4).</summary>
        public uint MinResponseNanosiemens { get; set; }
        /// <summary>Pulse budget per cell (1..65535).</summary>
        public int MaxPulsesPerCell { get; set; } = 500;
        /// <summary>Pulses without response after which a cell is reported Stuck.</summary>
        public int StuckPulses { get; set; } = 30;
        /// <summary>Time budget of one request, ms (the firmware stops and reports TimeBudget for the rest).</summary>
        public uint TimeBudgetMs { get; set; } = 600_000;
        /// <summary>The firmware sends a Progress frame every this many cells (and at least once a second).</summary>
        public int ProgressEveryCells { get; set; } = 64;
        /// <summary>When positive, at most this many cells per request (requests are also split to fit the payload limit).</summary>
        public int MaxCellsPerRequest { get; set; }

        /// <summary>Wu 2023's training setting: at most 2 set-reset trials.</summary>
        public static WriteVerifyOptions Training() => new() { MaxTrials = 2 };
    }

    /// <summary>Write-verify outcome of one cell.</summary>
    public readonly record struct WriteVerifyCellResult(int Row, int Col, uint TargetNanosiemens, int Status, int Trials, int Pulses, uint FinalNanosiemens)
    {
        /// <summary>The cell ended inside its band.</summary>
        public bool Success => Status == WriteVerifyStatus.InBand;
        /// <summary>Readable <see cref="Status"/> (InBand, TrialsExhausted, Stuck, PulseBudget, TimeBudget).</summary>
        public string StatusName => WriteVerifyStatus.Name(Status);
        /// <summary>Final conductance, µS.</summary>
        public double FinalMicrosiemens => FinalNanosiemens / 1000.0;
    }

    /// <summary>Write-verify outcome of a set of cells, in the order they were given.</summary>
    public sealed class WriteVerifyResult
    {
        /// <summary>Wraps per-cell results.</summary>
        public WriteVerifyResult(WriteVerifyCellResult[] cells) { Cells = cells; }
        /// <summary>Per-cell results in the order the cells were given (row-major for a region).</summary>
        public WriteVerifyCellResult[] Cells { get; }
        /// <summary>Pulses applied in total (as the firmware counted them).</summary>
        public long TotalPulses { get; internal set; }
        /// <summary>Firmware time spent, ms (sum over requests).</summary>
        public long ElapsedMs { get; internal set; }
        /// <summary>Cells not in band.</summary>
        public int Failures { get; internal set; }
        /// <summary>Requests the cells were split into.</summary>
        public int Requests { get; internal set; }
    }

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

    /// <summary>Reply to FfpTableSet.</summary>
    public readonly record struct FfpTableAcceptance(uint Version, uint Crc, int Bins);

    /// <summary>An FFP sweep: the resistance after every pulse event and the voltage of each event (the data the host segments into levels).</summary>
    public sealed record FfpSweepResult(int Direction, int Stop, uint StartMilliohms, int[] Millivolts, uint[] Milliohms, int Requests)
    {
        /// <summary>Readable stop reason.</summary>
        public string StopName => FfpStatus.Name(Stop);
        /// <summary>Pulse events applied.</summary>
        public int Events => Milliohms.Length;
    }

    /// <summary>Result of FFP programming to a target resistance.</summary>
    public readonly record struct FfpProgramResult(int Status, int Direction, int Events, uint BeforeMilliohms, uint AfterMilliohms)
    {
        /// <summary>Readable status.</summary>
        public string StatusName => FfpStatus.Name(Status);
        /// <summary>Final resistance, Ω.</summary>
        public double AfterOhms => AfterMilliohms / 1000.0;
    }

    /// <summary>Result of applying a pulse-event group.</summary>
    public sealed record FfpGroupResult(int Applied, uint BeforeMilliohms, uint AfterMilliohms, uint[]? EachMilliohms);
}

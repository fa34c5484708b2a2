namespace CimController.Host
{
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
}

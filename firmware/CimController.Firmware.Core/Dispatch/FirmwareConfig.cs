namespace CimController.Firmware
{
    /// <summary>
    /// What the firmware is told at start: who it is, the active device profile's safety limits and
    /// its buffer sizes. Every pulse the firmware applies is checked against these limits.
    /// </summary>
    public sealed class FirmwareConfig
    {
        /// <summary>Version string reported in Info.</summary>
        public string FirmwareVersion = Version;

        /// <summary>This firmware's version, reported in Info.</summary>
        public const string Version = "0.2.0";
        /// <summary>"emulator", "spidev", "esp32": what drives the board.</summary>
        public string BoardKind = "emulator";
        /// <summary>Name of the active device profile.</summary>
        public string ProfileName = "";
        /// <summary>Read voltage for VMM and cell reads, mV.</summary>
        public int ReadMillivolts = 100;
        /// <summary>Largest SET amplitude allowed by the profile, mV.</summary>
        public int MaxSetMillivolts;
        /// <summary>Largest RESET amplitude magnitude allowed by the profile, mV.</summary>
        public int MaxResetMillivolts;
        /// <summary>Shortest pulse width allowed by the profile, ns.</summary>
        public uint MinPulseWidthNs;
        /// <summary>Longest pulse width allowed by the profile, ns.</summary>
        public uint MaxPulseWidthNs;
        /// <summary>Largest frame payload accepted and sent (ESP32 without PSRAM: 4096; desktop: 65535).</summary>
        public int MaxPayload = 16384;
        /// <summary>A frame whose next byte does not arrive within this time is dropped as truncated.</summary>
        public int InterByteTimeoutMs = 500;
        /// <summary>Status polls before a board command counts as timed out.</summary>
        public int BoardPollLimit = 10000;
        /// <summary>
        /// Longest single wait for link bytes, ms: bounds how late <c>Stop()</c> takes effect and how
        /// finely the inter-byte timeout is measured.
        /// </summary>
        public int LinkReadTimeoutMs = 100;
        /// <summary>Long commands (WriteVerify, FFP) send a Progress frame at least this often, ms.</summary>
        public int ProgressIntervalMs = 1000;
        /// <summary>Bins the FFP table holds (14 bytes each, twice: active and staging table).</summary>
        public int FfpMaxBins = 128;
        /// <summary>Write voltages per direction the FFP calibration store keeps (Diao 2025 uses 15).</summary>
        public int FfpMaxVoltages = 16;
        /// <summary>Pulses per calibration trace kept for FfpBuildTable (Diao 2025: 100); 4 bytes each.</summary>
        public int FfpMaxCalibrationPulses = 100;
        /// <summary>
        /// Bytes of on-chip training state (<see cref="UpdateAccumulator.BytesPerWeight"/> per weight) a TrainConfigure may
        /// ask for; more is refused with OutOfRange before anything is allocated, and TrainConfigured reports the weights that
        /// fit as its capacity. Desktop default <see cref="DefaultTrainMemoryLimitBytes"/>; an ESP32 board definition sets its
        /// own (firmware/README.md, "Memory for training and inference"). Recorded in session transcripts (format 2).
        /// </summary>
        public int TrainMemoryLimitBytes = DefaultTrainMemoryLimitBytes;

        /// <summary>
        /// Bytes a network program's buffers may take (NetworkLoad; <see cref="ForwardCommand.MemoryLimitBytes"/>): more is
        /// refused before anything is allocated. Default <see cref="ForwardCommand.DefaultMemoryLimitBytes"/> (desktop, ESP32
        /// with PSRAM); an ESP32 without PSRAM sets about 28 KB. Recorded in session transcripts (format 2).
        /// </summary>
        public int ForwardMemoryLimitBytes = ForwardCommand.DefaultMemoryLimitBytes;

        /// <summary>
        /// 8 MiB: 599,186 weights; the largest network cimctl trains, the Diao 2025 MLP (234,752 weights, 3,286,528 bytes), fits
        /// with room to spare.
        /// </summary>
        public const int DefaultTrainMemoryLimitBytes = 8 << 20;
    }
}

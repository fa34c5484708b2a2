namespace CimController.Firmware.Transcripts
{
    /// <summary>
    /// The transcript format (little-endian): one recorded session is a header (<see cref="TranscriptHeader"/>) and
    /// events, each one kind byte and its fields:
    /// <list type="bullet">
    /// <item><see cref="Serve"/>: a host link session starts (Controller.Serve is called).</item>
    /// <item><see cref="LinkRead"/>: i32 count asked, i32 timeout ms asked, i32 result (n &gt; 0 then n bytes; 0 nothing
    /// in time; -1 link closed; <see cref="ReadThrew"/> an IOException).</item>
    /// <item><see cref="LinkWrite"/>: i32 count, u8 status (0 written, 1 IOException), the bytes.</item>
    /// <item><see cref="Spi"/>: u8 bus, i32 count, the bytes sent, the bytes received.</item>
    /// <item><see cref="Clock"/>: i64 milliseconds read.</item>
    /// <item><see cref="Delay"/>: i32 microseconds waited.</item>
    /// <item><see cref="End"/>: the recording stops.</item>
    /// </list>
    /// What the firmware does (link writes, SPI bytes sent, delays, the counts it asks for) is checked on replay;
    /// what the world answers (link bytes, SPI bytes received, clock readings) is supplied. Several transcripts travel
    /// as one stream in <see cref="TranscriptStream"/>'s framing.
    /// </summary>
    public static class TranscriptFormat
    {
        /// <summary>"CIMT": starts every transcript header.</summary>
        public const uint Magic = 0x544D4943;

        /// <summary>Format version written (2: the header's configuration adds the training and forward memory budgets).</summary>
        public const int Version = 2;

        /// <summary>Oldest format version read (1: the memory budgets are the defaults).</summary>
        public const int OldestVersion = 1;

        public const int Serve = 1;
        public const int LinkRead = 2;
        public const int LinkWrite = 3;
        public const int Spi = 4;
        public const int Clock = 5;
        public const int Delay = 6;
        public const int End = 0x7F;

        /// <summary>LinkRead result: the read threw an IOException.</summary>
        public const int ReadThrew = -2;

        /// <summary>The register-map board on one SPI bus (bus 0).</summary>
        public const int RegisterMapBoard = 1;

        /// <summary>The discrete AD5328/MCP3208 board: DAC on bus 0, ADC on bus 1.</summary>
        public const int DiscreteBoard = 2;

        /// <summary>Bus number of the register-map board and of the discrete board's DAC.</summary>
        public const int DacBus = 0;

        /// <summary>Bus number of the discrete board's ADC.</summary>
        public const int AdcBus = 1;

        /// <summary>Largest byte count an event may carry (a frame of the largest payload; an SPI burst).</summary>
        public const int MaxEventBytes = 1 << 20;

        /// <summary>A readable name for an event kind.</summary>
        public static string KindName(int kind)
        {
            switch (kind)
            {
                case Serve: return "Serve";
                case LinkRead: return "LinkRead";
                case LinkWrite: return "LinkWrite";
                case Spi: return "Spi";
                case Clock: return "Clock";
                case Delay: return "Delay";
                case End: return "End";
                default: return "kind " + kind.ToString();
            }
        }
    }
}

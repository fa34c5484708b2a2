namespace CimController.Firmware
{
    /// <summary>Counters of the firmware's own work, reported by the Stats message next to the board's counters.</summary>
    public sealed class FirmwareStats
    {
        /// <summary>Complete, CRC-valid frames received.</summary>
        public uint FramesReceived;
        /// <summary>Frames sent (replies and errors).</summary>
        public uint FramesSent;
        /// <summary>Error replies sent.</summary>
        public uint ErrorsSent;
        /// <summary>Frames dropped for a bad CRC.</summary>
        public uint CrcErrors;
        /// <summary>Bytes skipped outside frames (noise, resynchronisation).</summary>
        public uint SkippedBytes;
        /// <summary>Frames dropped because they stopped arriving part-way.</summary>
        public uint Truncations;
        /// <summary>Vmm commands completed.</summary>
        public uint VmmCommands;
        /// <summary>Single-cell reads done for ReadConductance.</summary>
        public uint CellReads;
        /// <summary>Reset commands completed.</summary>
        public uint Resets;
    }
}

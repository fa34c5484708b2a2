namespace CimController.Protocol.Messages
{
    /// <summary>StatsResult (reply to an empty Stats request): counters of the firmware and of the board.</summary>
    public sealed class StatsMessage
    {
        public uint FramesReceived;
        public uint FramesSent;
        public uint ErrorsSent;
        public uint CrcErrors;
        public uint SkippedBytes;
        public uint VmmCommands;
        public uint CellReads;
        public uint Resets;
        public ulong TileOps;
        public ulong ChipCycles;
        /// <summary>Estimated chip energy in pJ (0 when the board has no estimator).</summary>
        public ulong EnergyPicojoules;
        public uint PulsesApplied;
        public uint UptimeMs;
        /// <summary>Frames dropped because their bytes stopped arriving (protocol 1.1; 0 when the peer is 1.0).</summary>
        public uint Truncations;
        /// <summary>
        /// Free managed heap of the firmware after a collection, bytes (protocol 1.5); <see cref="HeapNotReported"/> when
        /// the firmware has no heap gauge (the desktop runner) or the peer is older.
        /// </summary>
        public uint HeapFreeBytes = HeapNotReported;

        /// <summary>The <see cref="HeapFreeBytes"/> of a firmware that does not report its heap.</summary>
        public const uint HeapNotReported = 0xFFFFFFFFu;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(FramesReceived);
            w.WriteUInt32(FramesSent);
            w.WriteUInt32(ErrorsSent);
            w.WriteUInt32(CrcErrors);
            w.WriteUInt32(SkippedBytes);
            w.WriteUInt32(VmmCommands);
            w.WriteUInt32(CellReads);
            w.WriteUInt32(Resets);
            w.WriteUInt64(TileOps);
            w.WriteUInt64(ChipCycles);
            w.WriteUInt64(EnergyPicojoules);
            w.WriteUInt32(PulsesApplied);
            w.WriteUInt32(UptimeMs);
            w.WriteUInt32(Truncations);
            w.WriteUInt32(HeapFreeBytes);
        }

        public void Read(PayloadReader r)
        {
            FramesReceived = r.ReadUInt32();
            FramesSent = r.ReadUInt32();
            ErrorsSent = r.ReadUInt32();
            CrcErrors = r.ReadUInt32();
            SkippedBytes = r.ReadUInt32();
            VmmCommands = r.ReadUInt32();
            CellReads = r.ReadUInt32();
            Resets = r.ReadUInt32();
            TileOps = r.ReadUInt64();
            ChipCycles = r.ReadUInt64();
            EnergyPicojoules = r.ReadUInt64();
            PulsesApplied = r.ReadUInt32();
            UptimeMs = r.ReadUInt32();
            Truncations = r.Remaining >= 4 ? r.ReadUInt32() : 0;
            HeapFreeBytes = r.Remaining >= 4 ? r.ReadUInt32() : HeapNotReported;
        }
    }
}

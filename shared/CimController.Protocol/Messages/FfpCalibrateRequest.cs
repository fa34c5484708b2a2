namespace CimController.Protocol.Messages
{
    /// <summary>
    /// FfpCalibrate (host -> firmware, protocol 1.2; Diao 2025 Fig. 2): reset the cell with
    /// <see cref="ResetCount"/> pulses of <see cref="ResetMv"/> (to HRS with RESET polarity before
    /// potentiation, to LRS with SET polarity before depression), then apply <see cref="Pulses"/> identical
    /// pulses of <see cref="WriteMv"/> in <see cref="Direction"/>, reading after each. u8 tile, u16 row,
    /// u16 column, u8 direction, u8 flags (<see cref="FfpCalibrateFlags"/>), u16 write mV (magnitude),
    /// u16 pulses K, u32 width ns, u16 reset mV (magnitude), u32 reset width ns, u16 reset pulses, u8 reads
    /// to average; 1.6: u32 time budget ms for the whole request (absent: the firmware's cap). A trace the budget cuts
    /// short comes back with the pulses done (its K smaller than asked).
    /// </summary>
    public sealed class FfpCalibrateRequest
    {
        /// <summary>Bytes up to the reads to average (1.2); a firmware needs at least these.</summary>
        public const int Length = 24;
        /// <summary>Bytes with the 1.6 time budget.</summary>
        public const int LengthWithBudget = 28;

        public int Tile;
        public int Row;
        public int Col;
        public int Direction;
        public int Flags;
        public int WriteMv;
        /// <summary>Diao 2025: 100 identical pulses per write voltage.</summary>
        public int Pulses = 100;
        /// <summary>Diao 2025: 2 s pulses.</summary>
        public uint WidthNs;
        /// <summary>Diao 2025: reset with +-6 V.</summary>
        public int ResetMv;
        public uint ResetWidthNs;
        public int ResetCount = 1;
        public int Averages = 4;
        /// <summary>1.6: time budget of the whole request, ms (10 minutes, the firmware's cap, by default).</summary>
        public uint TimeBudgetMs = 600000;
        /// <summary>False after <see cref="Read"/> of a 1.5 request without a time budget.</summary>
        public bool HasTimeBudget = true;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row);
            w.WriteUInt16(Col);
            w.WriteByte(Direction);
            w.WriteByte(Flags);
            w.WriteUInt16(WriteMv);
            w.WriteUInt16(Pulses);
            w.WriteUInt32(WidthNs);
            w.WriteUInt16(ResetMv);
            w.WriteUInt32(ResetWidthNs);
            w.WriteUInt16(ResetCount);
            w.WriteByte(Averages);
            w.WriteUInt32(TimeBudgetMs);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row = r.ReadUInt16();
            Col = r.ReadUInt16();
            Direction = r.ReadByte();
            Flags = r.ReadByte();
            WriteMv = r.ReadUInt16();
            Pulses = r.ReadUInt16();
            WidthNs = r.ReadUInt32();
            ResetMv = r.ReadUInt16();
            ResetWidthNs = r.ReadUInt32();
            ResetCount = r.ReadUInt16();
            Averages = r.ReadByte();
            HasTimeBudget = r.Remaining >= 4;
            TimeBudgetMs = HasTimeBudget ? r.ReadUInt32() : 0;
        }
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>
    /// FfpProgram (host -> firmware, protocol 1.2): FFP to a target resistance. u8 tile, u16 row, u16 column,
    /// u32 target milliohms, u32 tolerance milliohms, u16 max pulse events, u16 no-progress events (0: 20),
    /// u8 reads to average, u32 time budget ms.
    /// </summary>
    public sealed class FfpProgramRequest
    {
        public const int Length = 22;

        public int Tile;
        public int Row;
        public int Col;
        public uint TargetMilliohms;
        public uint ToleranceMilliohms;
        public int MaxEvents = 2000;
        public int NoProgressEvents = 20;
        public int Averages = 4;
        public uint TimeBudgetMs = 600000;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row);
            w.WriteUInt16(Col);
            w.WriteUInt32(TargetMilliohms);
            w.WriteUInt32(ToleranceMilliohms);
            w.WriteUInt16(MaxEvents);
            w.WriteUInt16(NoProgressEvents);
            w.WriteByte(Averages);
            w.WriteUInt32(TimeBudgetMs);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row = r.ReadUInt16();
            Col = r.ReadUInt16();
            TargetMilliohms = r.ReadUInt32();
            ToleranceMilliohms = r.ReadUInt32();
            MaxEvents = r.ReadUInt16();
            NoProgressEvents = r.ReadUInt16();
            Averages = r.ReadByte();
            TimeBudgetMs = r.ReadUInt32();
        }
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>
    /// FfpSweep (host -> firmware, protocol 1.2): from the cell's present state, read, look up, pulse,
    /// repeat toward LRS (potentiation) or HRS (depression) until the stop resistance, no progress, a budget
    /// or a full reply. u8 tile, u16 row, u16 column, u8 direction, u16 max pulse events, u32 stop resistance
    /// milliohms (0: the table's window edge), u16 no-progress events (0: 20), u8 reads to average,
    /// u32 time budget ms.
    /// </summary>
    public sealed class FfpSweepRequest
    {
        public const int Length = 19;

        public int Tile;
        public int Row;
        public int Col;
        public int Direction;
        public int MaxEvents = 2000;
        public uint StopMilliohms;
        public int NoProgressEvents = 20;
        public int Averages = 4;
        public uint TimeBudgetMs = 600000;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row);
            w.WriteUInt16(Col);
            w.WriteByte(Direction);
            w.WriteUInt16(MaxEvents);
            w.WriteUInt32(StopMilliohms);
            w.WriteUInt16(NoProgressEvents);
            w.WriteByte(Averages);
            w.WriteUInt32(TimeBudgetMs);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row = r.ReadUInt16();
            Col = r.ReadUInt16();
            Direction = r.ReadByte();
            MaxEvents = r.ReadUInt16();
            StopMilliohms = r.ReadUInt32();
            NoProgressEvents = r.ReadUInt16();
            Averages = r.ReadByte();
            TimeBudgetMs = r.ReadUInt32();
        }
    }
}

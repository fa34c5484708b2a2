namespace CimController.Protocol.Messages
{
    /// <summary>
    /// One weight of a TrainLoad (<see cref="TrainLayout.LoadEntryBytes"/> bytes): u8 tile, u16 row, u16 column of G+ (G- is
    /// the next column), f32 W_FP nS, f32 dW_FP nS, u16 writes so far.
    /// </summary>
    public sealed class TrainLoadEntry
    {
        /// <summary>Offset of the f32 W_FP inside an entry (the firmware checks its bits for finiteness in place).</summary>
        public const int WeightOffset = 5;
        /// <summary>Offset of the f32 dW_FP inside an entry.</summary>
        public const int AccumulatorOffset = 9;

        public int Tile;
        public int Row;
        public int Column;
        public float Weight;
        public float Accumulator;
        public int Writes;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row);
            w.WriteUInt16(Column);
            w.WriteSingle(Weight);
            w.WriteSingle(Accumulator);
            w.WriteUInt16(Writes);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row = r.ReadUInt16();
            Column = r.ReadUInt16();
            Weight = r.ReadSingle();
            Accumulator = r.ReadSingle();
            Writes = r.ReadUInt16();
        }
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>
    /// Pulse (host -> firmware, protocol 1.2): raw characterisation pulses on one cell, checked against the
    /// active profile's limits like every pulse (refused with <see cref="ErrorCode.PulseLimit"/>, never
    /// clipped). u8 tile, u16 row, u16 column, i16 amplitude mV (positive SET, negative RESET), u32 width ns,
    /// u16 count (1..65535 identical pulses), u8 reads to average (1..16) for the read after.
    /// </summary>
    public sealed class PulseRequest
    {
        public const int Length = 14;

        public int Tile;
        public int Row;
        public int Col;
        /// <summary>Signed amplitude, mV: positive SET (conductance up), negative RESET (conductance down).</summary>
        public int Millivolts;
        public uint WidthNs;
        public int Count = 1;
        public int Averages = 1;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row);
            w.WriteUInt16(Col);
            w.WriteInt16(Millivolts);
            w.WriteUInt32(WidthNs);
            w.WriteUInt16(Count);
            w.WriteByte(Averages);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row = r.ReadUInt16();
            Col = r.ReadUInt16();
            Millivolts = r.ReadInt16();
            WidthNs = r.ReadUInt32();
            Count = r.ReadUInt16();
            Averages = r.ReadByte();
        }
    }
}

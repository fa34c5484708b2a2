namespace CimController.Protocol.Messages
{
    /// <summary>
    /// ReadConductance (host -> firmware): u8 tile, u16 first row, u16 rows, u16 first column,
    /// u16 columns, u8 reads to average (1..16). A single cell is a 1x1 region.
    /// </summary>
    public sealed class RegionRequest
    {
        public int Tile;
        public int Row0;
        public int Rows = 1;
        public int Col0;
        public int Cols = 1;
        public int Averages = 1;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row0);
            w.WriteUInt16(Rows);
            w.WriteUInt16(Col0);
            w.WriteUInt16(Cols);
            w.WriteByte(Averages);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row0 = r.ReadUInt16();
            Rows = r.ReadUInt16();
            Col0 = r.ReadUInt16();
            Cols = r.ReadUInt16();
            Averages = r.ReadByte();
        }
    }
}

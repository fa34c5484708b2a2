namespace CimController.Protocol.Messages
{
    /// <summary>
    /// Vmm (host -> firmware): u8 tile, u16 first row, u16 rows, u16 first column, u16 columns,
    /// u16 vector count, u8 flags (<see cref="VmmFlags"/>), then vector count * rows u8 input codes,
    /// vector-major. <see cref="Read"/> does not copy the inputs: they stay in the frame buffer at
    /// <see cref="InputOffset"/>.
    /// </summary>
    public sealed class VmmRequest
    {
        public const int HeaderLength = 12;

        public int Tile;
        public int Row0;
        public int Rows;
        public int Col0;
        public int Cols;
        public int VectorCount;
        public int Flags;
        /// <summary>Buffer holding the input codes (the frame buffer after <see cref="Read"/>).</summary>
        public byte[] Inputs = new byte[0];
        /// <summary>Offset of the first input code in <see cref="Inputs"/>.</summary>
        public int InputOffset;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row0);
            w.WriteUInt16(Rows);
            w.WriteUInt16(Col0);
            w.WriteUInt16(Cols);
            w.WriteUInt16(VectorCount);
            w.WriteByte(Flags);
            w.WriteBytes(Inputs, InputOffset, VectorCount * Rows);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row0 = r.ReadUInt16();
            Rows = r.ReadUInt16();
            Col0 = r.ReadUInt16();
            Cols = r.ReadUInt16();
            VectorCount = r.ReadUInt16();
            Flags = r.ReadByte();
            Inputs = r.Buffer;
            InputOffset = r.Skip(VectorCount * Rows);
        }
    }
}

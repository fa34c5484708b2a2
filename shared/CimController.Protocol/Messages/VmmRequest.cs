namespace CimController.Protocol.Messages
{
    /// <summary>
    /// Vmm (host -> firmware): u8 tile, u16 first row, u16 rows, u16 first column, u16 columns,
    /// u16 vector count, u8 flags (<see cref="VmmFlags"/>), then vector count * rows / row copies u8 input codes,
    /// vector-major (1.7: flags bits 4-7 = row copies - 1; the row window is that many copies of rows / copies rows driven by the
    /// same codes, register map 1.3 ROW_REPEAT); 1.4: then an optional u8 conversions per vector (absent, 0 or 1 = one conversion;
    /// 2..<see cref="MaxConversions"/> = the chip converts each vector that many times and the reply carries
    /// the sums, <see cref="VmmFlags.Summed"/>). <see cref="Read"/> does not copy the inputs: they stay in the
    /// frame buffer at <see cref="InputOffset"/>.
    /// </summary>
    public sealed class VmmRequest
    {
        public const int HeaderLength = 12;
        /// <summary>Largest conversions per vector (1.4): 128 x 255 fits a u16 sum.</summary>
        public const int MaxConversions = 128;
        /// <summary>First protocol minor version (of major 1) that reads the conversions byte.</summary>
        public const int ConversionsMinorVersion = 4;
        /// <summary>First protocol minor version (of major 1) that reads the row copies in the flags.</summary>
        public const int RowCopiesMinorVersion = 7;
        /// <summary>Most row copies one request can ask for (four bits of flags; register map 1.3: ROW_REPEAT 1..16).</summary>
        public const int MaxRowCopies = 16;

        public int Tile;
        public int Row0;
        public int Rows;
        public int Col0;
        public int Cols;
        public int VectorCount;
        public int Flags;
        /// <summary>Conversions per vector as sent (1.4): 0 or 1 = one (the byte is then not written), 2..128 = summed.</summary>
        public int Conversions;
        /// <summary>Buffer holding the input codes (the frame buffer after <see cref="Read"/>).</summary>
        public byte[] Inputs = new byte[0];
        /// <summary>Offset of the first input code in <see cref="Inputs"/>.</summary>
        public int InputOffset;

        /// <summary>Conversions per vector this request asks for: 1 when the byte is absent, 0 or 1.</summary>
        public int EffectiveConversions { get { return Conversions > 1 ? Conversions : 1; } }

        /// <summary>Copies of the row window's blocks that each code drives (1.7; 1 = none): flags bits 4-7 plus one.</summary>
        public int RowCopies { get { return ((Flags & VmmFlags.RowCopiesMask) >> VmmFlags.RowCopiesShift) + 1; } }

        /// <summary>Input codes per vector: rows / <see cref="RowCopies"/> (the firmware checks that the copies divide the rows).</summary>
        public int CodesPerVector { get { return Rows / RowCopies; } }

        /// <summary>Sets <see cref="RowCopies"/> (1..<see cref="MaxRowCopies"/>) in the flags, keeping the other flag bits.</summary>
        public void SetRowCopies(int copies)
        {
            Flags = (Flags & ~VmmFlags.RowCopiesMask) | (((copies - 1) << VmmFlags.RowCopiesShift) & VmmFlags.RowCopiesMask);
        }

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row0);
            w.WriteUInt16(Rows);
            w.WriteUInt16(Col0);
            w.WriteUInt16(Cols);
            w.WriteUInt16(VectorCount);
            w.WriteByte(Flags);
            w.WriteBytes(Inputs, InputOffset, VectorCount * CodesPerVector);
            if (Conversions > 1)
            {
                w.WriteByte(Conversions);
            }
        }

        /// <summary>Reads the header and the inputs (<see cref="ReadHeader"/>, then <see cref="ReadInputs"/>).</summary>
        public void Read(PayloadReader r)
        {
            ReadHeader(r);
            ReadInputs(r);
        }

        /// <summary>Reads the <see cref="HeaderLength"/>-byte header only (the firmware checks the input length against it first).</summary>
        public void ReadHeader(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row0 = r.ReadUInt16();
            Rows = r.ReadUInt16();
            Col0 = r.ReadUInt16();
            Cols = r.ReadUInt16();
            VectorCount = r.ReadUInt16();
            Flags = r.ReadByte();
        }

        /// <summary>After <see cref="ReadHeader"/>: leaves the inputs in place and reads the optional conversions byte.</summary>
        public void ReadInputs(PayloadReader r)
        {
            Inputs = r.Buffer;
            InputOffset = r.Skip(VectorCount * CodesPerVector);
            Conversions = r.Remaining > 0 ? r.ReadByte() : 0;
        }
    }
}

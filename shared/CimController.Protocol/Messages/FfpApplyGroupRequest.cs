namespace CimController.Protocol.Messages
{
    /// <summary>
    /// FfpApplyGroup (host -> firmware, protocol 1.2): apply a pulse-event group (Diao 2025 segmentation:
    /// the voltages that move a cell from level j to j+1) to one cell. Every voltage is checked before the
    /// first pulse: one beyond the profile's limit refuses the whole group. u8 tile, u16 row, u16 column,
    /// u8 direction, u32 width ns (0: the FFP table's width), u8 flags (<see cref="FfpGroupFlags"/>), u8 reads
    /// to average, u16 n, then n u16 write mV (magnitudes). <see cref="Read"/> leaves the voltages in the frame.
    /// </summary>
    public sealed class FfpApplyGroupRequest
    {
        public const int HeaderLength = 14;

        public int Tile;
        public int Row;
        public int Col;
        public int Direction;
        public uint WidthNs;
        public int Flags;
        public int Averages = 4;
        public int Count;
        /// <summary>Buffer holding the voltages (the frame after <see cref="Read"/>).</summary>
        public byte[] Voltages = new byte[0];
        /// <summary>Offset of the first u16 voltage in <see cref="Voltages"/>.</summary>
        public int VoltagesOffset;

        /// <summary>Write voltage of pulse <paramref name="i"/> (magnitude), mV.</summary>
        public int Millivolts(int i)
        {
            return ByteOrder.ReadUInt16(Voltages, VoltagesOffset + 2 * i);
        }

        /// <summary>Sets the write voltage of pulse <paramref name="i"/> (magnitude, 0..65535 mV) in <see cref="Voltages"/>, which must hold it.</summary>
        public void SetMillivolts(int i, int millivolts)
        {
            ByteOrder.WriteUInt16(Voltages, VoltagesOffset + 2 * i, millivolts);
        }

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row);
            w.WriteUInt16(Col);
            w.WriteByte(Direction);
            w.WriteUInt32(WidthNs);
            w.WriteByte(Flags);
            w.WriteByte(Averages);
            w.WriteUInt16(Count);
            w.WriteBytes(Voltages, VoltagesOffset, Count * 2);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row = r.ReadUInt16();
            Col = r.ReadUInt16();
            Direction = r.ReadByte();
            WidthNs = r.ReadUInt32();
            Flags = r.ReadByte();
            Averages = r.ReadByte();
            Count = r.ReadUInt16();
            Voltages = r.Buffer;
            VoltagesOffset = r.Skip(Count * 2);
        }
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>
    /// VmmResult (reply to Vmm): u16 vector count, u16 columns, u8 flags, u32 chip cycles, u32 tile
    /// operations (<see cref="HeaderLength"/> bytes), then vector count * columns u8 ADC codes (vector-major) or, with
    /// <see cref="VmmFlags.Summed"/> (1.4), u16 sums of the conversions' codes, then, with <see cref="VmmFlags.Differential"/>,
    /// vector count * columns/2 i16 differential codes (of the sums when summed). The type owns the header only: the
    /// firmware's board writes the codes straight into the reply buffer after it, and the host reads them where they lie,
    /// from <see cref="CodesOffset"/>, so no code array is copied through the message.
    /// </summary>
    public sealed class VmmReply
    {
        public const int HeaderLength = 13;

        public int VectorCount;
        public int Cols;
        public int Flags;
        public uint ChipCycles;
        public uint TileOps;
        /// <summary>After <see cref="Read"/>: absolute offset of the first code in the reader's buffer.</summary>
        public int CodesOffset;

        /// <summary>Payload length of a reply for these sizes and reply flags.</summary>
        public static int PayloadLength(int vectors, int cols, int flags)
        {
            int codeBytes = (flags & VmmFlags.Summed) != 0 ? 2 : 1;
            int n = HeaderLength + vectors * cols * codeBytes;
            if ((flags & VmmFlags.Differential) != 0)
            {
                n += vectors * (cols / 2) * 2;
            }
            return n;
        }

        /// <summary>Writes the header; the codes follow from the writer's position.</summary>
        public void Write(PayloadWriter w)
        {
            w.WriteUInt16(VectorCount);
            w.WriteUInt16(Cols);
            w.WriteByte(Flags);
            w.WriteUInt32(ChipCycles);
            w.WriteUInt32(TileOps);
        }

        /// <summary>Reads the header; the codes are left in place at <see cref="CodesOffset"/>.</summary>
        public void Read(PayloadReader r)
        {
            VectorCount = r.ReadUInt16();
            Cols = r.ReadUInt16();
            Flags = r.ReadByte();
            ChipCycles = r.ReadUInt32();
            TileOps = r.ReadUInt32();
            CodesOffset = r.Position;
        }
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>
    /// WriteVerifyResult (reply to WriteVerify): u16 cells, u32 pulses applied in total, u32 elapsed ms,
    /// u16 cells that failed (<see cref="HeaderLength"/> bytes), then per cell in request order a
    /// <see cref="WriteVerifyCellReply"/> (<see cref="CellBytes"/> bytes). The type owns the header only: the firmware
    /// streams the cells after it as it programs them and writes the header last, when the totals are known.
    /// </summary>
    public sealed class WriteVerifyReply
    {
        public const int HeaderLength = 12;
        public const int CellBytes = 8;

        public int Cells;
        public uint Pulses;
        public uint ElapsedMs;
        public int Failures;

        public static int PayloadLength(int cells)
        {
            return HeaderLength + CellBytes * cells;
        }

        public void Write(PayloadWriter w)
        {
            w.WriteUInt16(Cells);
            w.WriteUInt32(Pulses);
            w.WriteUInt32(ElapsedMs);
            w.WriteUInt16(Failures);
        }

        public void Read(PayloadReader r)
        {
            Cells = r.ReadUInt16();
            Pulses = r.ReadUInt32();
            ElapsedMs = r.ReadUInt32();
            Failures = r.ReadUInt16();
        }
    }
}

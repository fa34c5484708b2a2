namespace CimController.Protocol.Messages
{
    /// <summary>
    /// The header of ForwardResult (0xA1, reply to Forward): u32 program id, u16 images n, u16 classes, u32 chip cycles,
    /// u32 tile ops, u32 Mac commands, u32 firmware time ms (<see cref="InferenceLayout.ForwardReplyHeaderLength"/> bytes),
    /// then n x <see cref="ForwardImageResult"/>, written and read one image at a time.
    /// </summary>
    public sealed class ForwardReply
    {
        public uint ProgramId;
        public int Images;
        public int Classes;
        public uint ChipCycles;
        public uint TileOps;
        public uint MacCommands;
        public uint FirmwareMs;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(ProgramId);
            w.WriteUInt16(Images);
            w.WriteUInt16(Classes);
            w.WriteUInt32(ChipCycles);
            w.WriteUInt32(TileOps);
            w.WriteUInt32(MacCommands);
            w.WriteUInt32(FirmwareMs);
        }

        public void Read(PayloadReader r)
        {
            ProgramId = r.ReadUInt32();
            Images = r.ReadUInt16();
            Classes = r.ReadUInt16();
            ChipCycles = r.ReadUInt32();
            TileOps = r.ReadUInt32();
            MacCommands = r.ReadUInt32();
            FirmwareMs = r.ReadUInt32();
        }
    }
}

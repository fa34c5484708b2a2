namespace CimController.Protocol.Messages
{
    /// <summary>
    /// NetworkLoaded (0xA0, reply to NetworkLoad): u32 program id (CRC-32 of the program bytes), u16 max batch, u32 bytes the
    /// program's buffers take, u32 the firmware's memory limit for them, u8 crossbar layers, u8 ops, u16 slots
    /// (<see cref="InferenceLayout.LoadedLength"/> bytes).
    /// </summary>
    public sealed class NetworkLoadedReply
    {
        public uint ProgramId;
        public int MaxBatch;
        public uint Bytes;
        public uint MemoryLimitBytes;
        public int CrossbarLayers;
        public int Ops;
        public int Slots;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(ProgramId);
            w.WriteUInt16(MaxBatch);
            w.WriteUInt32(Bytes);
            w.WriteUInt32(MemoryLimitBytes);
            w.WriteByte(CrossbarLayers);
            w.WriteByte(Ops);
            w.WriteUInt16(Slots);
        }

        public void Read(PayloadReader r)
        {
            ProgramId = r.ReadUInt32();
            MaxBatch = r.ReadUInt16();
            Bytes = r.ReadUInt32();
            MemoryLimitBytes = r.ReadUInt32();
            CrossbarLayers = r.ReadByte();
            Ops = r.ReadByte();
            Slots = r.ReadUInt16();
        }
    }
}

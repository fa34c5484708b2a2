namespace CimController.Protocol.Messages
{
    /// <summary>
    /// NetworkStatusResult (0xA2, reply to an empty NetworkStatus): u32 program id (0 = none), u16 max batch, u32 bytes,
    /// u32 memory limit, u32 Forward requests served, u32 images (<see cref="InferenceLayout.StatusLength"/> bytes).
    /// </summary>
    public sealed class NetworkStatusReply
    {
        public uint ProgramId;
        public int MaxBatch;
        public uint Bytes;
        public uint MemoryLimitBytes;
        public uint Forwards;
        public uint Images;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(ProgramId);
            w.WriteUInt16(MaxBatch);
            w.WriteUInt32(Bytes);
            w.WriteUInt32(MemoryLimitBytes);
            w.WriteUInt32(Forwards);
            w.WriteUInt32(Images);
        }

        public void Read(PayloadReader r)
        {
            ProgramId = r.ReadUInt32();
            MaxBatch = r.ReadUInt16();
            Bytes = r.ReadUInt32();
            MemoryLimitBytes = r.ReadUInt32();
            Forwards = r.ReadUInt32();
            Images = r.ReadUInt32();
        }
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>
    /// The header of TrainUpdated (0x92, reply to TrainUpdate): u32 token, u32 step, u32 first, u16 count, u16 writes W,
    /// u16 failed writes, u32 pulses (<see cref="TrainLayout.UpdateReplyHeaderLength"/> bytes), then W x
    /// <see cref="TrainWriteEntry"/>. The type owns the header only: the firmware writes the entries in place while it
    /// programs the pairs, before it knows the header's counts.
    /// </summary>
    public sealed class TrainUpdatedReply
    {
        public uint Token;
        public uint Step;
        public int First;
        public int Count;
        public int Written;
        public int Failed;
        public uint Pulses;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(Token);
            w.WriteUInt32(Step);
            w.WriteUInt32((uint)First);
            w.WriteUInt16(Count);
            w.WriteUInt16(Written);
            w.WriteUInt16(Failed);
            w.WriteUInt32(Pulses);
        }

        public void Read(PayloadReader r)
        {
            Token = r.ReadUInt32();
            Step = r.ReadUInt32();
            First = (int)r.ReadUInt32();
            Count = r.ReadUInt16();
            Written = r.ReadUInt16();
            Failed = r.ReadUInt16();
            Pulses = r.ReadUInt32();
        }
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>
    /// One pair written during a TrainUpdate (<see cref="TrainLayout.WriteEntryBytes"/> bytes): u32 weight index, u8
    /// write-verify status of the worse device, u8 trials (max of the pair), u16 pulses (pair), u32 G+ nS read after
    /// programming, u32 G- nS.
    /// </summary>
    public sealed class TrainWriteEntry
    {
        public int Index;
        public int Status;
        public int Trials;
        public int Pulses;
        public uint PlusNanosiemens;
        public uint MinusNanosiemens;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32((uint)Index);
            w.WriteByte(Status);
            w.WriteByte(Trials);
            w.WriteUInt16(Pulses);
            w.WriteUInt32(PlusNanosiemens);
            w.WriteUInt32(MinusNanosiemens);
        }

        public void Read(PayloadReader r)
        {
            Index = (int)r.ReadUInt32();
            Status = r.ReadByte();
            Trials = r.ReadByte();
            Pulses = r.ReadUInt16();
            PlusNanosiemens = r.ReadUInt32();
            MinusNanosiemens = r.ReadUInt32();
        }
    }
}

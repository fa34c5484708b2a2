namespace CimController.Protocol.Messages
{
    /// <summary>
    /// One cell of a WriteVerifyResult (<see cref="WriteVerifyReply.CellBytes"/> bytes): u8 status (<see cref="WriteVerifyStatus"/>),
    /// u8 set-reset trials used, u16 pulses used, u32 final conductance nS.
    /// </summary>
    public sealed class WriteVerifyCellReply
    {
        public int Status;
        public int Trials;
        public int Pulses;
        public uint ConductanceNanosiemens;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Status);
            w.WriteByte(Trials);
            w.WriteUInt16(Pulses);
            w.WriteUInt32(ConductanceNanosiemens);
        }

        public void Read(PayloadReader r)
        {
            Status = r.ReadByte();
            Trials = r.ReadByte();
            Pulses = r.ReadUInt16();
            ConductanceNanosiemens = r.ReadUInt32();
        }
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>FfpProgramResult (reply to FfpProgram): u8 status (<see cref="FfpStatus"/>), u8 direction, u16 pulse events, u32 resistance before, u32 resistance after, milliohms.</summary>
    public sealed class FfpProgramReply
    {
        public const int Length = 12;

        public int Status;
        public int Direction;
        public int Events;
        public uint BeforeMilliohms;
        public uint AfterMilliohms;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Status);
            w.WriteByte(Direction);
            w.WriteUInt16(Events);
            w.WriteUInt32(BeforeMilliohms);
            w.WriteUInt32(AfterMilliohms);
        }

        public void Read(PayloadReader r)
        {
            Status = r.ReadByte();
            Direction = r.ReadByte();
            Events = r.ReadUInt16();
            BeforeMilliohms = r.ReadUInt32();
            AfterMilliohms = r.ReadUInt32();
        }
    }
}

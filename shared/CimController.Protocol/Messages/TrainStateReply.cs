namespace CimController.Protocol.Messages
{
    /// <summary>
    /// The header of TrainState (0x93, reply to TrainStateGet): u32 first weight, u16 count (<see cref="HeaderLength"/>
    /// bytes), then count x <see cref="TrainStateEntry"/>, written and read one by one.
    /// </summary>
    public sealed class TrainStateReply
    {
        public const int HeaderLength = 6;

        public int First;
        public int Count;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32((uint)First);
            w.WriteUInt16(Count);
        }

        public void Read(PayloadReader r)
        {
            First = (int)r.ReadUInt32();
            Count = r.ReadUInt16();
        }
    }
}

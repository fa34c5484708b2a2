namespace CimController.Protocol.Messages
{
    /// <summary>
    /// The header of TrainLoad (0x11): u32 token, u32 first weight, u16 count (<see cref="TrainLayout.LoadHeaderLength"/>
    /// bytes). The type owns the header only: the count x <see cref="TrainLoadEntry"/> that follow are written and read
    /// one by one, so neither end holds a list of them.
    /// </summary>
    public sealed class TrainLoadRequest
    {
        public uint Token;
        public int First;
        public int Count;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(Token);
            w.WriteUInt32((uint)First);
            w.WriteUInt16(Count);
        }

        public void Read(PayloadReader r)
        {
            Token = r.ReadUInt32();
            First = (int)r.ReadUInt32();
            Count = r.ReadUInt16();
        }
    }
}

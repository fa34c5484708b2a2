namespace CimController.Protocol.Messages
{
    /// <summary>
    /// A range of a training session's weights: u32 token, u32 first weight, u16 count (10 bytes). It is the whole of
    /// TrainStateGet (0x13, <see cref="TrainLayout.StateGetLength"/>) and the header of TrainLoad (0x11,
    /// <see cref="TrainLayout.LoadHeaderLength"/>), whose count x <see cref="TrainLoadEntry"/> follow and are written and
    /// read one by one, so neither end holds a list of them.
    /// </summary>
    public sealed class TrainRangeRequest
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

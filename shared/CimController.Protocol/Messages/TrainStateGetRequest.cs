namespace CimController.Protocol.Messages
{
    /// <summary>TrainStateGet (0x13): u32 token, u32 first weight, u16 count (<see cref="TrainLayout.StateGetLength"/> bytes).</summary>
    public sealed class TrainStateGetRequest
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

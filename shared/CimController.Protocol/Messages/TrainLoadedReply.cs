namespace CimController.Protocol.Messages
{
    /// <summary>TrainLoaded (0x91, reply to TrainLoad): u32 token, u32 weights loaded so far (distinct indices).</summary>
    public sealed class TrainLoadedReply
    {
        public const int Length = 8;

        public uint Token;
        public int Loaded;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(Token);
            w.WriteUInt32((uint)Loaded);
        }

        public void Read(PayloadReader r)
        {
            Token = r.ReadUInt32();
            Loaded = (int)r.ReadUInt32();
        }
    }
}

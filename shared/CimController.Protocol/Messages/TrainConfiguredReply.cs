namespace CimController.Protocol.Messages
{
    /// <summary>TrainConfigured (0x90, reply to TrainConfigure): u32 token, u32 weights, u32 capacity (most weights the firmware can hold), u32 state bytes per weight.</summary>
    public sealed class TrainConfiguredReply
    {
        public const int Length = 16;

        public uint Token;
        public int Weights;
        public int Capacity;
        public int BytesPerWeight;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(Token);
            w.WriteUInt32((uint)Weights);
            w.WriteUInt32((uint)Capacity);
            w.WriteUInt32((uint)BytesPerWeight);
        }

        public void Read(PayloadReader r)
        {
            Token = r.ReadUInt32();
            Weights = (int)r.ReadUInt32();
            Capacity = (int)r.ReadUInt32();
            BytesPerWeight = (int)r.ReadUInt32();
        }
    }
}

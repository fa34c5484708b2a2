namespace CimController.Protocol.Messages
{
    /// <summary>One weight of a TrainState reply (<see cref="TrainLayout.StateEntryBytes"/> bytes): f32 W_FP nS, f32 dW_FP nS, u16 writes.</summary>
    public sealed class TrainStateEntry
    {
        public float Weight;
        public float Accumulator;
        public int Writes;

        public void Write(PayloadWriter w)
        {
            w.WriteSingle(Weight);
            w.WriteSingle(Accumulator);
            w.WriteUInt16(Writes);
        }

        public void Read(PayloadReader r)
        {
            Weight = r.ReadSingle();
            Accumulator = r.ReadSingle();
            Writes = r.ReadUInt16();
        }
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>One pulse event of an FfpSweepResult (<see cref="FfpSweepReply.EventBytes"/> bytes): u16 write mV (magnitude), u32 resistance after it in milliohms.</summary>
    public sealed class FfpSweepEvent
    {
        public int Millivolts;
        public uint Milliohms;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt16(Millivolts);
            w.WriteUInt32(Milliohms);
        }

        public void Read(PayloadReader r)
        {
            Millivolts = r.ReadUInt16();
            Milliohms = r.ReadUInt32();
        }
    }
}

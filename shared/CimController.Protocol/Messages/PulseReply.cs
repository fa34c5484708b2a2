namespace CimController.Protocol.Messages
{
    /// <summary>PulseResult (reply to Pulse): u16 pulses applied, u32 conductance after in nS, u32 resistance after in milliohms (0xFFFFFFFF when above 4.29 Mohm or the read current is 0).</summary>
    public sealed class PulseReply
    {
        public const int Length = 10;

        public int Count;
        public uint Nanosiemens;
        public uint Milliohms;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt16(Count);
            w.WriteUInt32(Nanosiemens);
            w.WriteUInt32(Milliohms);
        }

        public void Read(PayloadReader r)
        {
            Count = r.ReadUInt16();
            Nanosiemens = r.ReadUInt32();
            Milliohms = r.ReadUInt32();
        }
    }
}

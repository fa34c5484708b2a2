namespace CimController.Protocol.Messages
{
    /// <summary>
    /// FfpGroupResult (reply to FfpApplyGroup): u16 pulses applied, u32 resistance before, u32 resistance after (milliohms)
    /// (<see cref="HeaderLength"/> bytes), then with <see cref="FfpGroupFlags.ReadEach"/> one u32 resistance per pulse. The
    /// type owns the header only: the firmware streams the per-pulse resistances after it and writes the header last.
    /// </summary>
    public sealed class FfpGroupReply
    {
        public const int HeaderLength = 10;

        public int Pulses;
        public uint BeforeMilliohms;
        public uint AfterMilliohms;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt16(Pulses);
            w.WriteUInt32(BeforeMilliohms);
            w.WriteUInt32(AfterMilliohms);
        }

        public void Read(PayloadReader r)
        {
            Pulses = r.ReadUInt16();
            BeforeMilliohms = r.ReadUInt32();
            AfterMilliohms = r.ReadUInt32();
        }
    }
}

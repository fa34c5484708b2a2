namespace CimController.Protocol.Messages
{
    /// <summary>
    /// FfpSweepResult (reply to FfpSweep): u8 direction, u8 stop reason (<see cref="FfpStatus"/>), u16 pulse
    /// events, u32 resistance before the first event in milliohms (<see cref="HeaderLength"/> bytes), then per event an
    /// <see cref="FfpSweepEvent"/>. The type owns the header only: the firmware streams the events after it as it pulses
    /// and writes the header last, when the stop reason is known.
    /// </summary>
    public sealed class FfpSweepReply
    {
        public const int HeaderLength = 8;
        public const int EventBytes = 6;

        public int Direction;
        public int Stop;
        public int Events;
        public uint StartMilliohms;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Direction);
            w.WriteByte(Stop);
            w.WriteUInt16(Events);
            w.WriteUInt32(StartMilliohms);
        }

        public void Read(PayloadReader r)
        {
            Direction = r.ReadByte();
            Stop = r.ReadByte();
            Events = r.ReadUInt16();
            StartMilliohms = r.ReadUInt32();
        }
    }
}

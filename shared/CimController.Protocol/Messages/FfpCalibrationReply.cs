namespace CimController.Protocol.Messages
{
    /// <summary>
    /// FfpCalibration (reply to FfpCalibrate): u8 direction, u16 write mV, u16 pulses K, u8 store slot
    /// (0xFF: not stored), u32 resistance after the reset in milliohms (<see cref="HeaderLength"/> bytes), then K u32
    /// resistances in milliohms, one after each pulse. The type owns the header only: the firmware streams the trace
    /// after it as it pulses (and writes the header last, when K is known); the host reads the K values after
    /// <see cref="Read"/>.
    /// </summary>
    public sealed class FfpCalibrationReply
    {
        public const int HeaderLength = 10;
        public const int NotStored = 0xFF;

        public int Direction;
        public int WriteMv;
        public int Pulses;
        public int Slot;
        public uint StartMilliohms;

        public static int PayloadLength(int pulses)
        {
            return HeaderLength + 4 * pulses;
        }

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Direction);
            w.WriteUInt16(WriteMv);
            w.WriteUInt16(Pulses);
            w.WriteByte(Slot);
            w.WriteUInt32(StartMilliohms);
        }

        public void Read(PayloadReader r)
        {
            Direction = r.ReadByte();
            WriteMv = r.ReadUInt16();
            Pulses = r.ReadUInt16();
            Slot = r.ReadByte();
            StartMilliohms = r.ReadUInt32();
        }
    }
}

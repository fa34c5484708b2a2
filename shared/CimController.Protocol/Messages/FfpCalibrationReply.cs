namespace CimController.Protocol.Messages
{
    /// <summary>
    /// FfpCalibration (reply to FfpCalibrate): u8 direction, u16 write mV, u16 pulses K, u8 store slot
    /// (0xFF: not stored), u32 resistance after the reset in milliohms, then K u32 resistances in
    /// milliohms, one after each pulse.
    /// </summary>
    public static class FfpCalibrationReply
    {
        public const int HeaderLength = 10;
        public const int NotStored = 0xFF;

        public static int PayloadLength(int pulses)
        {
            return HeaderLength + 4 * pulses;
        }
    }
}

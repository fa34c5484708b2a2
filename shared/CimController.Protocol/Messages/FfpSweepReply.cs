namespace CimController.Protocol.Messages
{
    /// <summary>
    /// FfpSweepResult (reply to FfpSweep): u8 direction, u8 stop reason (<see cref="FfpStatus"/>), u16 pulse
    /// events, u32 resistance before the first event in milliohms, then per event u16 write mV (magnitude)
    /// and u32 resistance after it in milliohms.
    /// </summary>
    public static class FfpSweepReply
    {
        public const int HeaderLength = 8;
        public const int EventBytes = 6;
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>FfpGroupResult (reply to FfpApplyGroup): u16 pulses applied, u32 resistance before, u32 resistance after (milliohms), then with <see cref="FfpGroupFlags.ReadEach"/> one u32 resistance per pulse.</summary>
    public static class FfpGroupReply
    {
        public const int HeaderLength = 10;
    }
}

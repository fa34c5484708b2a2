namespace CimController.Protocol.Messages
{
    /// <summary>FfpTableAccepted (reply to FfpTableSet): u32 table version, u32 table CRC-32, u16 bins.</summary>
    public static class FfpTableAcceptedReply
    {
        public const int Length = 10;
    }
}

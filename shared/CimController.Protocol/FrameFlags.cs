namespace CimController.Protocol
{
    /// <summary>Bits of the frame flags byte.</summary>
    public static class FrameFlags
    {
        /// <summary>Set on every frame sent by the firmware in answer to a request.</summary>
        public const byte Reply = 0x01;
        /// <summary>An intermediate reply (progress); the final reply for the same sequence number follows.</summary>
        public const byte Progress = 0x02;
    }
}

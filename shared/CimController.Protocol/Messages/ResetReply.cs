namespace CimController.Protocol.Messages
{
    /// <summary>ResetDone (reply to an empty Reset request): u32 resets since the firmware started.</summary>
    public static class ResetReply
    {
        public const int PayloadLength = 4;
    }
}

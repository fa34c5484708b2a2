namespace CimController.Protocol.Messages
{
    /// <summary>ResetDone (reply to an empty Reset request): u32 resets since the firmware started.</summary>
    public sealed class ResetReply
    {
        public const int PayloadLength = 4;

        public uint Resets;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(Resets);
        }

        public void Read(PayloadReader r)
        {
            Resets = r.ReadUInt32();
        }
    }
}

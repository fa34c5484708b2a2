namespace CimController.Protocol.Messages
{
    /// <summary>FfpTableAccepted (reply to FfpTableSet): u32 table version, u32 table CRC-32, u16 bins.</summary>
    public sealed class FfpTableAcceptedReply
    {
        public const int Length = 10;

        public uint Version;
        public uint Crc;
        public int Bins;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(Version);
            w.WriteUInt32(Crc);
            w.WriteUInt16(Bins);
        }

        public void Read(PayloadReader r)
        {
            Version = r.ReadUInt32();
            Crc = r.ReadUInt32();
            Bins = r.ReadUInt16();
        }
    }
}

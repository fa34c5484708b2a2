namespace CimController.Protocol.Messages
{
    /// <summary>Hello (host -> firmware): u16 protocol major, u16 minor, u16 the host's max payload, string client name.</summary>
    public sealed class HelloMessage
    {
        /// <summary>
        /// Smallest max payload a host may state in Hello, bytes: every reply whose size the host does not choose fits in
        /// it (Info with short names, StatsResult 72, TrainStatusResult up to 116 bytes) and an Error keeps 252 bytes of its
        /// message. A firmware refuses a smaller one (OutOfRange) and keeps its reply limit.
        /// </summary>
        public const int MinHostMaxPayload = 256;

        public int ProtocolMajor = ProtocolVersion.Major;
        public int ProtocolMinor = ProtocolVersion.Minor;
        public int MaxPayload = FrameFormat.MaxPayloadLimit;
        public string ClientName = "";

        public void Write(PayloadWriter w)
        {
            w.WriteUInt16(ProtocolMajor);
            w.WriteUInt16(ProtocolMinor);
            w.WriteUInt16(MaxPayload);
            w.WriteString(ClientName);
        }

        public void Read(PayloadReader r)
        {
            ProtocolMajor = r.ReadUInt16();
            ProtocolMinor = r.ReadUInt16();
            MaxPayload = r.ReadUInt16();
            ClientName = r.ReadString();
        }
    }
}

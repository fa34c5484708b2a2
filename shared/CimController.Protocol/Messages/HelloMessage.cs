namespace CimController.Protocol.Messages
{
    /// <summary>Hello (host -> firmware): u16 protocol major, u16 minor, u16 the host's max payload, string client name.</summary>
    public sealed class HelloMessage
    {
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

namespace CimController.Protocol.Messages
{
    /// <summary>Error (reply to any failed request): u16 <see cref="ErrorCode"/>, u8 request type, string message.</summary>
    public sealed class ErrorMessage
    {
        public int Code;
        public int RequestType;
        public string Message = "";

        public void Write(PayloadWriter w)
        {
            w.WriteUInt16(Code);
            w.WriteByte(RequestType);
            w.WriteString(Message);
        }

        public void Read(PayloadReader r)
        {
            Code = r.ReadUInt16();
            RequestType = r.ReadByte();
            Message = r.ReadString();
        }
    }
}

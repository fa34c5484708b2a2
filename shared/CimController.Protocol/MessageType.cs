namespace CimController.Protocol
{
    /// <summary>
    /// Message types. A reply's type is its request's with bit 7 set; <see cref="Error"/> answers any
    /// request that fails. New messages take unused numbers: a peer that does not know one answers
    /// <see cref="ErrorCode.UnknownMessage"/>, so old peers keep working.
    /// </summary>
    public static class MessageType
    {
        public const byte Hello = 0x01;
        public const byte Reset = 0x02;
        public const byte ReadConductance = 0x03;
        public const byte Vmm = 0x04;
        public const byte Stats = 0x05;

        public const byte ReplyBit = 0x80;
        public const byte Info = Hello | ReplyBit;
        public const byte ResetDone = Reset | ReplyBit;
        public const byte Conductance = ReadConductance | ReplyBit;
        public const byte VmmResult = Vmm | ReplyBit;
        public const byte StatsResult = Stats | ReplyBit;
        public const byte Error = 0xFF;

        /// <summary>The reply type of a request type.</summary>
        public static byte ReplyOf(byte request)
        {
            return (byte)(request | ReplyBit);
        }

        /// <summary>Readable name for messages and logs.</summary>
        public static string Name(byte type)
        {
            switch (type)
            {
                case Hello: return "Hello";
                case Reset: return "Reset";
                case ReadConductance: return "ReadConductance";
                case Vmm: return "Vmm";
                case Stats: return "Stats";
                case Info: return "Info";
                case ResetDone: return "ResetDone";
                case Conductance: return "Conductance";
                case VmmResult: return "VmmResult";
                case StatsResult: return "StatsResult";
                case Error: return "Error";
                default: return "0x" + type.ToString("X2");
            }
        }
    }
}

namespace CimController.Protocol
{
    /// <summary>
    /// Layout of one wire frame (docs: shared/PROTOCOL.md):
    /// <code>
    /// 0   0xC1 0x3A        start marker
    /// 2   u16 LE           payload length
    /// 4   u16 LE           sequence number (a reply carries its request's)
    /// 6   u8               message type (MessageType)
    /// 7   u8               flags (FrameFlags)
    /// 8   payload
    /// 8+n u32 LE           CRC-32 over bytes 2 .. 8+n-1
    /// </code>
    /// </summary>
    public static class FrameFormat
    {
        public const byte Marker0 = 0xC1;
        public const byte Marker1 = 0x3A;
        public const int HeaderLength = 8;
        public const int CrcLength = 4;
        /// <summary>Header plus CRC: the bytes a frame adds to its payload.</summary>
        public const int Overhead = HeaderLength + CrcLength;
        public const int LengthOffset = 2;
        public const int SequenceOffset = 4;
        public const int TypeOffset = 6;
        public const int FlagsOffset = 7;
        public const int PayloadOffset = HeaderLength;
        /// <summary>The largest payload the format can carry; each peer states its own (smaller) limit in Hello/Info.</summary>
        public const int MaxPayloadLimit = 65535;
    }
}

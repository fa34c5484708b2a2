namespace CimController.Protocol
{
    /// <summary>Codes carried by the Error reply (and by <see cref="ProtocolException"/>).</summary>
    public static class ErrorCode
    {
        public const int None = 0;
        /// <summary>The frame's CRC-32 did not match its bytes.</summary>
        public const int BadCrc = 1;
        /// <summary>A frame stopped arriving part-way (inter-byte timeout).</summary>
        public const int Truncated = 2;
        /// <summary>The frame's length field exceeds the receiver's maximum payload.</summary>
        public const int FrameTooLarge = 3;
        /// <summary>The message type is not one this peer knows.</summary>
        public const int UnknownMessage = 4;
        /// <summary>Protocol major versions differ.</summary>
        public const int VersionMismatch = 5;
        /// <summary>The payload is shorter than its message needs or inconsistent with itself.</summary>
        public const int Malformed = 6;
        /// <summary>A tile, row, column, count or code is outside what the board accepts.</summary>
        public const int OutOfRange = 7;
        /// <summary>The board reported an error over SPI.</summary>
        public const int BoardError = 8;
        /// <summary>The board did not finish a command within its poll budget.</summary>
        public const int BoardTimeout = 9;
        /// <summary>A pulse outside the active profile's voltage or width limits was refused.</summary>
        public const int PulseLimit = 10;
        /// <summary>A fault inside the firmware; the firmware keeps serving.</summary>
        public const int Internal = 11;
        /// <summary>The link timed out or closed (client side only).</summary>
        public const int Timeout = 12;
        /// <summary>The peer answered with something that is not the expected reply (client side only).</summary>
        public const int UnexpectedReply = 13;
        /// <summary>An uploaded FFP table failed its format or CRC-32 check (protocol 1.2).</summary>
        public const int TableCorrupt = 14;
        /// <summary>An uploaded FFP table does not fit this firmware: other profile, bins beyond capacity, or an unusable layout (protocol 1.2).</summary>
        public const int TableMismatch = 15;
        /// <summary>The operation needs data the firmware does not hold yet (no calibration, no FFP table) (protocol 1.2).</summary>
        public const int NotReady = 16;
        /// <summary>
        /// Another host holds the board's network link (one host at a time); the message says for how long. Sent by the
        /// link in answer to the refused host's first frame, before the connection is closed.
        /// </summary>
        public const int Busy = 17;
        /// <summary>The board serves TLS sessions only and a host spoke plain TCP to it; sent in the clear, then the connection is closed.</summary>
        public const int TlsRequired = 18;

        /// <summary>Readable name for messages and logs.</summary>
        public static string Name(int code)
        {
            switch (code)
            {
                case None: return "None";
                case BadCrc: return "BadCrc";
                case Truncated: return "Truncated";
                case FrameTooLarge: return "FrameTooLarge";
                case UnknownMessage: return "UnknownMessage";
                case VersionMismatch: return "VersionMismatch";
                case Malformed: return "Malformed";
                case OutOfRange: return "OutOfRange";
                case BoardError: return "BoardError";
                case BoardTimeout: return "BoardTimeout";
                case PulseLimit: return "PulseLimit";
                case Internal: return "Internal";
                case Timeout: return "Timeout";
                case UnexpectedReply: return "UnexpectedReply";
                case TableCorrupt: return "TableCorrupt";
                case TableMismatch: return "TableMismatch";
                case NotReady: return "NotReady";
                case Busy: return "Busy";
                case TlsRequired: return "TlsRequired";
                default: return "Error" + code.ToString();
            }
        }
    }
}

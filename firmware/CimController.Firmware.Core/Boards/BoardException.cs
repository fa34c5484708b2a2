using CimController.Protocol;

namespace CimController.Firmware
{
    /// <summary>
    /// A failure reported by, or about, the CIM board: <see cref="ErrorCode.BoardError"/> with the
    /// board's own error code (<see cref="CimController.Protocol.Board.BoardError"/>), or
    /// <see cref="ErrorCode.BoardTimeout"/> when a command did not finish within the poll budget.
    /// </summary>
    public class BoardException : ProtocolException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="code">The protocol <see cref="ErrorCode"/> the host will see.</param>
        /// <param name="boardCode">The board's ERROR register value (0 when the board reported none).</param>
        /// <param name="message">What failed, naming the operation and the values involved.</param>
        public BoardException(int code, uint boardCode, string message) : base(code, message)
        {
            BoardCode = boardCode;
        }

        /// <summary>The board's ERROR register value, or 0.</summary>
        public uint BoardCode { get; private set; }

        /// <summary>Readable name of a board error code (boards/SPI-REGISTER-MAP.md, "Error codes").</summary>
        public static string BoardErrorName(uint code)
        {
            switch (code)
            {
                case 0: return "none";
                case 1: return "bad opcode";
                case 2: return "bad register";
                case 3: return "read-only register";
                case 4: return "bad tile";
                case 5: return "window out of range";
                case 6: return "buffer overflow";
                case 7: return "bad buffer";
                case 8: return "bad command";
                case 9: return "pulse beyond the board's absolute limit";
                case 10: return "cell out of range";
                case 11: return "vector count out of range";
                case 12: return "truncated transaction";
                case 13: return "conversions out of range";
                default: return "unknown board error";
            }
        }
    }
}

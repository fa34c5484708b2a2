using CimController.Protocol;

namespace CimController.Host
{
    /// <summary>
    /// A request failed at the protocol level: the firmware answered with an Error reply
    /// (<see cref="FirmwareMessage"/> is its text), or the client saw something it could not accept.
    /// <see cref="ProtocolException.Code"/> is an <see cref="ErrorCode"/>.
    /// </summary>
    public class CimProtocolException : ProtocolException
    {
        /// <summary>Creates the exception for a failed request of type <paramref name="requestType"/>.</summary>
        public CimProtocolException(int code, string message, byte requestType, string? firmwareMessage = null)
            : base(code, message)
        {
            RequestType = requestType;
            FirmwareMessage = firmwareMessage;
        }

        /// <summary>The <see cref="MessageType"/> of the request that failed.</summary>
        public byte RequestType { get; }

        /// <summary>The firmware's own explanation when it sent an Error reply; null for client-side failures.</summary>
        public string? FirmwareMessage { get; }

        /// <summary>The readable name of <see cref="ProtocolException.Code"/>.</summary>
        public string CodeName => ErrorCode.Name(Code);

        /// <summary>The exception for an Error reply.</summary>
        public static CimProtocolException FromErrorReply(int code, string firmwareMessage, byte requestType)
        {
            string text = "the firmware refused " + MessageType.Name(requestType) + ": " + ErrorCode.Name(code) + " (" + code + ")"
                + (firmwareMessage.Length > 0 ? ": " + firmwareMessage : "");
            return new CimProtocolException(code, text, requestType, firmwareMessage);
        }
    }
}

namespace CimController.Protocol
{
    /// <summary>A protocol-level failure with an <see cref="ErrorCode"/>.</summary>
    public class ProtocolException : System.Exception
    {
        public ProtocolException(int code, string message) : base(message)
        {
            Code = code;
        }

        /// <summary>The <see cref="ErrorCode"/>.</summary>
        public int Code { get; private set; }
    }
}

using CimController.Protocol;

namespace CimController.Host
{
    /// <summary>No reply came within the client's timeout. Code <see cref="ErrorCode.Timeout"/>.</summary>
    public sealed class CimTimeoutException : CimProtocolException
    {
        /// <summary>Creates the exception.</summary>
        public CimTimeoutException(string message, byte requestType) : base(ErrorCode.Timeout, message, requestType)
        {
        }
    }
}

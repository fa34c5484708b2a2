using System;
using CimController.Protocol;

namespace CimController.Host
{
    /// <summary>The link to the board closed (the peer went away) and could not be re-established. Code <see cref="ErrorCode.Timeout"/>.</summary>
    public sealed class CimLinkClosedException : CimProtocolException
    {
        /// <summary>Creates the exception.</summary>
        public CimLinkClosedException(string message, byte requestType, Exception? inner = null) : base(ErrorCode.Timeout, message, requestType)
        {
            Cause = inner;
        }

        /// <summary>The transport failure behind it, if any.</summary>
        public Exception? Cause { get; }
    }
}

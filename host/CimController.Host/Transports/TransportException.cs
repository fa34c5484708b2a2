using System;

namespace CimController.Host.Transports
{
    /// <summary>A transport could not open, or lost its link while writing.</summary>
    public sealed class TransportException : Exception
    {
        /// <summary>Creates the exception with a message that names the transport and what failed.</summary>
        public TransportException(string message, Exception? inner = null) : base(message, inner)
        {
        }
    }
}

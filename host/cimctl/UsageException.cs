using System;

namespace CimController.Cli
{
    /// <summary>The command line asked for something invalid; cimctl prints the message and exits with code 2.</summary>
    public sealed class UsageException : Exception
    {
        /// <summary>Creates the exception; the message names the bad value and what is accepted.</summary>
        public UsageException(string message) : base(message)
        {
        }
    }
}

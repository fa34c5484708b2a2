using System;

namespace CimController.Emulator
{
    /// <summary>An emulator state file or state that cannot be used: unreadable, corrupt, edited, from another format
    /// version, in use, or contradicting the options given. The message names the file and what is wrong.</summary>
    public sealed class EmulatorStateException : Exception
    {
        /// <summary>Creates the exception with a message naming the file and the problem.</summary>
        public EmulatorStateException(string message) : base(message) { }

        /// <summary>Creates the exception with a message and the underlying cause.</summary>
        public EmulatorStateException(string message, Exception inner) : base(message, inner) { }
    }
}

using System;

namespace CimController.Emulator
{
    /// <summary>A device profile file that cannot be found, parsed or validated. The message names the
    /// profile, the bad field and what is accepted.</summary>
    public sealed class DeviceProfileException : Exception
    {
        /// <summary>Creates the exception with a message naming the bad field.</summary>
        public DeviceProfileException(string message) : base(message) { }

        /// <summary>Creates the exception with a message and the underlying cause (e.g. a JSON syntax error).</summary>
        public DeviceProfileException(string message, Exception inner) : base(message, inner) { }
    }
}

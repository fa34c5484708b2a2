using System;

namespace CimController.Emulator
{
    /// <summary>A chip file that cannot be found, parsed or validated. The message names the chip, the bad field and what is accepted.</summary>
    public sealed class ChipDefinitionException : Exception
    {
        /// <summary>Creates the exception with a message naming the bad field.</summary>
        public ChipDefinitionException(string message) : base(message) { }

        /// <summary>Creates the exception with a message and the underlying cause (e.g. a JSON syntax error).</summary>
        public ChipDefinitionException(string message, Exception inner) : base(message, inner) { }
    }
}

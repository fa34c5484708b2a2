using System;

namespace CimController.Learning.ModelFiles;

/// <summary>A model or weights file that cannot be read or does not match the architecture; the message names the mismatch.</summary>
public sealed class ModelFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelFileException(string message) : base(message)
    {
    }
}

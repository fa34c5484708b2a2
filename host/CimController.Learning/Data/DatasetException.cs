using System;
using System.IO;

namespace CimController.Learning.Data;

/// <summary>
/// A data set could not be loaded: a file is missing or malformed. The message names the file and says how to fix it
/// (install the Debian package, or point the tool at a folder with <c>--data</c>).
/// </summary>
public sealed class DatasetException : IOException
{
    /// <summary>Creates the exception with a complete, user-facing message.</summary>
    public DatasetException(string message, string filePath, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = filePath;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }
}

using System.IO;

namespace CimController.Learning.Data;

/// <summary>Thrown when a file is not a well-formed IDX file (bad magic, unsupported type, truncated or oversized data).</summary>
public sealed class IdxFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>; the message names the file.</summary>
    public IdxFormatException(string path, string problem)
        : base($"'{path}' is not a valid IDX file: {problem}")
    {
        FilePath = path;
    }

    /// <summary>The file that failed to parse.</summary>
    public string FilePath { get; }
}

using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace CimController.Learning.Data;

/// <summary>
/// Reads IDX files (MNIST format), gzipped (detected by the gzip magic <c>1F 8B</c>, whatever the file name) or raw.
/// Checks the magic (two zero bytes, type <c>0x08</c>, 1..4 dimensions), that the data is exactly as long as the
/// dimensions say, and nothing follows it. Every error names the file.
/// </summary>
public static class IdxReader
{
    /// <summary>Largest number of dimensions accepted (MNIST uses 1 for labels and 3 for images).</summary>
    public const int MaxDimensions = 4;

    /// <summary>Reads an IDX file of any supported shape.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IdxFormatException">The file is malformed.</exception>
    public static IdxFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        }

        using FileStream file = File.OpenRead(path);
        int b0 = file.ReadByte();
        int b1 = file.ReadByte();
        file.Position = 0;
        bool gzip = b0 == 0x1F && b1 == 0x8B;
        try
        {
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            return Parse(stream, path);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(path, "corrupt gzip stream (" + e.Message + ")");
        }
    }

    /// <summary>Reads an image file: three dimensions (count, rows, columns).</summary>
    public static IdxFile ReadImages(string path)
    {
        IdxFile f = Read(path);
        if (f.Dimensions.Length != 3)
        {
            throw new IdxFormatException(path, $"expected 3 dimensions (count, rows, columns) for images, found {f.Dimensions.Length}");
        }

        return f;
    }

    /// <summary>Reads a label file: one dimension (count).</summary>
    public static IdxFile ReadLabels(string path)
    {
        IdxFile f = Read(path);
        if (f.Dimensions.Length != 1)
        {
            throw new IdxFormatException(path, $"expected 1 dimension for labels, found {f.Dimensions.Length}");
        }

        return f;
    }

    private static IdxFile Parse(Stream stream, string path)
    {
        Span<byte> header = stackalloc byte[4];
        if (ReadFully(stream, header) != 4)
        {
            throw new IdxFormatException(path, "shorter than the 4-byte magic number");
        }

        if (header[0] != 0 || header[1] != 0)
        {
            throw new IdxFormatException(path, $"bad magic number 0x{header[0]:X2}{header[1]:X2}{header[2]:X2}{header[3]:X2} (must start with 0x0000)");
        }

        if (header[2] != IdxFile.UnsignedByteType)
        {
            throw new IdxFormatException(path, $"element type 0x{header[2]:X2} is not supported (only 0x08, unsigned byte)");
        }

        int ndims = header[3];
        if (ndims < 1 || ndims > MaxDimensions)
        {
            throw new IdxFormatException(path, $"{ndims} dimensions (supported: 1..{MaxDimensions})");
        }

        var dims = new int[ndims];
        Span<byte> size = stackalloc byte[4];
        long count = 1;
        for (int i = 0; i < ndims; i++)
        {
            if (ReadFully(stream, size) != 4)
            {
                throw new IdxFormatException(path, $"header ends before dimension {i + 1} of {ndims}");
            }

            int d = BinaryPrimitives.ReadInt32BigEndian(size);
            if (d < 0)
            {
                throw new IdxFormatException(path, $"dimension {i + 1} is negative ({d})");
            }

            dims[i] = d;
            count *= d;
        }

        if (count > Array.MaxLength)
        {
            throw new IdxFormatException(path, $"dimensions ask for {count} bytes, more than an array can hold");
        }

        var data = new byte[count];
        int got = ReadFully(stream, data);
        if (got != count)
        {
            throw new IdxFormatException(path, $"truncated: dimensions {string.Join("x", dims)} need {count} data bytes, found {got}");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new IdxFormatException(path, $"unexpected bytes after the {count} data bytes the dimensions {string.Join("x", dims)} describe");
        }

        return new IdxFile(dims, data);
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}

using System;

namespace CimController.Learning.Data;

/// <summary>
/// Contents of one IDX file (the MNIST distribution format): a big-endian header
/// <c>0x00 0x00 type ndims</c>, then <c>ndims</c> big-endian 32-bit sizes, then the data in row-major order.
/// Only the unsigned-byte element type (<c>0x08</c>), the one MNIST and Fashion-MNIST use, is supported.
/// </summary>
public sealed class IdxFile
{
    /// <summary>IDX type code for unsigned bytes.</summary>
    public const byte UnsignedByteType = 0x08;

    /// <summary>Creates an IDX file from its dimensions and raw bytes.</summary>
    public IdxFile(int[] dimensions, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (int d in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d);
            count *= d;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"data has {data.Length} bytes, dimensions need {count}", nameof(data));
        }

        Dimensions = dimensions;
        Data = data;
    }

    /// <summary>Sizes of each dimension, outermost first (e.g. 60000, 28, 28 for the training images).</summary>
    public int[] Dimensions { get; }

    /// <summary>Raw element bytes, row-major.</summary>
    public byte[] Data { get; }
}

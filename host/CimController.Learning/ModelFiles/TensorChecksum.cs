using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace CimController.Learning.ModelFiles;

/// <summary>
/// The SHA-256 a model file stores of its tensors (metadata key <see cref="ModelFile.ChecksumKey"/>): over the tensors in
/// ordinal name order, each as its UTF-8 name, a 0 byte, the number of dimensions and each dimension (int64
/// little-endian), then its values as float32 little-endian. It covers what the network is built from (names, shapes,
/// values) and not the header's layout, so it does not depend on the order or the offsets a writer chose.
/// </summary>
public static class TensorChecksum
{
    /// <summary>Lower-case hex SHA-256 of <paramref name="tensors"/>.</summary>
    public static string Of(IEnumerable<SafeTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (SafeTensor t in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(t.Name));
            hash.AppendData(new byte[] { 0 });
            hash.AppendData(BitConverter.GetBytes((long)t.Shape.Length));
            foreach (int d in t.Shape)
            {
                hash.AppendData(BitConverter.GetBytes((long)d));
            }

            if (BitConverter.IsLittleEndian)
            {
                hash.AppendData(MemoryMarshal.AsBytes(t.Data.AsSpan()));
            }
            else
            {
                foreach (float v in t.Data)
                {
                    hash.AppendData(BitConverter.GetBytes(BitConverter.SingleToInt32Bits(v)).Reverse().ToArray());
                }
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}

using System;
using System.Security.Cryptography;
using CimController.Learning.Data;

namespace CimController.Training;

/// <summary>
/// The SHA-256 of a data set's content: the training images' size, pixels and labels, then the test images'. It is taken
/// over the decoded data, so the same set stored gzipped or raw has one fingerprint, and a run can tell whether the data
/// it is resumed or reproduced with is the data it was trained on.
/// </summary>
public static class DataFingerprint
{
    /// <summary>Upper-case hex SHA-256 of <paramref name="data"/>.</summary>
    public static string Of(MnistDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (LabeledImages part in new[] { data.Train, data.Test })
        {
            hash.AppendData(BitConverter.GetBytes(part.Count));
            hash.AppendData(BitConverter.GetBytes(part.Rows));
            hash.AppendData(BitConverter.GetBytes(part.Columns));
            hash.AppendData(part.Pixels);
            hash.AppendData(part.Labels);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

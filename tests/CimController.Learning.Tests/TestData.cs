using System;
using System.IO;
using System.IO.Compression;

namespace CimController.Learning.Tests;

/// <summary>Helpers that build inputs for the tests: IDX bytes written by hand and seeded random arrays.</summary>
internal static class TestData
{
    /// <summary>IDX bytes: 0x00 0x00 0x08 ndims, big-endian sizes, data.</summary>
    public static byte[] IdxBytes(int[] dims, byte[] data, byte type = 0x08)
    {
        using var ms = new MemoryStream();
        ms.Write(new byte[] { 0, 0, type, (byte)dims.Length });
        foreach (int d in dims)
        {
            ms.Write(new[] { (byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d });
        }

        ms.Write(data);
        return ms.ToArray();
    }

    public static void WriteGz(string path, byte[] bytes)
    {
        using FileStream f = File.Create(path);
        using var gz = new GZipStream(f, CompressionLevel.Fastest);
        gz.Write(bytes);
    }

    public static float[] Uniform(Random rng, int n, float lo = -1f, float hi = 1f)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = lo + ((hi - lo) * (float)rng.NextDouble());
        }

        return x;
    }

    /// <summary>A fresh empty folder under the temp directory.</summary>
    public static string TempFolder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cim-learning-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

using System;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

[TestClass]
public sealed class Crc32Tests
{
    [TestMethod]
    public void CheckValueOfTheStandardTestString()
    {
        byte[] data = "123456789"u8.ToArray();
        Assert.AreEqual(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
    }

    [TestMethod]
    public void MatchesSystemIoHashingForRandomBuffers()
    {
        const int seed = 20261123;
        Console.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] data = new byte[rng.Next(0, 3000)];
            rng.NextBytes(data);
            int offset = data.Length == 0 ? 0 : rng.Next(0, data.Length);
            int count = data.Length - offset;
            uint expected = System.IO.Hashing.Crc32.HashToUInt32(data.AsSpan(offset, count));
            Assert.AreEqual(expected, Crc32.Compute(data, offset, count), $"trial {trial}, length {count}");
        }
    }

    /// <summary>The table CRC the nanoFramework build runs (<see cref="Crc32.Update"/>) equals the desktop's Compute, frame sizes included.</summary>
    [TestMethod]
    public void TheTableCrcEqualsComputeOnFramesOfEverySize()
    {
        const int seed = 20261202;
        Console.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        foreach (int length in new[] { 0, 1, 7, 8, 9, 63, 64, 65, 511, 4096, 65535 + 9 })
        {
            byte[] data = new byte[length + 3];
            rng.NextBytes(data);
            Assert.AreEqual(Crc32.Finish(Crc32.Update(Crc32.Start, data, 3, length)), Crc32.Compute(data, 3, length), $"length {length}");
        }
    }

    [TestMethod]
    public void IncrementalUpdateEqualsOneShot()
    {
        const int seed = 7;
        Console.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        byte[] data = new byte[1000];
        rng.NextBytes(data);
        uint running = Crc32.Start;
        running = Crc32.Update(running, data, 0, 333);
        running = Crc32.Update(running, data, 333, 667);
        Assert.AreEqual(Crc32.Compute(data, 0, data.Length), Crc32.Finish(running));
    }
}

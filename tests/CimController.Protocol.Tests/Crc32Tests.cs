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

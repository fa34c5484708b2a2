using System;
using System.Text;
using CsCheck;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

/// <summary>
/// The protocol's own UTF-8 (<see cref="Utf8"/>) against .NET's Encoding.UTF8: the same bytes for any string (unpaired
/// surrogates included), the same string for any bytes (ill-formed sequences included). CsCheck, fixed seed, printed.
/// </summary>
[TestClass]
public sealed class Utf8Tests
{
    private const string Seed = "0Utf8Xk2Qr9b";
    private const long Iterations = 5000;

    private static readonly Gen<string> AnyString = Gen.Char.Array[0, 80].Select(c => new string(c));

    /// <summary>Bytes biased to UTF-8's interesting ranges: ASCII, continuation bytes, every lead byte, invalid bytes.</summary>
    private static readonly Gen<byte[]> Utf8ishBytes = Gen.OneOf(Gen.Byte[0x00, 0x7F], Gen.Byte[0x80, 0xBF], Gen.Byte[0xC0, 0xFF]).Array[0, 60];

    [TestMethod]
    public void EncodesEveryStringLikeDotNet()
    {
        Console.WriteLine($"CsCheck seed {Seed}");
        AnyString.Sample(s =>
        {
            byte[] expected = Encoding.UTF8.GetBytes(s);
            Assert.AreEqual(expected.Length, Utf8.ByteCount(s));
            var actual = new byte[expected.Length];
            Assert.AreEqual(expected.Length, Utf8.Encode(s, actual, 0, actual.Length));
            CollectionAssert.AreEqual(expected, actual);
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [TestMethod]
    public void DecodesEveryByteStringLikeDotNet()
    {
        Console.WriteLine($"CsCheck seed {Seed}");
        Utf8ishBytes.Sample(b =>
        {
            Assert.AreEqual(Encoding.UTF8.GetString(b), Utf8.Decode(b, 0, b.Length), Convert.ToHexString(b));
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [TestMethod]
    public void EncodeStopsBeforeACharacterThatDoesNotFit()
    {
        var buffer = new byte[8];
        // "a€b": 1 + 3 + 1 bytes; with room for 3 only "a" fits, the euro sign (3 bytes) does not
        Assert.AreEqual(1, Utf8.Encode("a\u20ACb", buffer, 0, 3));
        Assert.AreEqual(4, Utf8.Encode("a\u20ACb", buffer, 0, 4));
        // a surrogate pair is one 4-byte character: never split
        Assert.AreEqual(0, Utf8.Encode("\U0001F600", buffer, 0, 3));
        Assert.AreEqual(4, Utf8.Encode("\U0001F600", buffer, 0, 4));
        CollectionAssert.AreEqual(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, buffer[..4]);
    }

    [TestMethod]
    public void StringsOnTheWireAreCutAt255BytesOnACharacterBoundary()
    {
        string s = new string('x', 254) + "\u20AC" + "tail";
        var buffer = new byte[400];
        var w = new PayloadWriter();
        w.Reset(buffer, 0, buffer.Length);
        w.WriteString(s);
        Assert.AreEqual(254, buffer[0], "the euro sign would end at byte 257: cut before it");
        var r = new PayloadReader();
        r.Reset(buffer, 0, w.Length);
        Assert.AreEqual(new string('x', 254), r.ReadString());
    }
}

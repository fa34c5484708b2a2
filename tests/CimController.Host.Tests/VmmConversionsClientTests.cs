using System;
using System.Linq;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary><see cref="CimClient.Vmm"/> with conversions per vector (protocol 1.4): sums, splitting, old firmware.</summary>
[TestClass]
public sealed class VmmConversionsClientTests
{
    private static byte[] Inputs(int vectors, int rows)
    {
        var x = new byte[vectors * rows];
        new Random(EmulatedBoard.Seed).NextBytes(x);
        for (int i = 0; i < x.Length; i++) x[i] >>= 2;
        return x;
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void SumsAreNTimesTheSingleCodesWithoutNoise(bool differentialOnFirmware)
    {
        using CimClient client = EmulatedBoard.Connect("ideal", new CimClientOptions { TimeoutMs = 10000, DifferentialOnFirmware = differentialOnFirmware });
        Assert.IsTrue(client.SupportsConversions);
        const int vectors = 40, rows = 64, cols = 24, n = 4;
        byte[] x = Inputs(vectors, rows);

        VmmResult single = client.Vmm(0, 0, rows, 8, cols, x, vectors, differential: true);
        VmmResult summed = client.Vmm(0, 0, rows, 8, cols, x, vectors, differential: true, conversions: n);

        Assert.AreEqual(1, single.Conversions);
        Assert.IsNull(single.CodeSums);
        Assert.AreEqual(n, summed.Conversions);
        CollectionAssert.AreEqual(single.Codes.Select(c => (ushort)(n * c)).ToArray(), summed.CodeSums);
        CollectionAssert.AreEqual(single.DifferentialCodes!.Select(d => (short)(n * d)).ToArray(), summed.DifferentialCodes);
        CollectionAssert.AreEqual(single.Codes, summed.Codes, "codes of a summed result are the rounded means");
        CollectionAssert.AreEqual(single.CurrentsMicroamps, summed.CurrentsMicroamps, "mean currents");
        CollectionAssert.AreEqual(single.DifferentialMicroamps, summed.DifferentialMicroamps, "mean differential currents");
        Assert.AreEqual(n * single.TileOps, summed.TileOps);
        Assert.AreEqual(n * single.ChipCycles, summed.ChipCycles);
    }

    /// <summary>Differences of sums computed on the host (in SIMD registers) equal sum[2k] - sum[2k+1] for every pair, of either
    /// sign and up to 128 x 255, for a pair count that leaves a scalar tail.</summary>
    [TestMethod]
    public void HostDifferencesOfSumsAreThePairsDifferences()
    {
        using CimClient client = EmulatedBoard.Connect("brram");
        const int vectors = 37, rows = 64, cols = 24, n = 128;
        var x = new byte[vectors * rows];
        new Random(EmulatedBoard.Seed + 5).NextBytes(x);
        for (int i = 0; i < x.Length; i++) x[i] >>= 3; // currents inside the ADC range
        Console.WriteLine($"emulator seed {EmulatedBoard.Seed}, input seed {EmulatedBoard.Seed + 5}: {vectors} vectors, {cols / 2} pairs, {n} conversions");
        VmmResult r = client.Vmm(0, 0, rows, 0, cols, x, vectors, differential: true, conversions: n);
        ushort[] sums = r.CodeSums!;
        short[] d = r.DifferentialCodes!;
        Assert.AreEqual(vectors * cols / 2, d.Length);
        for (int i = 0; i < d.Length; i++)
            Assert.AreEqual(sums[2 * i] - sums[(2 * i) + 1], d[i], $"pair {i}");
        Assert.IsTrue(d.Any(v => v > 0) && d.Any(v => v < 0), "differences of both signs");
        Assert.IsTrue(sums.Max() > 4 * 255, "sums well above one byte");
    }

    [TestMethod]
    public void SplittingCountsTheTwoByteSums()
    {
        // 1024-byte payloads, differences from the firmware: reply 13 + (2 x 64 + 64) n <= 1024 -> 5 vectors a request;
        // without conversions 13 + (64 + 64) n -> 7.
        var options = new CimClientOptions { TimeoutMs = 10000, DifferentialOnFirmware = true };
        using CimClient small = EmulatedBoard.Connect("ideal", options, c => c.MaxPayload = 1024);
        using CimClient large = EmulatedBoard.Connect("ideal");
        Assert.AreEqual(7, small.VectorsPerRequest(64, 64, true));
        Assert.AreEqual(5, small.VectorsPerRequest(64, 64, true, conversions: 3));
        Assert.AreEqual(7, small.VectorsPerRequest(64, 64, false, conversions: 3), "u16 sums alone: 13 + 128 n");
        const int vectors = 23;
        byte[] x = Inputs(vectors, 64);

        VmmResult split = small.Vmm(0, 0, 64, 0, 64, x, vectors, differential: true, conversions: 3);
        VmmResult whole = large.Vmm(0, 0, 64, 0, 64, x, vectors, differential: true, conversions: 3);

        Assert.AreEqual(5, split.Requests);
        Assert.AreEqual(1, whole.Requests);
        CollectionAssert.AreEqual(whole.CodeSums, split.CodeSums);
        CollectionAssert.AreEqual(whole.DifferentialCodes, split.DifferentialCodes);
        Assert.AreEqual(whole.TileOps, split.TileOps);
    }

    [TestMethod]
    public void ConversionsAverageTheAdcNoiseDown()
    {
        using CimClient client = EmulatedBoard.Connect("brram");
        const int vectors = 64, rows = 64, cols = 64;
        byte[] x = Inputs(vectors, rows);
        float[] g = client.ReadConductance(0, 0, rows, 0, cols, 16);
        double[] expected = VmmAccuracy.ExpectedCodes(x, vectors, rows, g, cols, client.Info.ReadMillivolts / 1000.0, client.AdcLsbMicroamps);

        VmmAccuracy one = VmmAccuracy.Compare(client.Vmm(0, 0, rows, 0, cols, x, vectors), expected, 255);
        VmmAccuracy sixteen = VmmAccuracy.Compare(client.Vmm(0, 0, rows, 0, cols, x, vectors, conversions: 16), expected, 255);

        Console.WriteLine($"rms error: 1 conversion {one.RmsErrorLsb:F3} LSB, mean of 16 {sixteen.RmsErrorLsb:F3} LSB");
        Assert.IsTrue(one.RmsErrorLsb > 1.5, "the brram profile's ADC noise is about 2 LSB");
        Assert.IsTrue(sixteen.RmsErrorLsb < 0.4 * one.RmsErrorLsb, "16 conversions divide the noise by about 4 (read-back error remains)");
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(129)]
    public void ConversionsOutside1To128AreRefusedByTheClient(int n)
    {
        using CimClient client = EmulatedBoard.Connect("ideal");
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => client.Vmm(0, 0, 4, 0, 4, new byte[4], 1, conversions: n));
        StringAssert.Contains(e.Message, "1..128");
    }

    [TestMethod]
    public void Protocol13FirmwareIsNotSentConversions()
    {
        int vmmRequests = 0;
        var peer = new ScriptedPeer
        {
            Respond = (type, seq, _) =>
            {
                if (type == MessageType.Vmm) vmmRequests++;
                return type == MessageType.Hello ? new[] { ScriptedPeer.Info(seq, ProtocolVersion.Major, 3) } : Array.Empty<byte[]>();
            },
        };
        using var client = new CimClient(peer, new CimClientOptions { TimeoutMs = 300 });
        client.Connect();

        Assert.IsFalse(client.SupportsConversions);
        var e = Assert.ThrowsExactly<CimProtocolException>(() => client.Vmm(0, 0, 4, 0, 4, new byte[8], 2, differential: true, conversions: 4));

        Assert.AreEqual(ErrorCode.VersionMismatch, e.Code);
        StringAssert.Contains(e.Message, "speaks protocol 1.3");
        StringAssert.Contains(e.Message, "1.4 or newer");
        Assert.AreEqual(0, vmmRequests, "nothing was sent: a 1.3 firmware would ignore the byte and return single codes");
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Benchmarks;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Host.Transports;
using CimController.LocalBoard;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>The speed-ups of the training forward path: tiled DAC quantisation, the direct firmware transport, the bench.</summary>
[TestClass]
public sealed class TrainForwardPathTests
{
    [TestMethod]
    [DataRow(25, 1000, 0, 0, 1000)]
    [DataRow(64, 333, 36, 5, 200)]
    [DataRow(36, 70, 64, 64, 6)]
    [DataRow(1, 7, 0, 3, 4)]
    public void TiledQuantisationGivesTheRowByRowCodes(int rows, int vectorCount, int firstRow, int firstVector, int vectors)
    {
        var random = new Random(rows * 1000 + vectors);
        int fanIn = firstRow + rows + 3;
        float[] x = new float[fanIn * vectorCount];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble() < 0.4 ? 0f : (float)(random.NextDouble() * 3.1);
        }
        x[firstRow * vectorCount + firstVector] = 2.9999f; // close to the top code
        float inv = 255f / 2.5f; // values beyond 2.5 clip at 255

        byte[] expected = new byte[rows * vectors];
        for (int r = 0; r < rows; r++)
        {
            for (int v = 0; v < vectors; v++)
            {
                float c = (x[(firstRow + r) * vectorCount + firstVector + v] * inv) + 0.5f;
                expected[v * rows + r] = c <= 0f ? (byte)0 : c >= 255f ? (byte)255 : (byte)c;
            }
        }
        byte[] codes = new byte[rows * vectors + 5];
        codes[^1] = 0x5A;

        DacCodes.Quantise(x, vectorCount, firstRow, rows, firstVector, vectors, inv, codes);

        CollectionAssert.AreEqual(expected, codes.Take(rows * vectors).ToArray());
        Assert.AreEqual((byte)0x5A, codes[^1], "bytes after the codes are left alone");
        Assert.IsTrue(expected.Contains((byte)255) && expected.Contains((byte)0));
    }

    [TestMethod]
    [DataRow(25, 1000, 0, 0, 1000, 1)]
    [DataRow(64, 333, 36, 5, 200, 4)]
    [DataRow(20, 70, 3, 1, 67, 16)]
    public void PerVectorScalesAndRepeatsGiveTheChipSessionsCodes(int rows, int vectorCount, int firstRow, int firstVector, int vectors, int repeats)
    {
        var random = new Random(rows + vectors + repeats);
        float[] x = new float[(firstRow + rows) * vectorCount];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble() < 0.4 ? 0f : (float)(random.NextDouble() * 3.0);
        }
        float[] q = new float[vectors];
        for (int v = 0; v < vectors; v++)
        {
            q[v] = (float)(0.002 + random.NextDouble() * 0.02);
        }
        // The chip session's loop (host/CimController.Training ChipSession.TryGetOutput).
        byte[] expected = new byte[rows * vectors * repeats];
        for (int r = 0; r < rows; r++)
        {
            for (int vec = 0; vec < vectors; vec++)
            {
                float c = (x[(firstRow + r) * vectorCount + firstVector + vec] / q[vec]) + 0.5f;
                byte code = c <= 0f ? (byte)0 : c >= 255f ? (byte)255 : (byte)c;
                for (int rep = 0; rep < repeats; rep++)
                {
                    expected[(((vec * repeats) + rep) * rows) + r] = code;
                }
            }
        }
        byte[] codes = new byte[expected.Length];

        DacCodes.Quantise(x, vectorCount, firstRow, rows, firstVector, vectors, q, repeats, codes);

        CollectionAssert.AreEqual(expected, codes);
        Assert.IsTrue(expected.Contains((byte)255) && expected.Contains((byte)0));
    }

    [TestMethod]
    public void QuantisationRejectsWindowsOutsideTheActivations()
    {
        float[] x = new float[10 * 4];
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DacCodes.Quantise(x, 4, 0, 10, 2, 3, 1f, new byte[30]));
        Assert.ThrowsExactly<ArgumentException>(() => DacCodes.Quantise(x, 4, 5, 10, 0, 4, 1f, new byte[40]));
        Assert.ThrowsExactly<ArgumentException>(() => DacCodes.Quantise(x, 4, 0, 10, 0, 4, 1f, new byte[39]));
    }

    [TestMethod]
    public void DirectTransportGivesTheSameNoisyCodesAsTheInProcessLink()
    {
        // Same seed, same frames: the board sees the same SPI transactions, so even the noisy codes agree.
        var emulator = new EmulatorOptions { ProfileName = "brram", Seed = EmulatedBoard.Seed };
        using var direct = new CimClient(DirectFirmwareTransport.StartEmulator(emulator), new CimClientOptions { TimeoutMs = 10000 });
        direct.Connect();
        EmulatedFirmware firmware = EmulatedFirmware.Start(emulator);
        using var linked = new CimClient(new InProcessTransport(firmware.HostEnd, firmware), new CimClientOptions { TimeoutMs = 10000 });
        linked.Connect();
        const int rows = 25, cols = 8, vectors = 3000;
        byte[] inputs = new byte[rows * vectors];
        new Random(3).NextBytes(inputs);

        VmmResult a = direct.Vmm(0, 0, rows, 0, cols, inputs, vectors, differential: true);
        VmmResult b = linked.Vmm(0, 0, rows, 0, cols, inputs, vectors, differential: true);

        Assert.AreEqual(b.Requests, a.Requests);
        Assert.IsTrue(a.Requests > 1, "the batch spans several frames");
        CollectionAssert.AreEqual(b.Codes, a.Codes);
        CollectionAssert.AreEqual(b.DifferentialCodes, a.DifferentialCodes);
        Assert.AreEqual(b.TileOps, a.TileOps);
        Assert.AreEqual(linked.Info.BoardKind, direct.Info.BoardKind);
    }

    [TestMethod]
    public void DirectTransportPassesErrorRepliesAndRefusesUseAfterDispose()
    {
        var transport = DirectFirmwareTransport.StartEmulator(new EmulatorOptions { ProfileName = "ideal" });
        var client = new CimClient(transport, new CimClientOptions { TimeoutMs = 2000 });
        client.Connect();

        var e = Assert.ThrowsExactly<CimProtocolException>(() => client.Vmm(99, 0, 4, 0, 4, new byte[4], 1));
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        Assert.IsNotNull(client.Stats(), "the link still works after an error reply");

        client.Dispose();
        Assert.AreEqual(-1, transport.Read(new byte[4], 0, 4, 10));
        Assert.ThrowsExactly<TransportException>(() => transport.Write(new byte[4], 0, 4));
    }

    [TestMethod]
    public void TheBenchmarksLeNetBlocksAreWhereTheDeviceLayoutPlacesThem()
    {
        ForwardBlock[] expected =
        {
            new("conv1", 25, 8, 576, 0, 0, 0, 2),
            new("conv2[0]", 64, 24, 64, 0, 8, 1),
            new("conv2[1]", 36, 24, 64, 0, 32, 1),
            new("fc[0]", 64, 20, 1, 1, 0, 2),
            new("fc[1]", 64, 20, 1, 1, 20, 2),
            new("fc[2]", 64, 20, 1, 1, 40, 2),
        };
        CollectionAssert.AreEqual(expected, TrainForwardBenchmark.WuLeNet.ToArray());
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void TrainForwardBenchmarkTimesEveryBlock(bool direct)
    {
        var options = new TrainForwardOptions { BatchSize = 2, Batches = 2, Repeats = 2, WarmupBatches = 1, Direct = direct };

        IReadOnlyList<TrainForwardRepeat> result = TrainForwardBenchmark.Run(options);

        Assert.AreEqual(2, result.Count);
        foreach (TrainForwardRepeat r in result)
        {
            Assert.AreEqual(TrainForwardBenchmark.WuLeNet.Count, r.Blocks.Count);
            Assert.IsTrue(r.BatchMs > 0 && r.EpochSeconds > 0);
            ForwardBlockTiming conv1 = r.Blocks[0];
            Assert.AreEqual(2 * 576, conv1.Vectors);
            Assert.AreEqual(1.0, conv1.Requests, "1,152 vectors of 25 rows fit one 64 KB frame");
            Assert.IsTrue(conv1.VmmMs > 0 && conv1.SpiMs > 0 && conv1.SpiMs <= conv1.VmmMs + 1e-9);
            Console.WriteLine($"direct={direct}: {r.BatchMs:F2} ms per batch of 2");
        }
    }
}

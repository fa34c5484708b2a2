using System;
using System.Linq;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>The client against the real firmware core serving the emulated board in-process.</summary>
[TestClass]
public sealed class ClientWithEmulatedFirmwareTests
{
    [TestMethod]
    public void InfoDescribesTheEmulatedBoard()
    {
        using CimClient client = EmulatedBoard.Connect();
        InfoMessage info = client.Info;

        Assert.AreEqual(ProtocolVersion.Major, info.ProtocolMajor);
        Assert.AreEqual("emulator", info.BoardKind);
        StringAssert.StartsWith(info.ProfileName, "brram");
        Assert.AreEqual(4, info.Tiles);
        Assert.AreEqual(64, info.Rows);
        Assert.AreEqual(64, info.Columns);
        Assert.AreEqual(8, info.AdcBits);
        Assert.AreEqual(70000u, info.AdcFullScaleNanoamps);
        Assert.AreEqual(100000u, info.ClockKilohertz);
        Assert.AreEqual(70.0 / 255, client.AdcLsbMicroamps, 1e-9);
        Assert.IsTrue(client.MaxPayload <= info.MaxPayload);
    }

    [TestMethod]
    public void ReadRegionGivesConductancesInTheProfilesRange()
    {
        using CimClient client = EmulatedBoard.Connect();

        float[] us = client.ReadConductance(1, 2, 5, 3, 7, averages: 4);

        Assert.AreEqual(5 * 7, us.Length);
        foreach (float g in us)
        {
            Assert.IsTrue(g >= 5 && g <= 80, "conductance " + g + " µS is outside the b-RRAM range of about 10..70 µS");
        }
        Assert.IsTrue(us.Distinct().Count() > 1, "every cell read the same value");
        Assert.AreEqual(5 * 7 * 4u, client.Stats().CellReads);
    }

    [TestMethod]
    public void ReadRegionLargerThanOneReplyIsReadInParts()
    {
        using CimClient client = EmulatedBoard.Connect("ideal", configure: c => c.MaxPayload = 512);
        var progress = new RecordingProgress();

        float[] whole = client.ReadConductance(0, 0, 64, 0, 64, 1, progress);
        float[] corner = client.ReadConductance(0, 60, 4, 60, 4);

        Assert.AreEqual(64 * 64, whole.Length);
        Assert.IsTrue(progress.Reports.Count > 1, "a 64x64 read with 512-byte payloads should take several requests");
        Assert.AreEqual(64 * 64L, progress.Reports[^1].Done);
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.AreEqual(corner[r * 4 + c], whole[(60 + r) * 64 + 60 + c], 0.01f, $"cell ({60 + r},{60 + c})");
            }
        }
    }

    [TestMethod]
    public void VmmCodesAndCurrentsFollowTheAdcLsb()
    {
        using CimClient client = EmulatedBoard.Connect();
        byte[] inputs = Enumerable.Range(0, 2 * 16).Select(i => (byte)(i * 8)).ToArray();

        VmmResult result = client.Vmm(0, 0, 16, 0, 8, inputs, 2);

        Assert.AreEqual(2, result.Vectors);
        Assert.AreEqual(8, result.Columns);
        Assert.AreEqual(16, result.Codes.Length);
        Assert.IsNull(result.DifferentialCodes);
        Assert.IsTrue(result.Codes.Any(c => c > 0), "all codes are zero for non-zero inputs");
        for (int i = 0; i < result.Codes.Length; i++)
        {
            Assert.AreEqual(result.Codes[i] * 70.0 / 255, result.CurrentsMicroamps[i], 1e-4);
        }
        Assert.AreEqual(2ul, result.TileOps);
        Assert.AreEqual(2ul * 9 * 8, result.ChipCycles, "9 cycles per conversion, 8 columns on their own ADCs");
        Assert.AreEqual(1, result.Requests);
    }

    [TestMethod]
    public void DifferentialVmmIsTheDifferenceOfAdjacentColumns()
    {
        using CimClient client = EmulatedBoard.Connect();
        byte[] inputs = Enumerable.Range(0, 3 * 64).Select(i => (byte)(i * 37)).ToArray();

        VmmResult result = client.Vmm(2, 0, 64, 0, 64, inputs, 3, differential: true);

        Assert.IsNotNull(result.DifferentialCodes);
        Assert.AreEqual(3 * 32, result.DifferentialCodes.Length);
        for (int v = 0; v < 3; v++)
        {
            for (int k = 0; k < 32; k++)
            {
                int expected = result.Codes[v * 64 + 2 * k] - result.Codes[v * 64 + 2 * k + 1];
                Assert.AreEqual(expected, result.DifferentialCodes[v * 32 + k], $"vector {v}, pair {k}");
                Assert.AreEqual(expected * client.AdcLsbMicroamps, result.DifferentialMicroamps![v * 32 + k], 1e-4);
            }
        }
    }

    [TestMethod]
    public void DifferentialCodesFromTheHostEqualTheFirmwaresAndHalveTheReply()
    {
        // Same seed, same request sizes (request-limited): the same noisy codes, so the differences must agree exactly.
        using CimClient onHost = EmulatedBoard.Connect("brram", configure: c => c.MaxPayload = 4096);
        using CimClient onFirmware = EmulatedBoard.Connect("brram", new CimClientOptions { TimeoutMs = 10000, DifferentialOnFirmware = true }, c => c.MaxPayload = 4096);
        const int vectors = 500, rows = 25, cols = 8;
        byte[] inputs = new byte[vectors * rows];
        new Random(EmulatedBoard.Seed).NextBytes(inputs);

        Assert.AreEqual(onHost.VectorsPerRequest(rows, cols, true), onFirmware.VectorsPerRequest(rows, cols, true), "both request-limited");
        long received0 = onHost.BytesReceived, received1 = onFirmware.BytesReceived;
        VmmResult a = onHost.Vmm(0, 0, rows, 8, cols, inputs, vectors, differential: true);
        VmmResult b = onFirmware.Vmm(0, 0, rows, 8, cols, inputs, vectors, differential: true);

        CollectionAssert.AreEqual(b.Codes, a.Codes);
        CollectionAssert.AreEqual(b.DifferentialCodes, a.DifferentialCodes);
        CollectionAssert.AreEqual(b.DifferentialMicroamps, a.DifferentialMicroamps);
        Assert.AreEqual(b.Requests, a.Requests);
        long hostBytes = onHost.BytesReceived - received0, firmwareBytes = onFirmware.BytesReceived - received1;
        Assert.IsTrue(hostBytes < 0.55 * firmwareBytes, $"reply bytes {hostBytes} (host differences) vs {firmwareBytes} (firmware differences)");
    }

    [TestMethod]
    public void LargeBatchIsSplitToFitThePayloadAndGivesTheSameCodes()
    {
        // The ideal profile has no noise, so the same inputs give the same codes however they are batched.
        // The firmware sends the differential codes here, so that the reply size limits the batch.
        using CimClient small = EmulatedBoard.Connect("ideal", new CimClientOptions { TimeoutMs = 10000, DifferentialOnFirmware = true }, c => c.MaxPayload = 1024);
        using CimClient large = EmulatedBoard.Connect("ideal");
        const int vectors = 100;
        byte[] inputs = new byte[vectors * 64];
        new Random(EmulatedBoard.Seed).NextBytes(inputs);
        var progress = new RecordingProgress();

        VmmResult split = small.Vmm(0, 0, 64, 0, 64, inputs, vectors, differential: true, progress);
        VmmResult whole = large.Vmm(0, 0, 64, 0, 64, inputs, vectors, differential: true);

        // 1024-byte payloads: request 12 + 64 n and reply 13 + 128 n must fit, so 7 vectors a request.
        Assert.AreEqual(7, small.VectorsPerRequest(64, 64, true));
        Assert.AreEqual((vectors + 6) / 7, split.Requests);
        Assert.AreEqual(1, whole.Requests);
        CollectionAssert.AreEqual(whole.Codes, split.Codes);
        CollectionAssert.AreEqual(whole.DifferentialCodes, split.DifferentialCodes);
        Assert.AreEqual(whole.TileOps, split.TileOps);
        Assert.AreEqual(whole.ChipCycles, split.ChipCycles);
        Assert.AreEqual(split.Requests, progress.Reports.Count);
        Assert.AreEqual(vectors, progress.Reports[^1].Done);
    }

    [TestMethod]
    public void MaxVectorsPerRequestSplitsBatches()
    {
        using CimClient client = EmulatedBoard.Connect("ideal", new CimClientOptions { MaxVectorsPerRequest = 3 });
        byte[] inputs = new byte[10 * 8];

        VmmResult result = client.Vmm(0, 0, 8, 0, 8, inputs, 10);

        Assert.AreEqual(4, result.Requests);
        Assert.AreEqual(10ul, result.TileOps);
    }

    [TestMethod]
    public void StatsDeltaCountsVmmWorkAndEnergy()
    {
        using CimClient client = EmulatedBoard.Connect();
        byte[] inputs = new byte[5 * 64];
        new Random(EmulatedBoard.Seed).NextBytes(inputs);

        StatsMessage before = client.Stats();
        VmmResult result = client.Vmm(0, 0, 64, 0, 64, inputs, 5);
        StatsMessage after = client.Stats();

        Assert.AreEqual(5ul, after.TileOps - before.TileOps);
        Assert.AreEqual(result.ChipCycles, after.ChipCycles - before.ChipCycles);
        Assert.AreEqual(1u, after.VmmCommands - before.VmmCommands);
        Assert.IsTrue(after.FramesReceived > before.FramesReceived);
        // Wu 2023 Table 2: 2.66 nJ per 64-row tile operation.
        Assert.AreEqual(5 * 2660.0, after.EnergyPicojoules - before.EnergyPicojoules, 5 * 2660.0 * 0.01);
    }

    [TestMethod]
    public void OutOfRangeTileIsAnErrorReplyWithItsCode()
    {
        using CimClient client = EmulatedBoard.Connect();

        var e = Assert.ThrowsExactly<CimProtocolException>(() => client.Vmm(99, 0, 4, 0, 4, new byte[4], 1));

        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        Assert.AreEqual(MessageType.Vmm, e.RequestType);
        Assert.IsFalse(string.IsNullOrEmpty(e.FirmwareMessage), "the firmware's explanation is missing");
        Console.WriteLine("firmware said: " + e.Message);

        // The client and the firmware keep working after an error.
        Assert.AreEqual(4, client.ReadConductance(0, 0, 2, 0, 2).Length);
    }

    [TestMethod]
    public void ResetAnswersWithTheResetCount()
    {
        using CimClient client = EmulatedBoard.Connect();
        uint first = client.Reset();
        Assert.AreEqual(first + 1, client.Reset());
        Assert.AreEqual(first + 1, client.Stats().Resets);
    }

    [TestMethod]
    public void InputCountMustMatchVectorsTimesRows()
    {
        using CimClient client = EmulatedBoard.Connect();
        var e = Assert.ThrowsExactly<ArgumentException>(() => client.Vmm(0, 0, 8, 0, 8, new byte[15], 2));
        StringAssert.Contains(e.Message, "15");
        StringAssert.Contains(e.Message, "16");
    }
}

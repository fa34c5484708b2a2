using System;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// Hello's host max payload is checked, and the Info reply built, before the connection's reply limit changes: a refused
/// Hello leaves the limit as it was, so replies larger than the refused value (Stats, 68 bytes) still arrive.
/// </summary>
[TestClass]
public sealed class HelloLimitTests
{
    private const int Seed = 911;

    private static (Reply Hello, Reply Stats) ServeHelloThenStats(FirmwareFixture f, byte[] hello)
    {
        var link = new ScriptedLink(f.Clock).Send(hello).Send(TestFrames.Empty(MessageType.Stats, 2));
        f.Controller.Serve(link);
        var replies = TestFrames.DecodeAll(link.Written, link.Written.Length);
        Assert.AreEqual(2, replies.Count, string.Join("; ", replies));
        return (replies[0], replies[1]);
    }

    [TestMethod]
    [DataRow(16)]
    [DataRow(61)]
    [DataRow(255)]
    public void ASmallHostMaxPayloadIsRefusedAndTheReplyLimitStays(int maxPayload)
    {
        using var f = new FirmwareFixture(Seed);
        var (hello, stats) = ServeHelloThenStats(f, TestFrames.Hello(1, maxPayload: maxPayload));
        ErrorMessage e = hello.AsError();
        Console.WriteLine($"{ErrorCode.Name(e.Code)}: {e.Message}");
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        StringAssert.Contains(e.Message, $"Hello max payload {maxPayload} of host 'tests' is outside {HelloMessage.MinHostMaxPayload}..65535");
        StringAssert.Contains(e.Message, "the reply limit stays 65535");
        Assert.AreEqual(MessageType.StatsResult, stats.Type, "a Stats reply (72 bytes in 1.5) still arrives: " + stats);
        Assert.AreEqual(72, stats.Payload.Length);
    }

    [TestMethod]
    public void TheSmallestAcceptedLimitAnswersInfoAndStatsStillFits()
    {
        using var f = new FirmwareFixture(Seed);
        var (hello, stats) = ServeHelloThenStats(f, TestFrames.Hello(1, maxPayload: HelloMessage.MinHostMaxPayload));
        Assert.AreEqual(MessageType.Info, hello.Type, hello.ToString());
        Assert.AreEqual(MessageType.StatsResult, stats.Type, stats.ToString());
        var vmm = f.Send(TestFrames.Vmm(3, 0, 0, 64, 0, 64, new byte[64 * 4])).AsError();
        StringAssert.Contains(vmm.Message, "limit of 256", "the accepted limit is in force");
    }

    [TestMethod]
    public void AnInfoReplyLargerThanTheHostLimitIsRefusedBeforeTheLimitChanges()
    {
        // Long names make this firmware's Info 3 x 200 bytes longer than the accepted minimum.
        string longName = new string('n', 200);
        using var f = new FirmwareFixture(Seed, c => { c.ProfileName = longName; c.BoardKind = longName; c.FirmwareVersion = longName; });
        int infoLength = f.Send(TestFrames.Hello(9)).Payload.Length;
        Assert.IsTrue(infoLength > 600, $"Info of {infoLength} bytes");
        var (hello, stats) = ServeHelloThenStats(f, TestFrames.Hello(1, maxPayload: 300));
        ErrorMessage e = hello.AsError();
        Console.WriteLine($"{ErrorCode.Name(e.Code)}: {e.Message}");
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        StringAssert.Contains(e.Message, $"Hello max payload 300 is smaller than this firmware's Info reply of {infoLength} bytes; accepted {infoLength}..65535");
        Assert.AreEqual(MessageType.StatsResult, stats.Type, "the limit stayed 65535: " + stats);
        Assert.AreEqual(MessageType.Info, f.Send(TestFrames.Hello(4, maxPayload: infoLength)).Type, "exactly the Info size is enough");
    }
}

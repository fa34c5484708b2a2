using System;
using System.Linq;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary><see cref="LinkRefusal"/>: one Error frame answering the refused host's first frame, bounded waits, the Busy wording.</summary>
[TestClass]
public sealed class LinkRefusalTests
{
    [TestMethod]
    public void AnswersTheFirstFrameWithItsSequenceAndType()
    {
        var clock = new FakeClock();
        var link = new ScriptedLink(clock) { MaxChunk = 3 }.Send(TestFrames.Hello(77));
        Assert.IsTrue(LinkRefusal.Answer(link, clock, 2000, ErrorCode.Busy, "busy now"));
        var reply = TestFrames.Decode(link.Written, link.Written.Length);
        var error = reply.AsError();
        Assert.AreEqual(77, reply.Sequence);
        Assert.AreEqual(ErrorCode.Busy, error.Code);
        Assert.AreEqual(MessageType.Hello, error.RequestType);
        Assert.AreEqual("busy now", error.Message);
    }

    [TestMethod]
    public void AFrameLargerThanItReadsIsAnsweredFromItsHeader()
    {
        var clock = new FakeClock();
        var big = TestFrames.Vmm(91, 0, 0, 64, 0, 64, new byte[64 * 16]);
        var link = new ScriptedLink(clock).Send(big);
        Assert.IsTrue(LinkRefusal.Answer(link, clock, 2000, ErrorCode.TlsRequired, "tls only"));
        var reply = TestFrames.Decode(link.Written, link.Written.Length);
        Assert.AreEqual(91, reply.Sequence);
        Assert.AreEqual(MessageType.Vmm, reply.AsError().RequestType);
    }

    [TestMethod]
    public void NoFrameInTimeIsAnsweredWithSequenceZero()
    {
        var clock = new FakeClock();
        var link = new ScriptedLink(clock).Send(new byte[] { 1, 2, 3 }).Silence(1500).Silence(1500).Send(TestFrames.Hello(5));
        Assert.IsTrue(LinkRefusal.Answer(link, clock, 2000, ErrorCode.Busy, "busy"));
        var reply = TestFrames.Decode(link.Written, link.Written.Length);
        Assert.AreEqual(0, reply.Sequence);
        Assert.AreEqual(ErrorCode.Busy, reply.AsError().Code);
    }

    [TestMethod]
    public void AHostThatClosedGetsNothing()
    {
        var clock = new FakeClock();
        var link = new ScriptedLink(clock).Send(new byte[] { FrameFormat.Marker0 });
        Assert.IsFalse(LinkRefusal.Answer(link, clock, 2000, ErrorCode.Busy, "busy"));
        Assert.AreEqual(0, link.Written.Length);
    }

    [TestMethod]
    public void BusyMessageNamesTheHolderTheTimeAndTheIdleLimit()
    {
        Assert.AreEqual("board busy: another host (10.0.0.7:50412) has held the link for 12.3 s; one host at a time, and a session without " +
            "a complete frame for 20 s is dropped; try again later", LinkRefusal.BusyMessage("10.0.0.7:50412", 12_345, 20_000));
        StringAssert.Contains(LinkRefusal.BusyMessage("h", 999, 500), "for 0.9 s;");
        StringAssert.Contains(LinkRefusal.BusyMessage("h", 999, 500), "frame for 0.5 s is dropped");
    }
}

using System;
using System.Linq;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// <see cref="IdleSessionLink"/> around the real serve loop (scripted link, fake clock): complete frames keep a session,
/// silence, half frames and corrupt frames do not, and the session ends at the idle limit with the rest of the script unread.
/// </summary>
[TestClass]
public sealed class IdleSessionLinkTests
{
    private const int Seed = 4242;
    private const int IdleMs = 1000;

    private static (IdleSessionLink Idle, Reply[] Replies) Serve(ScriptedLink script, FirmwareFixture f)
    {
        var idle = new IdleSessionLink(script, f.Clock, IdleMs);
        f.Controller.Serve(idle);
        var written = script.Written;
        return (idle, TestFrames.DecodeAll(written, written.Length).ToArray());
    }

    [TestMethod]
    public void CompleteFramesWithinTheLimitKeepTheSessionAndSilenceEndsIt()
    {
        using var f = new FirmwareFixture(Seed);
        var script = new ScriptedLink(f.Clock)
            .Send(TestFrames.Hello(1)).Silence(900)
            .Send(TestFrames.Empty(MessageType.Stats, 2)).Silence(900)
            .Send(TestFrames.Empty(MessageType.Stats, 3)).Silence(600).Silence(600)
            .Send(TestFrames.Empty(MessageType.Stats, 4));
        var (idle, replies) = Serve(script, f);
        Assert.IsTrue(idle.Expired, "the session ended at the idle limit");
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, replies.Select(r => r.Sequence).ToArray(), "frame 4, after 1.2 s of silence, is never read");
        Assert.IsTrue(idle.IdleForMs >= IdleMs, $"idle for {idle.IdleForMs} ms");
    }

    [TestMethod]
    public void HalfFramesAndCorruptFramesDoNotKeepASession()
    {
        using var f = new FirmwareFixture(Seed);
        var half = TestFrames.Empty(MessageType.Stats, 9)[..6];
        var corrupt = TestFrames.Empty(MessageType.Stats, 10);
        corrupt[^1] ^= 0x55;
        var script = new ScriptedLink(f.Clock).Send(TestFrames.Hello(1));
        for (int i = 0; i < 5; i++) script.Send(half).Silence(300).Silence(300).Send(corrupt);
        script.Send(TestFrames.Empty(MessageType.Stats, 11));
        var (idle, replies) = Serve(script, f);
        Assert.IsTrue(idle.Expired);
        Assert.AreEqual(MessageType.Info, replies[0].Type);
        foreach (var r in replies.Skip(1))
        {
            int code = r.AsError().Code;
            Assert.IsTrue(code is ErrorCode.Truncated or ErrorCode.BadCrc, r.ToString());
        }
        Assert.IsFalse(replies.Any(r => r.Sequence == 11), "the good frame after the limit is never served");
    }

    [TestMethod]
    public void AnErrorReplyToAWholeFrameCountsAsTraffic()
    {
        using var f = new FirmwareFixture(Seed);
        var script = new ScriptedLink(f.Clock).Send(TestFrames.Hello(1));
        for (int i = 0; i < 4; i++) script.Silence(800).Send(TestFrames.Empty(0x7E, 20 + i));
        var (idle, replies) = Serve(script, f);
        Assert.IsFalse(idle.Expired, "the script ended, not the session's time");
        Assert.AreEqual(5, replies.Length);
        Assert.IsTrue(replies.Skip(1).All(r => r.AsError().Code == ErrorCode.UnknownMessage));
    }

    [TestMethod]
    public void ReadsAreShortenedToTheTimeLeft()
    {
        var clock = new FakeClock();
        var inner = new TimeoutRecorder();
        var idle = new IdleSessionLink(inner, clock, IdleMs);
        clock.Advance(700);
        idle.Read(new byte[4], 0, 4, 5000);
        Assert.AreEqual(300, inner.LastTimeoutMs);
        clock.Advance(300);
        Assert.AreEqual(-1, idle.Read(new byte[4], 0, 4, 5000));
        Assert.IsTrue(idle.Expired);
    }

    private sealed class TimeoutRecorder : IHostLink
    {
        public int LastTimeoutMs;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs) { LastTimeoutMs = timeoutMs; return 0; }
        public void Write(byte[] buffer, int offset, int count) { }
    }
}

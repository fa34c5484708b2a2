using System;
using System.Collections.Generic;
using System.Diagnostics;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>The client's own rules against a scripted peer: bounded waits, sequence matching, version check, error replies.</summary>
[TestClass]
public sealed class ClientWithScriptedPeerTests
{
    private static IEnumerable<byte[]> AnswerHello(byte type, int sequence)
    {
        if (type == MessageType.Hello)
        {
            yield return ScriptedPeer.Info(sequence);
        }
    }

    [TestMethod]
    public void RequestTimesOutWithinBoundWhenPeerNeverAnswers()
    {
        var peer = new ScriptedPeer { Respond = (type, seq, _) => AnswerHello(type, seq) };
        using var client = new CimClient(peer, new CimClientOptions { TimeoutMs = 300 });
        client.Connect();

        var watch = Stopwatch.StartNew();
        var e = Assert.ThrowsExactly<CimTimeoutException>(() => client.Stats());
        watch.Stop();

        Assert.AreEqual(ErrorCode.Timeout, e.Code);
        StringAssert.Contains(e.Message, "Stats");
        StringAssert.Contains(e.Message, "300 ms");
        Assert.IsTrue(watch.ElapsedMilliseconds >= 250, "waited " + watch.ElapsedMilliseconds + " ms, less than the timeout");
        Assert.IsTrue(watch.ElapsedMilliseconds < 3000, "waited " + watch.ElapsedMilliseconds + " ms, far beyond the 300 ms timeout");
    }

    [TestMethod]
    public void RepliesWithAnotherSequenceNumberAreDiscarded()
    {
        var peer = new ScriptedPeer
        {
            Respond = (type, seq, _) => type == MessageType.Hello
                ? new[] { ScriptedPeer.Info(seq) }
                : new[] { ScriptedPeer.Stats(seq - 1, 111), ScriptedPeer.Stats(seq + 7, 222), ScriptedPeer.Stats(seq, 42) },
        };
        using var client = new CimClient(peer, new CimClientOptions { TimeoutMs = 2000 });
        client.Connect();

        StatsMessage stats = client.Stats();

        Assert.AreEqual(42u, stats.VmmCommands);
        Assert.AreEqual(2, client.DiscardedReplies);
    }

    [TestMethod]
    public void LateReplyToTimedOutRequestDoesNotAnswerTheNextOne()
    {
        int stats = 0;
        int lateSequence = -1;
        var peer = new ScriptedPeer();
        peer.Respond = (type, seq, _) =>
        {
            if (type == MessageType.Hello)
            {
                return new[] { ScriptedPeer.Info(seq) };
            }
            if (++stats == 1)
            {
                lateSequence = seq;
                return Array.Empty<byte[]>();
            }
            // The answer to the first (timed-out) request arrives just before this one's.
            return new[] { ScriptedPeer.Stats(lateSequence, 1), ScriptedPeer.Stats(seq, 2) };
        };
        using var client = new CimClient(peer, new CimClientOptions { TimeoutMs = 200 });
        client.Connect();
        Assert.ThrowsExactly<CimTimeoutException>(() => client.Stats());

        Assert.AreEqual(2u, client.Stats().VmmCommands);
        Assert.AreEqual(1, client.DiscardedReplies);
    }

    [TestMethod]
    public void ProtocolMajorMismatchIsAClearError()
    {
        var peer = new ScriptedPeer { Respond = (type, seq, _) => new[] { ScriptedPeer.Info(seq, ProtocolVersion.Major + 1) } };
        using var client = new CimClient(peer);

        var e = Assert.ThrowsExactly<CimProtocolException>(() => client.Connect());

        Assert.AreEqual(ErrorCode.VersionMismatch, e.Code);
        StringAssert.Contains(e.Message, "protocol " + (ProtocolVersion.Major + 1));
        StringAssert.Contains(e.Message, ProtocolVersion.Major + "." + ProtocolVersion.Minor);
    }

    [TestMethod]
    public void ErrorReplyBecomesExceptionWithCodeAndFirmwareText()
    {
        var peer = new ScriptedPeer
        {
            Respond = (type, seq, _) => type == MessageType.Hello
                ? new[] { ScriptedPeer.Info(seq) }
                : new[] { ScriptedPeer.Frame(seq, MessageType.Error, new ErrorMessage { Code = ErrorCode.BoardError, RequestType = type, Message = "board says no" }.Write) },
        };
        using var client = new CimClient(peer);
        client.Connect();

        var e = Assert.ThrowsExactly<CimProtocolException>(() => client.Stats());

        Assert.AreEqual(ErrorCode.BoardError, e.Code);
        Assert.AreEqual("board says no", e.FirmwareMessage);
        Assert.AreEqual(MessageType.Stats, e.RequestType);
        StringAssert.Contains(e.Message, "BoardError");
    }

    [TestMethod]
    public void RequestsBeforeConnectAreRefused()
    {
        using var client = new CimClient(new ScriptedPeer());
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => client.Stats());
        StringAssert.Contains(e.Message, "Connect");
    }

    [TestMethod]
    public void ClosedLinkOnNonReconnectingTransportIsAClearError()
    {
        var peer = new ClosingPeer();
        using var client = new CimClient(peer, new CimClientOptions { TimeoutMs = 2000 });
        var e = Assert.ThrowsExactly<CimLinkClosedException>(() => client.Connect());
        StringAssert.Contains(e.Message, "closed");
        StringAssert.Contains(e.Message, "Hello");
    }

    /// <summary>A peer that has gone: every read reports the link closed.</summary>
    private sealed class ClosingPeer : Transports.ITransport
    {
        public string Description => "gone-peer";
        public bool CanReconnect => false;
        public void Open() { }
        public int Read(byte[] buffer, int offset, int count, int timeoutMs) => -1;
        public void Write(byte[] buffer, int offset, int count) { }
        public void Dispose() { }
    }
}

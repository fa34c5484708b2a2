using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using CimController.Firmware.Transcripts;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>What the replayed scenarios cover, read from the transcripts themselves: every request type, the error paths, both boards.</summary>
[TestClass]
public sealed class CoverageTests
{
    [TestMethod]
    public void TheCoverageScenariosSendEveryRequestTypeAndHitEveryErrorPath()
    {
        var requests = new HashSet<int>();
        var errors = new HashSet<int>();
        var boards = new HashSet<int>();
        bool progress = false;
        foreach (Scenario s in Scenarios.Coverage)
        {
            var (header, events) = TranscriptEvents.Read(RecordedScenarios.Of(s.Name));
            boards.Add(header.BoardKind);
            byte[] hostBytes = events.Where(e => e.Kind == TranscriptFormat.LinkRead).SelectMany(e => e.Data).ToArray();
            foreach (var (type, _, _) in Frames(hostBytes)) requests.Add(type);
            foreach (TranscriptEvent e in events.Where(e => e.Kind == TranscriptFormat.LinkWrite))
                foreach (var (type, flags, payload) in Frames(e.Data))
                {
                    if (type == MessageType.Error) errors.Add(payload[0] | (payload[1] << 8));
                    progress |= (flags & FrameFlags.Progress) != 0;
                }
        }
        var allRequests = typeof(MessageType).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(byte) && f.Name != nameof(MessageType.ReplyBit) && (byte)f.GetValue(null)! < MessageType.ReplyBit)
            .ToDictionary(f => (int)(byte)f.GetValue(null)!, f => f.Name);
        var missing = allRequests.Where(kv => !requests.Contains(kv.Key)).Select(kv => kv.Value).ToList();
        Assert.AreEqual(0, missing.Count, "request types no scenario sends: " + string.Join(", ", missing));
        int[] expectedErrors =
        {
            ErrorCode.BadCrc, ErrorCode.Truncated, ErrorCode.FrameTooLarge, ErrorCode.UnknownMessage, ErrorCode.VersionMismatch, ErrorCode.Malformed,
            ErrorCode.OutOfRange, ErrorCode.PulseLimit, ErrorCode.TableCorrupt, ErrorCode.NotReady,
        };
        var unseen = expectedErrors.Where(c => !errors.Contains(c)).Select(ErrorCode.Name).ToList();
        Assert.AreEqual(0, unseen.Count, "error replies no scenario provokes: " + string.Join(", ", unseen));
        CollectionAssert.AreEquivalent(new[] { TranscriptFormat.RegisterMapBoard, TranscriptFormat.DiscreteBoard }, boards.ToArray());
        Assert.IsTrue(progress, "no scenario has a progress frame");
        Console.WriteLine($"{requests.Count} request types, error codes {string.Join(", ", errors.OrderBy(c => c).Select(ErrorCode.Name))}");
    }

    /// <summary>The well-formed frames in a byte stream (damaged ones skipped).</summary>
    private static IEnumerable<(byte Type, byte Flags, byte[] Payload)> Frames(byte[] bytes)
    {
        var d = new FrameDecoder(FrameFormat.MaxPayloadLimit);
        int at = 0;
        var found = new List<(byte, byte, byte[])>();
        while (at < bytes.Length)
        {
            at += d.Push(bytes, at, bytes.Length - at);
            if (d.Status == DecodeStatus.Frame)
                found.Add((d.MessageType, d.Flags, d.Frame.AsSpan(FrameFormat.PayloadOffset, d.PayloadLength).ToArray()));
        }
        return found;
    }
}

using System;
using System.Collections.Generic;
using CimController.Firmware.Transcripts;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>One event of a transcript as the tests inspect it: its kind, where its bytes start in the file, its data.</summary>
public sealed record TranscriptEvent(int Kind, int Offset, int Bus, byte[] Data, byte[] Received, long Value);

/// <summary>Walks a transcript's events (desktop side, for coverage checks and for damaging a transcript on purpose).</summary>
public static class TranscriptEvents
{
    public static (TranscriptHeader Header, List<TranscriptEvent> Events) Read(byte[] transcript)
    {
        var source = new MemorySource(transcript);
        var r = new TranscriptReader(source);
        TranscriptHeader header = TranscriptHeader.ReadFrom(r);
        var events = new List<TranscriptEvent>();
        while (true)
        {
            int offset = (int)r.Position;
            int kind = r.ReadByte();
            switch (kind)
            {
                case TranscriptFormat.End:
                    events.Add(new TranscriptEvent(kind, offset, 0, Array.Empty<byte>(), Array.Empty<byte>(), 0));
                    return (header, events);
                case TranscriptFormat.Serve:
                    events.Add(new TranscriptEvent(kind, offset, 0, Array.Empty<byte>(), Array.Empty<byte>(), 0));
                    break;
                case TranscriptFormat.Clock:
                    events.Add(new TranscriptEvent(kind, offset, 0, Array.Empty<byte>(), Array.Empty<byte>(), r.ReadInt64()));
                    break;
                case TranscriptFormat.Delay:
                    events.Add(new TranscriptEvent(kind, offset, 0, Array.Empty<byte>(), Array.Empty<byte>(), r.ReadInt32()));
                    break;
                case TranscriptFormat.LinkRead:
                {
                    r.ReadInt32();
                    r.ReadInt32();
                    int result = r.ReadInt32();
                    var data = new byte[Math.Max(0, result)];
                    r.ReadBytes(data, 0, data.Length);
                    events.Add(new TranscriptEvent(kind, offset, 0, data, Array.Empty<byte>(), result));
                    break;
                }
                case TranscriptFormat.LinkWrite:
                {
                    int n = r.ReadCount("frame length");
                    int threw = r.ReadByte();
                    var data = new byte[n];
                    r.ReadBytes(data, 0, n);
                    events.Add(new TranscriptEvent(kind, offset, 0, data, Array.Empty<byte>(), threw));
                    break;
                }
                case TranscriptFormat.Spi:
                {
                    int bus = r.ReadByte();
                    int n = r.ReadCount("SPI byte count");
                    var tx = new byte[n];
                    var rx = new byte[n];
                    r.ReadBytes(tx, 0, n);
                    r.ReadBytes(rx, 0, n);
                    events.Add(new TranscriptEvent(kind, offset, bus, tx, rx, 0));
                    break;
                }
                default:
                    throw new TranscriptFormatException($"event kind {kind} at byte {offset}");
            }
        }
    }

    /// <summary>Offset in the file of the first data byte of <paramref name="e"/> (after its kind and fixed fields).</summary>
    public static int DataOffset(TranscriptEvent e) => e.Kind switch
    {
        TranscriptFormat.Spi => e.Offset + 1 + 1 + 4,
        TranscriptFormat.LinkWrite => e.Offset + 1 + 4 + 1,
        TranscriptFormat.LinkRead => e.Offset + 1 + 12,
        _ => throw new ArgumentException("event kind " + e.Kind + " carries no bytes"),
    };
}

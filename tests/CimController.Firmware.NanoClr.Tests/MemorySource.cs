using System;
using CimController.Firmware.Transcripts;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>A transcript held in memory as an <see cref="IByteSource"/>.</summary>
public sealed class MemorySource(byte[] bytes) : IByteSource
{
    private int _next;

    public int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(count, bytes.Length - _next);
        Array.Copy(bytes, _next, buffer, offset, n);
        _next += n;
        return n;
    }
}

using System;

namespace CimController.Firmware.Desktop;

/// <summary>
/// One end of an in-memory duplex byte link (<see cref="CreatePair(out IHostLink, out IHostLink)"/>): what one end writes, the other
/// reads. Each direction is a bounded pipe (writes block while it is full); reads block up to their
/// timeout. Disposing either end closes both directions: the other end reads what is left, then -1,
/// and its writes throw <see cref="System.IO.IOException"/>.
/// </summary>
public sealed class InProcessLink : IHostLink, IDisposable
{
    /// <summary>Default bytes buffered per direction.</summary>
    public const int DefaultCapacity = 1 << 20;

    private readonly BytePipe _inbound;
    private readonly BytePipe _outbound;

    private InProcessLink(BytePipe inbound, BytePipe outbound)
    {
        _inbound = inbound;
        _outbound = outbound;
    }

    /// <summary>Creates the two connected ends.</summary>
    public static void CreatePair(out IHostLink firmwareEnd, out IHostLink hostEnd) =>
        CreatePair(DefaultCapacity, out firmwareEnd, out hostEnd);

    /// <summary>Creates the two connected ends with <paramref name="capacity"/> bytes buffered per direction.</summary>
    public static void CreatePair(int capacity, out IHostLink firmwareEnd, out IHostLink hostEnd)
    {
        var toHost = new BytePipe(capacity);
        var toFirmware = new BytePipe(capacity);
        firmwareEnd = new InProcessLink(toFirmware, toHost);
        hostEnd = new InProcessLink(toHost, toFirmware);
    }

    /// <inheritdoc />
    public int Read(byte[] buffer, int offset, int count, int timeoutMs) => _inbound.Read(buffer, offset, count, timeoutMs);

    /// <inheritdoc />
    public void Write(byte[] buffer, int offset, int count) => _outbound.Write(buffer, offset, count);

    /// <summary>Closes both directions.</summary>
    public void Dispose()
    {
        _outbound.Close();
        _inbound.Close();
    }
}

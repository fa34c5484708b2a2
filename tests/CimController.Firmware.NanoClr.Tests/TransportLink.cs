using CimController.Host.Transports;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>A host transport (here the serial pty of a virtual ESP32) seen as a raw byte link, for frames the client never sends.</summary>
public sealed class TransportLink(ITransport transport) : IHostLink
{
    public int Read(byte[] buffer, int offset, int count, int timeoutMs) => transport.Read(buffer, offset, count, timeoutMs);

    public void Write(byte[] buffer, int offset, int count) => transport.Write(buffer, offset, count);
}

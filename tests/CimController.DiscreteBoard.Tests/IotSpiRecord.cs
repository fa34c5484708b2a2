using System;

namespace CimController.DiscreteBoard.Tests;

/// <summary>
/// One SPI transaction (one chip-select-low period) as a recorder saw it: the call that made it, the bytes clocked
/// out on MOSI, and the bytes the caller took from MISO (null when it took none, as with <c>SpiDevice.Write</c>).
/// </summary>
internal sealed record IotSpiRecord(string Call, byte[] Sent, byte[]? Received)
{
    /// <summary>The MOSI bytes as hex, for comparisons and messages.</summary>
    public string SentHex => Convert.ToHexString(Sent);

    public override string ToString() => $"{Call} {SentHex}" + (Received == null ? "" : $" -> {Convert.ToHexString(Received)}");
}

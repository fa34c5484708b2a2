using System;

namespace CimController.Firmware.Desktop.Esp32;

/// <summary>The virtual ESP32 could not start or stopped: the message names what went wrong and, where it helps, what the nanoCLR printed.</summary>
public sealed class VirtualEsp32Exception : Exception
{
    /// <summary>Creates the exception with its one-line (plus output tail) message.</summary>
    public VirtualEsp32Exception(string message) : base(message)
    {
    }
}

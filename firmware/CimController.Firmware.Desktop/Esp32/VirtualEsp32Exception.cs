using System;

namespace CimController.Firmware.Desktop.Esp32;

/// <summary>
/// The virtual ESP32 could not start or stopped: <see cref="Headline"/> names what went wrong in one line,
/// <see cref="Output"/> holds what the process concerned (the nanoCLR, a build) printed last, where that helps.
/// </summary>
public sealed class VirtualEsp32Exception : Exception
{
    /// <summary>Creates the exception from its one-line <paramref name="headline"/> and the process's last <paramref name="output"/>.</summary>
    public VirtualEsp32Exception(string headline, string output = "")
        : base(output.Length == 0 ? headline : headline + "\n" + output)
    {
        Headline = headline;
        Output = output;
    }

    /// <summary>What went wrong, one line.</summary>
    public string Headline { get; }

    /// <summary>The last lines the process printed ("" when none belong to the failure).</summary>
    public string Output { get; }
}

using System.Linq;
using CimController.Host;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

public static partial class Scenarios
{
    /// <summary>
    /// The discrete AD5328/MCP3208 board (3 x 4 crossbar): Info, reads, Vmm with conversions and with row copies, pulses (and refusals below
    /// the board's 20 us and beyond the profile's amplitude), write-verify of a cell and the whole array, Stats. The DAC
    /// and ADC are two SPI devices (buses 0 and 1 of the transcript) and the driver's settling and pulse delays are recorded.
    /// Pulse widths up to 1 ms are allowed, as the board's pulses are microseconds long.
    /// </summary>
    public static Scenario Discrete() => new("discrete", "emulator-discrete", "brram", 51, run =>
    {
        CimClient c = run.Client;
        var info = c.Connect();
        Assert.AreEqual(3, info.Rows);
        Assert.AreEqual(4, info.Columns);
        c.ReadConductance(0, 0, 3, 0, 4, averages: 2);
        byte[] codes = Bytes(3 * 4, 5101);
        c.Vmm(0, 0, 3, 0, 4, codes, 4);
        c.Vmm(0, 0, 3, 0, 4, codes, 4, differential: true, conversions: 4);
        c.Vmm(0, 0, 3, 0, 4, Bytes(4, 5102), 4, differential: true, conversions: 2, rowCopies: 3);
        c.Pulse(0, 1, 2, 2500, 50_000, count: 2);
        c.Pulse(0, 1, 2, -2000, 50_000);
        var e = Assert.ThrowsExactly<CimProtocolException>(() => c.Pulse(0, 1, 2, 2500, 1_000));
        Assert.AreEqual(ErrorCode.PulseLimit, e.Code);
        e = Assert.ThrowsExactly<CimProtocolException>(() => c.Pulse(0, 1, 2, 3500, 50_000));
        Assert.AreEqual(ErrorCode.PulseLimit, e.Code);
        var wv = new WriteVerifyOptions { Averages = 1, WidthNs = 50_000 };
        c.WriteVerifyCell(0, 0, 0, 20_000, wv);
        c.WriteVerifyRegion(0, 0, 3, 0, 4, Enumerable.Range(0, 12).Select(i => (uint)(10_000 + 2_000 * i)).ToArray(), wv);
        c.Stats();
    })
    { Configure = config => config.MaxPulseWidthNs = 1_000_000 };
}

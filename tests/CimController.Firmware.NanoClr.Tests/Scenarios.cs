using System;
using System.Collections.Generic;
using System.Linq;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The recorded sessions the replay tests run: together they send every message type, run every firmware algorithm
/// and every malformed-traffic path, on the register-map board and on the discrete AD5328/MCP3208 board. Seeds are
/// fixed per scenario (the emulator's device variation, noise and stuck cells) and printed by the tests.
/// </summary>
public static partial class Scenarios
{
    /// <summary>Every coverage scenario.</summary>
    public static IReadOnlyList<Scenario> Coverage { get; } = new[]
    {
        SessionBasics(), Vmm(), Pulses(), WriteVerify(), Ffp(), Training(), Inference(), Malformed(), Watchdog(), Discrete(),
    };

    /// <summary>The measurement scenarios: one kind of work each, repeated, so time per unit can be read off.</summary>
    public static IReadOnlyList<MeasuredScenario> Measured { get; } = new[]
    {
        MeasureVmm(), MeasureWriteVerify(), MeasureTrainUpdate(), MeasureForward(),
    };

    /// <summary>Every scenario, coverage first.</summary>
    public static IEnumerable<Scenario> All => Coverage.Concat(Measured.Select(m => m.Scenario));

    /// <summary>Seeded bytes for DAC codes and images.</summary>
    internal static byte[] Bytes(int count, int seed)
    {
        var b = new byte[count];
        new Random(seed).NextBytes(b);
        return b;
    }
}

/// <summary>
/// A scenario whose time is read per unit of work: <see cref="Units"/> units (Vmm vectors, programmed cells, pushed
/// weight updates, Forward images) are done by the commands answered with <see cref="ReplyType"/>.
/// </summary>
public sealed record MeasuredScenario(Scenario Scenario, byte ReplyType, string Unit, long Units);

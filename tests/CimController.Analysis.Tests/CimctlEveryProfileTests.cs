using System;
using System.IO;
using System.Text.Json.Nodes;
using CimController.Cli;
using CimController.Cli.Commands;
using CimController.Emulator;
using CimController.Host;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Analysis.Tests;

/// <summary>
/// Every built-in device profile can be characterised and programmed with cimctl's defaults: the write-verify pulses come
/// from the profile's limits (no PulseLimit refusal), the level band from its window. In-process (Program.Main) against
/// the in-process emulator, small regions.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class CimctlEveryProfileTests
{
    private const int Seed = 4;

    private static int Cimctl(params string[] args)
    {
        Console.WriteLine("$ cimctl " + string.Join(" ", args));
        return CimController.Cli.Program.Main(args);
    }

    private static JsonObject Results(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["results"]!.AsObject();

    /// <summary>The Info limits the firmware reports for <paramref name="profile"/>.</summary>
    private static InfoMessage LimitsOf(string profile)
    {
        DeviceProfile p = DeviceProfile.Load(profile);
        return new InfoMessage
        {
            ProfileName = p.Name,
            MaxSetMillivolts = (int)Math.Round(p.MaxSetVolts * 1000),
            MaxResetMillivolts = (int)Math.Round(p.MaxResetVolts * 1000),
            MinPulseWidthNs = (uint)p.MinPulseWidthNanoseconds,
            MaxPulseWidthNs = (uint)p.MaxPulseWidthNanoseconds,
        };
    }

    [TestMethod]
    [DataRow("brram", 100.0)]
    [DataRow("brram-table1", 100.0)]
    [DataRow("ideal", 100.0)]
    [DataRow("tio2", 80.0)]
    [DataRow("hfo2", 20.0)]
    public void CharacterizeAndProgramRunOnTheProfile(string profile, double minInBandPercent)
    {
        Console.WriteLine($"profile {profile}, seed {Seed}");
        using var temp = new TempFolder();
        string dir = temp.File("char");
        Assert.AreEqual(0, Cimctl("characterize", "--profile", profile, "--seed", Seed.ToString(), "--rows", "0:4", "--cols", "0:8", "--json", "--out", dir));
        JsonObject r = Results(dir);
        Console.WriteLine(r.ToJsonString());
        Assert.AreEqual(32, r["cells"]!.GetValue<int>());
        Assert.AreEqual(WriteVerifyScheme.Describe(WriteVerifyScheme.Options(LimitsOf(profile), null, null, null, null)), r["pulseScheme"]!.GetValue<string>());
        double inBand = r["inBandPercent"]!.GetValue<double>();
        Assert.IsTrue(inBand >= minInBandPercent, profile + ": " + inBand + " % in band, expected at least " + minInBandPercent);

        // One level of the default ladder in a small region; HfO2's plain SET pulses reach only the window's lower part,
        // so level 1 (15 % up the window) is the one to ask for there too.
        string prog = temp.File("prog");
        Assert.AreEqual(0, Cimctl("program", "--profile", profile, "--seed", Seed.ToString(), "--rows", "0:1", "--cols", "0:4", "--level", "1", "--json", "--out", prog),
            profile + ": every cell of level 1 verified in band");
        Assert.AreEqual(4, Results(prog)["statuses"]!["InBand"]!.GetValue<int>());
    }

    [TestMethod]
    public void DefaultPulsesScaleWuTrainsToEachProfilesLimits()
    {
        WriteVerifyOptions brram = WriteVerifyScheme.Options(LimitsOf("brram"), null, null, null, null);
        Assert.AreEqual("SET 1.5-3 V, RESET 1.5-3 V, steps 100/100 mV, 1000 ns", WriteVerifyScheme.Describe(brram), "Wu 2023 Fig. S2 itself on b-RRAM");
        WriteVerifyOptions hfo2 = WriteVerifyScheme.Options(LimitsOf("hfo2"), null, null, null, null);
        Assert.AreEqual("SET 0.75-1.5 V, RESET 0.75-1.5 V, steps 50/50 mV, 1000 ns", WriteVerifyScheme.Describe(hfo2), "HfO2: SET up to 1.5 V");
        WriteVerifyOptions tio2 = WriteVerifyScheme.Options(LimitsOf("tio2"), null, null, null, null);
        Assert.AreEqual("SET 3.5-7 V, RESET 3.5-7 V, steps 233/233 mV, 200000000 ns", WriteVerifyScheme.Describe(tio2), "TiO2-x: widths of 1 ms..2 s");
        foreach (string name in DeviceProfile.BuiltInNames)
        {
            InfoMessage info = LimitsOf(name);
            WriteVerifyOptions o = WriteVerifyScheme.Options(info, null, null, null, null);
            Assert.IsTrue(o.SetStopMillivolts <= info.MaxSetMillivolts && o.ResetStopMillivolts <= info.MaxResetMillivolts, name + ": amplitudes within the limits");
            Assert.IsTrue(o.WidthNs >= info.MinPulseWidthNs && o.WidthNs <= info.MaxPulseWidthNs, name + ": width within the limits");
            Assert.IsTrue(o.SetStartMillivolts < o.SetStopMillivolts && o.SetStepMillivolts >= 1, name + ": a rising SET train");
        }
        var e = Assert.ThrowsExactly<UsageException>(() => WriteVerifyScheme.Options(LimitsOf("brram"), new[] { 1500, 3500 }, null, null, null));
        Assert.AreEqual("--set-v ends at 3.5 V, beyond the largest SET pulse of profile 'brram': give at most 3 V", e.Message);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The scenarios' transcripts, recorded once per test run and shared by the tests. With the environment variable
/// CIM_TRANSCRIPTS_DIR set, each is also written there as NAME.cimt (to replay by hand, or to keep as evidence).
/// </summary>
public static class RecordedScenarios
{
    private static readonly Lazy<IReadOnlyList<(Scenario Scenario, byte[] Bytes)>> Recorded = new(() =>
    {
        var list = new List<(Scenario, byte[])>();
        foreach (Scenario s in Scenarios.All)
        {
            var sw = Stopwatch.StartNew();
            byte[] bytes = s.Record();
            Console.WriteLine($"recorded {s.Name,-22} board {s.Board,-17} profile {s.Profile,-6} seed {s.Seed,3}: {bytes.Length,9:N0} bytes in {sw.ElapsedMilliseconds,6:N0} ms");
            list.Add((s, bytes));
            string? keep = Environment.GetEnvironmentVariable("CIM_TRANSCRIPTS_DIR");
            if (!string.IsNullOrEmpty(keep))
            {
                System.IO.Directory.CreateDirectory(keep);
                System.IO.File.WriteAllBytes(System.IO.Path.Combine(keep, s.Name + ".cimt"), bytes);
            }
        }
        return list;
    });

    /// <summary>Every scenario with its transcript, in <see cref="Scenarios.All"/>'s order.</summary>
    public static IReadOnlyList<(Scenario Scenario, byte[] Bytes)> All => Recorded.Value;

    /// <summary>The transcript of the scenario named <paramref name="name"/>.</summary>
    public static byte[] Of(string name) => All.First(t => t.Scenario.Name == name).Bytes;
}

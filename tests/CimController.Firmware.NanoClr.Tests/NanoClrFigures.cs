using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CimController.Firmware.Transcripts;
using CimController.Protocol;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The side-by-side figures of one test run: time per unit of work and per command on the nanoCLR and on desktop .NET
/// (the replay interfaces' own time taken out), and the managed heap the firmware took on the nanoCLR.
/// </summary>
public static class NanoClrFigures
{
    public static string Table(IReadOnlyList<(Scenario Scenario, byte[] Bytes)> all, IReadOnlyList<ReplayOutcome> nanoClr, IReadOnlyList<ReplayOutcome> desktop)
    {
        var text = new StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        text.AppendLine("| work (scenario) | per | nanoCLR | desktop .NET | ratio |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (MeasuredScenario m in Scenarios.Measured)
        {
            int i = IndexOf(all, m.Scenario.Name);
            double nf = CoreTicks(nanoClr[i], m.ReplyType) / (double)m.Units;
            double dt = CoreTicks(desktop[i], m.ReplyType) / (double)m.Units;
            text.AppendLine(string.Format(ic, "| {0} | {1} | {2} | {3} | {4:F0}x |", m.Scenario.Name, m.Unit, Duration(nf), Duration(dt), nf / dt));
        }
        text.AppendLine();
        text.AppendLine("| reply | commands | nanoCLR per command | desktop per command | ratio |");
        text.AppendLine("|---|---|---|---|---|");
        var types = nanoClr.SelectMany(o => o.Stats.Keys).Distinct().OrderBy(t => t);
        foreach (int type in types)
        {
            int count = nanoClr.Sum(o => o.Stats.TryGetValue(type, out var s) ? s.Count : 0);
            double nf = nanoClr.Sum(o => CoreTicks(o, type)) / (double)count;
            double dt = desktop.Sum(o => CoreTicks(o, type)) / (double)count;
            text.AppendLine(string.Format(ic, "| {0} | {1} | {2} | {3} | {4:F0}x |", MessageType.Name((byte)type), count, Duration(nf), Duration(dt), dt > 0 ? nf / dt : 0));
        }
        text.AppendLine();
        text.AppendLine("| scenario | payload limit | heap after start | heap at the end |");
        text.AppendLine("|---|---|---|---|");
        for (int i = 0; i < all.Count; i++)
        {
            var header = TranscriptHeader.ReadFrom(new TranscriptReader(new MemorySource(all[i].Bytes)));
            text.AppendLine(string.Format(ic, "| {0} | {1:N0} | {2:N0} B | {3:N0} B |", all[i].Scenario.Name, header.Config.MaxPayload, nanoClr[i].HeapBuiltBytes, nanoClr[i].HeapEndBytes));
        }
        return text.ToString();
    }

    private static int IndexOf(IReadOnlyList<(Scenario Scenario, byte[] Bytes)> all, string name)
    {
        for (int i = 0; i < all.Count; i++)
            if (all[i].Scenario.Name == name) return i;
        throw new ArgumentException("no scenario " + name);
    }

    private static long CoreTicks(ReplayOutcome o, int type) => o.Stats.TryGetValue(type, out var s) ? s.CoreTicks : 0;

    /// <summary>Ticks of 100 ns as a readable duration.</summary>
    private static string Duration(double ticks)
    {
        double us = ticks / 10.0;
        return us >= 1000 ? (us / 1000).ToString("F2", CultureInfo.InvariantCulture) + " ms" : us.ToString("F1", CultureInfo.InvariantCulture) + " us";
    }
}

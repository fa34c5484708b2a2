using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Host;
using CimController.Protocol.Messages;
using static CimController.Experiments.NumberText;

namespace CimController.Experiments.Ffp
{
    /// <summary>The results of FFP calibration traces: calibration.csv, the R-vs-pulse and |dR| figures, and the Pearson cycle-to-cycle figure over repeats.</summary>
    public static class FfpCalibrationReport
    {
        /// <summary>Writes calibration.csv, the R-vs-pulse and |dR| figures per direction and (repeats > 1) pearson.csv; returns headline results.</summary>
        public static JsonObject Write(ResultsFolder folder, IReadOnlyList<(int Repeat, FfpCalibrationTrace Trace)> all)
        {
            folder.WriteCsv("calibration.csv", new[] { "repeat", "direction", "write_volts", "pulse", "ohms", "abs_delta_ohms" },
                all.SelectMany(x =>
                {
                    double[] r = x.Trace.Ohms();
                    return Enumerable.Range(0, r.Length).Select(i => (IReadOnlyList<object?>)new object?[]
                    {
                        x.Repeat, FfpDirection.Name(x.Trace.Direction), x.Trace.WriteMillivolts / 1000.0, i, r[i], i == 0 ? null : Math.Abs(r[i] - r[i - 1]),
                    });
                }));
            var perDirection = new JsonObject();
            foreach (int direction in all.Select(x => x.Trace.Direction).Distinct())
            {
                string name = FfpDirection.Name(direction);
                int last = all.Max(x => x.Repeat);
                var traces = all.Where(x => x.Trace.Direction == direction && x.Repeat == last).Select(x => x.Trace).ToList();
                string from = direction == FfpDirection.Potentiation ? "from HRS" : "from LRS";
                folder.AddFigure("r-vs-pulse-" + name + ".png", "Resistance after each of K identical pulses per write voltage, " + name + " " + from + " (Diao 2025 Fig. 2a)",
                    p => Plots.ResistanceVsPulse(p, "Identical pulses, " + name + " " + from, traces.Select(t =>
                        new Series(N(t.WriteMillivolts / 1000.0) + " V", Enumerable.Range(0, t.Milliohms.Length + 1).Select(i => (double)i).ToArray(), t.Ohms())).ToList()));
                folder.AddFigure("dr-map-" + name + ".png", "|dR| per pulse against the resistance before it, per write voltage, " + name + " (Diao 2025 Fig. 2c/d)",
                    p => Plots.DeltaRMap(p, "|ΔR| per pulse, " + name, traces.Select(t =>
                        new Series(N(t.WriteMillivolts / 1000.0) + " V", t.Ohms().Take(t.Milliohms.Length).ToArray(), t.AbsDeltaOhms())).ToList()));
                var voltages = new JsonArray();
                foreach (FfpCalibrationTrace t in traces)
                {
                    double[] d = t.AbsDeltaOhms();
                    double[] r = t.Ohms();
                    var entry = new JsonObject
                    {
                        ["volts"] = t.WriteMillivolts / 1000.0,
                        ["rangeOhms"] = r.Max() - r.Min(),
                        ["meanAbsDeltaOhms"] = d.Length > 0 ? d.Average() : 0,
                        ["pulsesInBand"] = d.Count(v => v > 0.1 && v < 0.3),
                    };
                    if (last > 0)
                    {
                        // Diao 2025 eq. 1 / Fig. 2b: mean Pearson correlation of the last repetition with every earlier one.
                        var earlier = all.Where(x => x.Trace.Direction == direction && x.Repeat < last && x.Trace.WriteMillivolts == t.WriteMillivolts).Select(x => x.Trace.Ohms()).ToList();
                        entry["meanPearson"] = earlier.Count > 0 ? earlier.Average(e => Stats.Pearson(r, e)) : double.NaN;
                    }
                    voltages.Add(entry);
                }
                perDirection[name] = voltages;
            }
            if (all.Count > 0 && all.Max(x => x.Repeat) > 0)
            {
                folder.AddFigure("pearson.png", "Cycle-to-cycle reproducibility: mean Pearson correlation (eq. 1) of the last repetition with the earlier ones against the dynamic range, one point per write voltage (Diao 2025 Fig. 2b)",
                    p => Plots.Points(p, "Cycle-to-cycle reproducibility (Pearson, eq. 1), one point per write voltage", "dynamic range R_max − R_min (Ω)", "mean Pearson correlation",
                        perDirection.Select(kv => new Series(kv.Key, kv.Value!.AsArray().Select(e => e!["rangeOhms"]!.GetValue<double>()).ToArray(),
                            kv.Value!.AsArray().Select(e => e!["meanPearson"]!.GetValue<double>()).ToArray())).ToList()));
                folder.WriteCsv("pearson.csv", new[] { "direction", "write_volts", "range_ohms", "mean_pearson" }, perDirection.SelectMany(kv =>
                    kv.Value!.AsArray().Select(e => (IReadOnlyList<object?>)new object?[] { kv.Key, e!["volts"]!.GetValue<double>(), e["rangeOhms"]!.GetValue<double>(), e["meanPearson"]!.GetValue<double>() })));
            }
            return new JsonObject { ["traces"] = all.Count, ["directions"] = perDirection };
        }
    }
}

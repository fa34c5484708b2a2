using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Host;
using CimController.Protocol.Messages;
using static CimController.Experiments.NumberText;

namespace CimController.Experiments.Ffp
{
    /// <summary>An FFP table in a results folder: its header as JSON and ffp-table.csv.</summary>
    public static class FfpTableReport
    {
        /// <summary>Header fields of a table as JSON.</summary>
        public static JsonObject Json(FfpTableData t) => new JsonObject
        {
            ["version"] = t.Version,
            ["profile"] = t.ProfileName,
            ["bins"] = t.Bins,
            ["rMinOhms"] = t.RMinMilliohms / 1000.0,
            ["binWidthOhms"] = t.BinWidthMilliohms / 1000.0,
            ["bandOhms"] = N(t.BandLowMilliohms / 1000.0) + "-" + N(t.BandHighMilliohms / 1000.0),
            ["widthNs"] = t.WidthNs,
            ["crc"] = t.Crc.ToString("X8"),
            ["wireBytes"] = t.WireLength,
        };

        /// <summary>Writes ffp-table.csv: per bin, resistance range, voltage, expected step and flags per direction.</summary>
        public static void WriteCsv(ResultsFolder folder, FfpTableData t)
        {
            folder.WriteCsv("ffp-table.csv", new[] { "bin", "r_low_ohms", "r_high_ohms", "potentiation_volts", "potentiation_step_ohms", "potentiation_flags", "depression_volts", "depression_step_ohms", "depression_flags" },
                Enumerable.Range(0, t.Bins).Select(b => (IReadOnlyList<object?>)new object?[]
                {
                    b, (t.RMinMilliohms + (double)b * t.BinWidthMilliohms) / 1000.0, (t.RMinMilliohms + (b + 1.0) * t.BinWidthMilliohms) / 1000.0,
                    t.PotentiationMv[b] / 1000.0, t.PotentiationStep[b] / 1000.0, Flags(t.PotentiationFlags[b]),
                    t.DepressionMv[b] / 1000.0, t.DepressionStep[b] / 1000.0, Flags(t.DepressionFlags[b]),
                }));
        }

        private static string Flags(int f)
        {
            var parts = new List<string>();
            if ((f & FfpEntryFlags.InBand) != 0) parts.Add("in-band");
            if ((f & FfpEntryFlags.Closest) != 0) parts.Add("closest");
            if ((f & FfpEntryFlags.Filled) != 0) parts.Add("filled");
            return string.Join("|", parts);
        }
    }
}

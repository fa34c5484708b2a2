using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace CimController.Cli.Commands
{
    /// <summary>Mean and spread of one metric over the seeds of a sweep.</summary>
    /// <param name="Count">Seeds with a value.</param>
    /// <param name="Mean">Arithmetic mean.</param>
    /// <param name="StandardDeviation">Sample standard deviation (n - 1); null for one value.</param>
    /// <param name="Min">Smallest value.</param>
    /// <param name="Max">Largest value.</param>
    public sealed record SweepStatistic(int Count, double Mean, double? StandardDeviation, double Min, double Max)
    {
        /// <summary>The statistic of <paramref name="values"/> (at least one).</summary>
        public static SweepStatistic Of(IReadOnlyList<double> values)
        {
            if (values.Count == 0)
            {
                throw new ArgumentException("a statistic needs at least one value");
            }

            double mean = values.Average();
            double? sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : null;
            return new SweepStatistic(values.Count, mean, sd, values.Min(), values.Max());
        }

        /// <summary>As JSON, rounded to 6 significant digits.</summary>
        public JsonObject ToJson() => new()
        {
            ["n"] = Count,
            ["mean"] = Round(Mean),
            ["sd"] = StandardDeviation is double s ? Round(s) : null,
            ["min"] = Round(Min),
            ["max"] = Round(Max),
        };

        /// <summary><paramref name="v"/> to 6 significant digits (what a printed figure can tell).</summary>
        public static double Round(double v) => double.Parse(v.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Which numbers of a command's JSON document a sweep aggregates, and reading them.</summary>
    public static class SweepMetrics
    {
        /// <summary>What a sweep of <c>train</c> reports unless <c>--metrics</c> says otherwise.</summary>
        public static readonly string[] TrainDefaults =
        {
            "finalTestAccuracy", "baselineTestAccuracy", "baselineGapPoints", "deviceWrites", "writeReduction", "meanWritesPerWeight",
        };

        /// <summary>
        /// The default metrics for <paramref name="command"/>'s document <paramref name="doc"/>: train's list, otherwise every
        /// number at the document's top level and in its "results" object (as results.NAME).
        /// </summary>
        public static IReadOnlyList<string> Defaults(string command, JsonObject doc) =>
            command == "train" ? TrainDefaults : Numbers(doc);

        /// <summary>Every numeric field at the top level of <paramref name="doc"/> and in its "results" object.</summary>
        public static IReadOnlyList<string> Numbers(JsonObject doc)
        {
            var names = doc.Where(kv => IsNumber(kv.Value)).Select(kv => kv.Key).ToList();
            if (doc["results"] is JsonObject results)
            {
                names.AddRange(results.Where(kv => IsNumber(kv.Value)).Select(kv => "results." + kv.Key));
            }

            return names;
        }

        /// <summary>True when the dotted <paramref name="path"/> names a field of <paramref name="doc"/> (its value may be null: e.g. no baseline).</summary>
        public static bool Has(JsonObject doc, string path)
        {
            JsonNode? node = doc;
            foreach (string part in path.Split('.'))
            {
                if (node is not JsonObject o || !o.ContainsKey(part))
                {
                    return false;
                }

                node = o[part];
            }

            return true;
        }

        /// <summary>The number at the dotted <paramref name="path"/> of <paramref name="doc"/>; null when absent, null or not a number.</summary>
        public static double? Read(JsonObject doc, string path)
        {
            JsonNode? node = doc;
            foreach (string part in path.Split('.'))
            {
                node = node is JsonObject o ? o[part] : null;
            }

            return IsNumber(node) ? node!.GetValue<double>() : null;
        }

        private static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number;
    }
}

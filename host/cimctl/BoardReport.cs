using System.Globalization;
using System.Text.Json.Nodes;
using CimController.Protocol.Messages;
using Spectre.Console;

namespace CimController.Cli
{
    /// <summary>Info and Stats as JSON objects and as Spectre tables.</summary>
    public static class BoardReport
    {
        /// <summary>Info as JSON.</summary>
        public static JsonObject InfoJson(InfoMessage i)
        {
            return new JsonObject
            {
                ["protocol"] = i.ProtocolMajor + "." + i.ProtocolMinor,
                ["firmwareVersion"] = i.FirmwareVersion,
                ["boardKind"] = i.BoardKind,
                ["profile"] = i.ProfileName,
                ["tiles"] = i.Tiles,
                ["rows"] = i.Rows,
                ["columns"] = i.Columns,
                ["rowDacBits"] = i.RowDacBits,
                ["adcBits"] = i.AdcBits,
                ["wordLineDacBits"] = i.WordLineDacBits,
                ["columnsPerAdc"] = i.ColumnsPerAdc,
                ["adcFullScaleNanoamps"] = i.AdcFullScaleNanoamps,
                ["readMillivolts"] = i.ReadMillivolts,
                ["maxSetMillivolts"] = i.MaxSetMillivolts,
                ["maxResetMillivolts"] = i.MaxResetMillivolts,
                ["minPulseWidthNs"] = i.MinPulseWidthNs,
                ["maxPulseWidthNs"] = i.MaxPulseWidthNs,
                ["maxPayload"] = i.MaxPayload,
                ["clockKilohertz"] = i.ClockKilohertz,
            };
        }

        /// <summary>Stats as JSON.</summary>
        public static JsonObject StatsJson(StatsMessage s)
        {
            return new JsonObject
            {
                ["framesReceived"] = s.FramesReceived,
                ["framesSent"] = s.FramesSent,
                ["errorsSent"] = s.ErrorsSent,
                ["crcErrors"] = s.CrcErrors,
                ["skippedBytes"] = s.SkippedBytes,
                ["vmmCommands"] = s.VmmCommands,
                ["cellReads"] = s.CellReads,
                ["resets"] = s.Resets,
                ["tileOps"] = s.TileOps,
                ["chipCycles"] = s.ChipCycles,
                ["energyPicojoules"] = s.EnergyPicojoules,
                ["pulsesApplied"] = s.PulsesApplied,
                ["uptimeMs"] = s.UptimeMs,
                ["truncatedFrames"] = s.Truncations,
                ["heapFreeBytes"] = s.HeapFreeBytes == StatsMessage.HeapNotReported ? null : s.HeapFreeBytes,
            };
        }

        /// <summary>A two-column table of a JSON object's fields.</summary>
        public static Table KeyValueTable(string title, JsonObject fields)
        {
            var table = new Table().Title(Markup.Escape(title)).AddColumn("field").AddColumn(new TableColumn("value").RightAligned());
            foreach (var pair in fields)
            {
                table.AddRow(Markup.Escape(pair.Key), Markup.Escape(ValueText(pair.Value)));
            }
            return table;
        }

        /// <summary>A field's value on one line: numbers and strings as they are, objects and arrays as compact JSON, null as "not reported".</summary>
        public static string ValueText(JsonNode? value)
        {
            return value switch
            {
                null => "not reported",
                JsonValue v => v.ToString(),
                _ => value.ToJsonString(),
            };
        }

        /// <summary>Formats a number with invariant culture and <paramref name="format"/>.</summary>
        public static string Num(double v, string format = "0.###")
        {
            return v.ToString(format, CultureInfo.InvariantCulture);
        }
    }
}

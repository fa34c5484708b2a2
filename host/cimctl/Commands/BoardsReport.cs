using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using CimController.Training;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>The per-board figures of a data-parallel training run: a table on the terminal and boards.json in the run folder.</summary>
    public static class BoardsReport
    {
        /// <summary>File name of the per-board figures in a run folder.</summary>
        public const string FileName = "boards.json";

        /// <summary>Writes <see cref="FileName"/> into <paramref name="folder"/> and returns its array.</summary>
        public static JsonArray Write(string folder, IReadOnlyList<BoardTrainingReport> boards)
        {
            JsonArray array = Json(boards);
            (long writes, long pulses, double chipSeconds, double millijoules) = Totals(boards);

            var doc = new JsonObject
            {
                ["boards"] = array.DeepClone(),
                ["total"] = new JsonObject
                {
                    ["writes"] = writes, ["pulses"] = pulses, ["chipSeconds"] = System.Math.Round(chipSeconds, 3), ["chipMillijoules"] = System.Math.Round(millijoules, 3),
                },
            };
            File.WriteAllText(Path.Combine(folder, FileName), doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            return array;
        }

        /// <summary>One JSON object per board.</summary>
        public static JsonArray Json(IReadOnlyList<BoardTrainingReport> boards)
        {
            var array = new JsonArray();
            foreach (BoardTrainingReport b in boards)
            {
                array.Add(new JsonObject
                {
                    ["board"] = b.Board,
                    ["testAccuracy"] = double.IsNaN(b.TestAccuracy) ? null : System.Math.Round(b.TestAccuracy, 4),
                    ["writes"] = b.Writes,
                    ["pulses"] = b.Pulses,
                    ["chipSeconds"] = System.Math.Round(b.ChipSeconds, 3),
                    ["chipMillijoules"] = System.Math.Round(b.ChipMillijoules, 3),
                });
            }

            return array;
        }

        /// <summary>Prints one row per board and the total.</summary>
        public static void Print(IReadOnlyList<BoardTrainingReport> boards)
        {
            var inv = CultureInfo.InvariantCulture;
            var table = new Table().AddColumns("board", "test acc (this board alone)", "pairs written", "pulses", "chip s", "chip mJ");
            foreach (BoardTrainingReport b in boards)
            {
                table.AddRow(b.Board.ToString(inv), double.IsNaN(b.TestAccuracy) ? "- (spread)" : (100 * b.TestAccuracy).ToString("0.00", inv) + " %", b.Writes.ToString(inv), b.Pulses.ToString(inv),
                    b.ChipSeconds.ToString("0.0", inv), b.ChipMillijoules.ToString("0.0", inv));
            }

            (long writes, long pulses, double chipSeconds, double millijoules) = Totals(boards);
            table.AddRow("total", "", writes.ToString(inv), pulses.ToString(inv), chipSeconds.ToString("0.0", inv), millijoules.ToString("0.0", inv));
            AnsiConsole.Write(table);
        }

        /// <summary>The boards' writes, pulses, chip seconds and energy added up.</summary>
        private static (long Writes, long Pulses, double ChipSeconds, double Millijoules) Totals(IReadOnlyList<BoardTrainingReport> boards)
        {
            (long writes, long pulses, double seconds, double millijoules) = (0, 0, 0, 0);
            foreach (BoardTrainingReport b in boards)
            {
                (writes, pulses, seconds, millijoules) = (writes + b.Writes, pulses + b.Pulses, seconds + b.ChipSeconds, millijoules + b.ChipMillijoules);
            }

            return (writes, pulses, seconds, millijoules);
        }
    }
}

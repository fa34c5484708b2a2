using System;
using System.CommandLine;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CimController.Analysis;
using CimController.Experiments;
using CimController.Host;

namespace CimController.Cli.Commands
{
    /// <summary>The <c>--tile --row --col</c> options of single-cell programming commands (defaults 0, 0, 0).</summary>
    public sealed class CellOptions
    {
        /// <summary><c>--tile</c>.</summary>
        public Option<int> Tile { get; } = new Option<int>("--tile") { Description = "Tile index (see cimctl info)", DefaultValueFactory = _ => 0 };
        /// <summary><c>--row</c>.</summary>
        public Option<int> Row { get; } = new Option<int>("--row") { Description = "Row of the cell", DefaultValueFactory = _ => 0 };
        /// <summary><c>--col</c>.</summary>
        public Option<int> Col { get; } = new Option<int>("--col") { Description = "Column of the cell", DefaultValueFactory = _ => 0 };

        /// <summary>Adds the options.</summary>
        public void AddTo(Command command)
        {
            command.Options.Add(Tile);
            command.Options.Add(Row);
            command.Options.Add(Col);
        }

        /// <summary>The parsed cell; throws <see cref="UsageException"/> for negative or too large indices.</summary>
        public (int Tile, int Row, int Col) Read(ParseResult parse)
        {
            int t = parse.GetValue(Tile), r = parse.GetValue(Row), c = parse.GetValue(Col);
            if (t < 0 || t > 255)
            {
                throw new UsageException("--tile " + t + " is not valid; give a tile index 0..255 (the board's count is in cimctl info)");
            }
            if (r < 0 || r > 0xFFFF || c < 0 || c > 0xFFFF)
            {
                throw new UsageException("--row " + r + " --col " + c + " is not a cell; give indices 0..65535 within the tile (see cimctl info)");
            }
            return (t, r, c);
        }

        /// <summary>Checks the cell against the board's geometry.</summary>
        public static void Check(CimClient client, int tile, int row, int col)
        {
            if (tile >= client.Info.Tiles || row >= client.Info.Rows || col >= client.Info.Columns)
            {
                throw new UsageException("cell tile " + tile + " row " + row + " col " + col + " is outside the board: " + client.Info.Tiles + " tiles of "
                    + client.Info.Rows + "x" + client.Info.Columns);
            }
        }
    }

    /// <summary>The <c>--out</c> option and the results folder of a command.</summary>
    public sealed class ResultsOptions
    {
        /// <summary><c>--out</c>.</summary>
        public Option<string?> Out { get; } = new Option<string?>("--out")
        {
            Description = "Results directory (CSV, JSON, PNG, summary.json); default runs/<command>-<UTC time>",
        };

        /// <summary>Adds the option.</summary>
        public void AddTo(Command command) => command.Options.Add(Out);

        /// <summary>Creates the results folder for <paramref name="command"/> with a summary.json that says the run has started.</summary>
        public ResultsFolder Create(ParseResult parse, string command)
        {
            try
            {
                ResultsFolder folder = ResultsFolder.Create(command, parse.GetValue(Out));
                folder.WriteStarted(CommandLine());
                return folder;
            }
            catch (System.IO.IOException e) when (parse.GetValue(Out) != null)
            {
                throw new UsageException("--out " + parse.GetValue(Out) + ": " + e.Message);
            }
            catch (UnauthorizedAccessException e) when (parse.GetValue(Out) != null)
            {
                throw new UsageException("--out " + parse.GetValue(Out) + " cannot be created: " + e.Message);
            }
        }

        /// <summary>The command line as typed (for summary.json).</summary>
        public static string CommandLine()
        {
            string[] args = Environment.GetCommandLineArgs();
            return "cimctl " + string.Join(" ", args.Skip(1).Select(a => a.Contains(' ') ? "\"" + a + "\"" : a));
        }
    }

    /// <summary>Parsing helpers for list options.</summary>
    public static class OptionParsing
    {
        /// <summary>Parses "a,b,c" into numbers; throws <see cref="UsageException"/> naming <paramref name="option"/>.</summary>
        public static double[] Numbers(string option, string? text, double min, double max)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UsageException(option + " is empty; give comma-separated numbers, e.g. 0.3,0.4,0.5");
            }
            var list = new List<double>();
            foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                {
                    throw new UsageException(option + " '" + part + "' is not a number; give comma-separated numbers, e.g. 0.3,0.4,0.5");
                }
                if (v < min || v > max)
                {
                    throw new UsageException(option + " " + part + " is out of range; allowed " + min.ToString(CultureInfo.InvariantCulture) + ".." + max.ToString(CultureInfo.InvariantCulture));
                }
                list.Add(v);
            }
            if (list.Count == 0)
            {
                throw new UsageException(option + " is empty; give comma-separated numbers");
            }
            return list.ToArray();
        }

        /// <summary>Parses "32,128,512" into integers in [min, max].</summary>
        public static int[] Integers(string option, string? text, int min, int max)
        {
            double[] v = Numbers(option, text, min, max);
            if (v.Any(x => x != Math.Floor(x)))
            {
                throw new UsageException(option + " takes whole numbers, e.g. 32,128,512");
            }
            return v.Select(x => (int)x).ToArray();
        }

        /// <summary>Parses a direction choice: both | potentiation | depression.</summary>
        public static int[] Directions(string? text)
        {
            return (text ?? "both").ToLowerInvariant() switch
            {
                "both" => new[] { Protocol.Messages.FfpDirection.Potentiation, Protocol.Messages.FfpDirection.Depression },
                "potentiation" or "p" or "set" => new[] { Protocol.Messages.FfpDirection.Potentiation },
                "depression" or "d" or "reset" => new[] { Protocol.Messages.FfpDirection.Depression },
                _ => throw new UsageException("--directions '" + text + "' is not valid; give both, potentiation or depression"),
            };
        }

        /// <summary>The analysis direction of a protocol direction.</summary>
        public static SweepDirection ToSweep(int direction) => direction == Protocol.Messages.FfpDirection.Potentiation ? SweepDirection.Potentiation : SweepDirection.Depression;

        /// <summary>"potentiation" / "depression".</summary>
        public static string Name(int direction) => direction == Protocol.Messages.FfpDirection.Potentiation ? "potentiation" : "depression";

        /// <summary>Invariant number text.</summary>
        public static string N(double v, string format = "0.###") => NumberText.N(v, format);
    }
}

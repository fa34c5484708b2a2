using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Experiments.WriteVerify;
using CimController.Host;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl program</c>: write-verify (Wu 2023 ISPP, <see cref="CellProgramming"/>) one cell, a region or a level map
    /// file to conductance targets.
    /// <para>
    /// Level map file: one line per row, values separated by commas, semicolons or blanks; each value is a conductance in
    /// µS (e.g. <c>12.5</c>), a level of the --levels/--band-ua ladder (<c>L0</c> .. <c>L15</c>), or <c>-</c> (leave the cell
    /// alone); '#' starts a comment. The map's top-left cell goes to --at ROW,COL (default 0,0).
    /// </para>
    /// </summary>
    public static class ProgramCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var tile = new Option<int>("--tile") { Description = "Tile index", DefaultValueFactory = _ => 0 };
            var row = new Option<int?>("--row") { Description = "Row of one cell (with --col)" };
            var col = new Option<int?>("--col") { Description = "Column of one cell (with --row)" };
            var rows = new Option<string?>("--rows") { Description = "Rows FIRST:END of a region (with --cols)" };
            var cols = new Option<string?>("--cols") { Description = "Columns FIRST:END of a region (with --rows)" };
            var us = new Option<double?>("--us") { Description = "Target conductance, µS" };
            var level = new Option<int?>("--level") { Description = "Target level k (0-based) of the --levels/--band-ua ladder" };
            var map = new Option<string?>("--map") { Description = "Level map file (µS values, Lk levels or '-' per cell; one line per row)" };
            var at = new Option<string>("--at") { Description = "Where the map's first cell goes: ROW,COL", DefaultValueFactory = _ => "0,0" };
            var band = new LevelBandOptions();
            var results = new ResultsOptions();
            var command = new Command("program", "Write-verify (Wu 2023 ISPP) a cell (--row --col), a region (--rows --cols) to --us or --level, or a level map file (--map)");
            foreach (Option o in new Option[] { tile, row, col, rows, cols, us, level, map, at })
            {
                command.Options.Add(o);
            }
            band.AddTo(command);
            results.AddTo(command);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                LevelBandRequest request = band.Read(parse);
                int t = parse.GetValue(tile);
                string? mapPath = parse.GetValue(map);
                bool cell = parse.GetValue(row) != null || parse.GetValue(col) != null;
                bool region = parse.GetValue(rows) != null || parse.GetValue(cols) != null;
                if ((mapPath != null ? 1 : 0) + (cell ? 1 : 0) + (region ? 1 : 0) != 1)
                {
                    throw new UsageException("give exactly one of: --row R --col C (one cell), --rows A:B --cols C:D (a region), or --map FILE");
                }
                if (mapPath != null && (parse.GetValue(us) != null || parse.GetValue(level) != null))
                {
                    throw new UsageException("--map gives the targets itself; leave out --us and --level");
                }
                if (mapPath == null && (parse.GetValue(us) == null) == (parse.GetValue(level) == null))
                {
                    throw new UsageException("give the target as --us G (µS) or --level K (0.." + (request.Levels - 1) + " of the --levels/--band-ua ladder)");
                }
                (int r0, int c0) = mapPath != null ? ParseAt(parse.GetValue(at)) : (0, 0);
                using CimClient client = g.Connect();
                LevelBand lb = LevelBandOptions.Resolve(request, DeviceWindow.Of(g, client), client.Info);
                double[] targets = lb.TargetsMicrosiemens;
                var list = new List<CellTarget>();
                if (mapPath != null)
                {
                    try
                    {
                        list = LevelMapFile.Read(mapPath, r0, c0, targets);
                    }
                    catch (LevelMapException e)
                    {
                        throw new UsageException("--map " + e.Message);
                    }
                }
                else
                {
                    double target = TargetOf(parse.GetValue(us), parse.GetValue(level), targets);
                    uint ns = (uint)Math.Round(target * 1000);
                    if (cell)
                    {
                        int? r = parse.GetValue(row), c = parse.GetValue(col);
                        if (r == null || c == null || r < 0 || c < 0)
                        {
                            throw new UsageException("one cell needs both --row and --col (non-negative)");
                        }
                        list.Add(new CellTarget(r.Value, c.Value, ns));
                    }
                    else
                    {
                        IndexRange rr = IndexRange.Parse("--rows", parse.GetValue(rows));
                        IndexRange cc = IndexRange.Parse("--cols", parse.GetValue(cols));
                        for (int r = rr.First; r < rr.End; r++)
                        {
                            for (int c = cc.First; c < cc.End; c++)
                            {
                                list.Add(new CellTarget(r, c, ns));
                            }
                        }
                    }
                }
                if (t < 0 || t >= client.Info.Tiles)
                {
                    throw new UsageException("--tile " + t + " is not on the board; it has tiles 0.." + (client.Info.Tiles - 1));
                }
                if (list.Any(x => x.Row >= client.Info.Rows || x.Col >= client.Info.Columns))
                {
                    CellTarget outside = list.First(x => x.Row >= client.Info.Rows || x.Col >= client.Info.Columns);
                    throw new UsageException("cell row " + outside.Row + " col " + outside.Col + " is outside the tile's " + client.Info.Rows + "x" + client.Info.Columns);
                }
                if (lb.Window is DeviceWindow window && list.FindIndex(x => !window.Contains(x.TargetNanosiemens / 1000.0)) is int k && k >= 0)
                {
                    string what = mapPath != null ? "--map " + mapPath + ": the target of row " + list[k].Row + " col " + list[k].Col
                        : parse.GetValue(us) != null ? "--us" : "--level " + parse.GetValue(level) + " is";
                    window.RequireMicrosiemens(what, list[k].TargetNanosiemens / 1000.0);
                }
                WriteVerifyOptions options = lb.Options;
                ResultsFolder folder = results.Create(parse, "program");
                CellProgrammingOutcome outcome = CellProgramming.Run(client, new ProgressSteps(g.Interactive), t, list, lb.Levels, lb.Window?.MicrosiemensText, folder);
                WriteVerifyStatistics stats = outcome.Statistics;
                JsonObject summary = outcome.Summary;
                folder.WriteSummary(ResultsOptions.CommandLine(), g.Seed, client.Info.ProfileName, client.BoardDescription, summary);
                if (!g.Json)
                {
                    AnsiConsole.Write(BoardReport.KeyValueTable("write-verify", summary));
                }
                string[] misses = stats.StatusCounts.Where(x => x.Status != "InBand")
                    .Select(x => x.Cells + " cell(s) " + x.Status + ": " + WriteVerifyStatusText.Explain(x.Status, options)).ToArray();
                FfpCommand.Report(g, client, folder, summary, "program: " + outcome.Cells.Count + " cell(s), " + OptionParsing.N(100.0 * stats.InBandReported, "0.##") + " % in band",
                    misses.Length > 0 ? string.Join("; ", misses) : null);
                foreach (string miss in misses)
                {
                    Console.Error.WriteLine("cimctl: " + miss);
                }
                return misses.Length == 0 ? ExitCodes.Ok : ExitCodes.Failure;
            });
            return command;
        }

        private static double TargetOf(double? us, int? level, double[] targets)
        {
            if (level != null)
            {
                if (level < 0 || level >= targets.Length)
                {
                    throw new UsageException("--level " + level + " is not a level; give 0.." + (targets.Length - 1));
                }
                return targets[level.Value];
            }
            if (!(us > 0) || us > 4_000_000)
            {
                throw new UsageException("--us " + us + " is not a conductance; give a positive value in µS");
            }
            return us!.Value;
        }

        private static (int Row, int Col) ParseAt(string? text)
        {
            string[] parts = (text ?? "").Split(',');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int r) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int c))
            {
                throw new UsageException("--at '" + text + "' is not valid; give ROW,COL, e.g. 0,0");
            }
            return (r, c);
        }
    }
}

using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Training;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl sweep --seeds 1-5 -- train --mode mixed ...</c>: runs one cimctl command once per seed (as a child process,
    /// with <c>--seed S --json</c> and, when the command writes a folder, <c>--out SWEEP/seed-S</c>), then reports each
    /// metric per seed with its mean, sample standard deviation, min and max; writes sweep.csv and summary.json. A run that
    /// fails is reported and left out of the statistics; arguments the command refuses stop the sweep at the first seed.
    /// Ctrl-C / SIGTERM stop the run in flight gracefully (it prints its own resume command) and end the sweep.
    /// </summary>
    public static class SweepCommand
    {
        /// <summary>Commands that serve until stopped or sweep themselves: not repeatable.</summary>
        private static readonly string[] NotSweepable = { "sweep", "emulate", "esp32" };

        /// <summary>Options the sweep gives each run itself.</summary>
        private static readonly string[] SweepOwned = { "--seed", "--json", "--out", "--overwrite", "--resume" };

        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var seeds = new Option<string>("--seeds") { Description = "Seeds to run: FIRST-LAST and/or a comma-separated list, e.g. 1-5 or 1,3,7", Required = true };
            var metrics = new Option<string>("--metrics") { Description = "Numbers of the command's --json document to aggregate, comma-separated (dotted paths, e.g. results.inBandPercent); default for train: "
                + string.Join(",", SweepMetrics.TrainDefaults) + "; for other commands every number at the top level and in results" };
            var folder = new RunFolderOptions("Sweep folder: a run folder per seed (seed-S), sweep.csv, summary.json", "sweep-COMMAND");
            var run = new Argument<string[]>("command") { Arity = ArgumentArity.OneOrMore, Description = "After --: the cimctl command to repeat with its options, e.g. -- train --mode mixed --epochs 13" };
            var command = new Command("sweep", "Run one cimctl command (e.g. train) once per seed and report each metric's mean and spread: cimctl sweep --seeds 1-5 -- train ...");
            command.Options.Add(seeds);
            command.Options.Add(metrics);
            folder.AddTo(command);
            command.Arguments.Add(run);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                IReadOnlyList<int> seedList = SweepSeeds.Parse(parse.GetValue(seeds));
                string[] tokens = parse.GetValue(run) ?? Array.Empty<string>();
                (string name, bool writesFolder) = Target(parse.RootCommandResult.Command, tokens);
                string[]? asked = parse.GetValue(metrics) is string m ? m.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
                if (asked is { Length: 0 })
                {
                    throw new UsageException("--metrics is empty; give comma-separated names of numbers in the command's --json output, e.g. finalTestAccuracy,deviceWrites");
                }

                var prefix = new List<string>();
                foreach ((Option o, string text) in new (Option, string)[] { (globals.Board, g.Board), (globals.Profile, g.Profile), (globals.TimeoutMs, g.TimeoutMs.ToString(CultureInfo.InvariantCulture)) })
                {
                    if (parse.GetResult(o) is { Implicit: false })
                    {
                        prefix.Add(o.Name);
                        prefix.Add(text);
                    }
                }

                using var stop = new RunStopSignal("stopping the run in flight; no further seeds are started");
                using RunFolderLease lease = folder.Create(parse, "sweep-" + name.Replace(' ', '-'));
                return Sweep(g, lease.Folder, seedList, tokens, prefix, name, writesFolder, asked, stop);
            });
            return command;
        }

        /// <summary>The swept command's name ("train", "ffp levels") and whether it takes --out; refuses what a sweep cannot repeat.</summary>
        private static (string Name, bool WritesFolder) Target(Command root, string[] tokens)
        {
            Command? target = tokens.Length > 0 ? root.Subcommands.FirstOrDefault(c => c.Name == tokens[0]) : null;
            if (target is null)
            {
                throw new UsageException("sweep: " + (tokens.Length > 0 ? "'" + tokens[0] + "' is not a cimctl command" : "no command given")
                    + "; give the command to repeat after --, e.g. cimctl sweep --seeds 1-5 -- train --epochs 2");
            }

            if (NotSweepable.Contains(target.Name))
            {
                throw new UsageException("sweep: '" + target.Name + "' cannot be swept (it serves until stopped or sweeps itself); sweep a command that ends, e.g. train");
            }

            string name = target.Name;
            for (int i = 1; i < tokens.Length && target.Subcommands.FirstOrDefault(c => c.Name == tokens[i]) is Command sub; i++)
            {
                target = sub;
                name += " " + sub.Name;
            }

            string? owned = tokens.FirstOrDefault(t => SweepOwned.Any(o => t == o || t.StartsWith(o + "=", StringComparison.Ordinal)));
            if (owned is not null)
            {
                throw new UsageException("sweep: " + owned + " after -- is the sweep's to set (each run gets --seed S --json" + (target.Options.Any(o => o.Name == "--out") ? " --out SWEEP/seed-S" : "") + "); remove it");
            }

            return (name, target.Options.Any(o => o.Name == "--out"));
        }

        private static int Sweep(GlobalSettings g, ResultsFolder folder, IReadOnlyList<int> seeds, string[] tokens, List<string> prefix, string name, bool writesFolder, string[]? asked, RunStopSignal stop)
        {
            DateTime started = DateTime.UtcNow;
            IReadOnlyList<string>? metrics = asked;
            var runs = new List<(int Seed, SweepChildResult Result, string? RunFolder)>();
            for (int i = 0; i < seeds.Count && !stop.IsRequested; i++)
            {
                int seed = seeds[i];
                string? runFolder = writesFolder ? Path.Combine(folder.Path, "seed-" + seed.ToString(CultureInfo.InvariantCulture)) : null;
                var args = new List<string>(prefix);
                args.AddRange(tokens);
                args.AddRange(new[] { "--seed", seed.ToString(CultureInfo.InvariantCulture), "--json" });
                if (runFolder is not null)
                {
                    args.AddRange(new[] { "--out", runFolder });
                }

                Console.Error.WriteLine($"sweep: seed {seed} ({i + 1} of {seeds.Count}): cimctl {string.Join(" ", args)}");
                SweepChildResult r = SweepChild.Run(args, "seed " + seed.ToString(CultureInfo.InvariantCulture) + ": ", stop);
                runs.Add((seed, r, runFolder));
                if (r.ExitCode == ExitCodes.BadArguments && !r.Signalled)
                {
                    throw new UsageException("sweep: cimctl " + name + " refused its arguments (seed " + seed + "): " + (r.ErrorLine ?? "see above"));
                }

                if (r.ExitCode == ExitCodes.Ok && r.Document is JsonObject doc)
                {
                    metrics ??= SweepMetrics.Defaults(name, doc);
                    string? missing = metrics.FirstOrDefault(k => !SweepMetrics.Has(doc, k));
                    if (missing is not null)
                    {
                        throw new UsageException("--metrics: the output of cimctl " + name + " has no number '" + missing + "'; it has: " + string.Join(", ", SweepMetrics.Numbers(doc)));
                    }
                }
            }

            metrics ??= Array.Empty<string>();
            var ok = runs.Where(r => r.Result.ExitCode == ExitCodes.Ok && r.Result.Document is not null).ToList();
            var stats = new Dictionary<string, SweepStatistic>();
            foreach (string k in metrics)
            {
                var values = ok.Select(r => SweepMetrics.Read(r.Result.Document!, k)).Where(v => v.HasValue).Select(v => v!.Value).ToList();
                if (values.Count > 0)
                {
                    stats[k] = SweepStatistic.Of(values);
                }
            }

            string status = stop.IsRequested ? "stopped" : ok.Count == runs.Count ? "complete" : "failed runs";
            folder.WriteCsv("sweep.csv", new[] { "seed", "exit_code", "run_folder" }.Concat(metrics).ToArray(),
                runs.Select(r => (IReadOnlyList<object?>)new object?[] { r.Seed, r.Result.ExitCode, r.RunFolder }
                    .Concat(metrics.Select(k => r.Result.Document is null ? null : (object?)SweepMetrics.Read(r.Result.Document, k))).ToArray()));
            var summary = new JsonObject
            {
                ["command"] = "sweep",
                ["commandLine"] = ResultsOptions.CommandLine(),
                ["swept"] = "cimctl " + string.Join(" ", prefix.Concat(tokens)),
                ["software"] = new JsonObject { ["version"] = BuildInfo.Version, ["commit"] = BuildInfo.Commit },
                ["status"] = status,
                ["startedUtc"] = started.ToString("o", CultureInfo.InvariantCulture),
                ["finishedUtc"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
                ["seeds"] = new JsonArray(seeds.Select(s => (JsonNode)s).ToArray()),
                ["seedsRun"] = new JsonArray(runs.Select(r => (JsonNode)r.Seed).ToArray()),
                ["runs"] = new JsonArray(runs.Select(r => (JsonNode)new JsonObject
                {
                    ["seed"] = r.Seed,
                    ["exitCode"] = r.Result.ExitCode,
                    ["runFolder"] = r.RunFolder,
                    ["error"] = r.Result.ExitCode == ExitCodes.Ok ? null : r.Result.ErrorLine,
                    ["metrics"] = new JsonObject(metrics.Select(k => new KeyValuePair<string, JsonNode?>(k, r.Result.Document is null ? null : SweepMetrics.Read(r.Result.Document, k)))),
                }).ToArray()),
                ["statistics"] = new JsonObject(stats.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value.ToJson()))),
                ["folder"] = folder.Path,
            };
            folder.WriteJson("summary.json", summary);
            if (g.Json)
            {
                JsonOutput.Write(ResultsFolder.Sanitize(summary)!);
            }
            else
            {
                Print(runs.Select(r => (r.Seed, r.Result)).ToList(), metrics, stats, folder.Path);
            }

            if (stop.IsRequested)
            {
                var notRun = seeds.Skip(runs.Count).ToList();
                Console.Error.WriteLine("cimctl sweep: stopped by " + stop.Name + " after " + runs.Count + " of " + seeds.Count + " runs (the last one stopped; it printed its resume command)"
                    + (notRun.Count > 0 ? "; seeds not run: " + SweepSeeds.Format(notRun) : "") + "; results so far in " + folder.Path);
                return stop.ExitCode;
            }

            if (ok.Count < runs.Count)
            {
                var failed = runs.Where(r => r.Result.ExitCode != ExitCodes.Ok).Select(r => r.Seed.ToString(CultureInfo.InvariantCulture));
                Console.Error.WriteLine("cimctl: sweep: " + (runs.Count - ok.Count) + " of " + runs.Count + " runs failed (seeds " + string.Join(", ", failed) + "); the statistics are over the others");
                return ExitCodes.Failure;
            }

            return ExitCodes.Ok;
        }

        private static void Print(List<(int Seed, SweepChildResult Result)> runs, IReadOnlyList<string> metrics, Dictionary<string, SweepStatistic> stats, string folder)
        {
            var table = new Table().AddColumn("metric");
            foreach ((int seed, SweepChildResult r) in runs)
            {
                table.AddColumn(new TableColumn("seed " + seed.ToString(CultureInfo.InvariantCulture) + (r.ExitCode == ExitCodes.Ok ? "" : " (exit " + r.ExitCode + ")")).RightAligned());
            }

            foreach (string h in new[] { "mean", "sd", "min", "max" })
            {
                table.AddColumn(new TableColumn(h).RightAligned());
            }

            foreach (string k in metrics)
            {
                var row = new List<string> { k };
                row.AddRange(runs.Select(r => r.Result.Document is null ? "-" : N(SweepMetrics.Read(r.Result.Document, k))));
                stats.TryGetValue(k, out SweepStatistic? s);
                row.AddRange(new[] { N(s?.Mean), N(s?.StandardDeviation), N(s?.Min), N(s?.Max) });
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(Markup.Escape("sweep folder " + folder + " (sweep.csv, summary.json" + (runs.Count > 0 ? ", a run folder per seed" : "") + ")"));
        }

        private static string N(double? v) => v is double d ? SweepStatistic.Round(d).ToString("G6", CultureInfo.InvariantCulture) : "-";
    }
}

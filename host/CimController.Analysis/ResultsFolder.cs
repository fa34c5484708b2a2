using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CimController.Analysis
{
    /// <summary>
    /// The results directory of one run: <c>runs/&lt;command&gt;-&lt;UTC yyyyMMddTHHmmssZ&gt;</c> (a suffix -2, -3 ... when it exists)
    /// or the folder given with --out. Holds CSV tables (invariant culture, header row, RFC 4180 quoting), JSON documents,
    /// PNG figures and <c>summary.json</c>: command, command line, seed, profile, board, start/end times, the figures with
    /// captions, the other files and the command's headline results — so every reported figure names the run behind it.
    /// </summary>
    public sealed class ResultsFolder
    {
        private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions { WriteIndented = true };
        private readonly JsonArray _figures = new JsonArray();
        private readonly JsonArray _files = new JsonArray();

        private ResultsFolder(string path, string command, DateTime startedUtc)
        {
            Path = path;
            Command = command;
            StartedUtc = startedUtc;
        }

        /// <summary>Full path of the folder.</summary>
        public string Path { get; }
        /// <summary>The command name (e.g. "ffp-levels").</summary>
        public string Command { get; }
        /// <summary>When the run started (UTC).</summary>
        public DateTime StartedUtc { get; }
        /// <summary>Figures written so far (file names relative to <see cref="Path"/>).</summary>
        public IReadOnlyList<string> Figures
        {
            get
            {
                var list = new List<string>();
                foreach (JsonNode? f in _figures)
                {
                    list.Add(f!["file"]!.GetValue<string>());
                }
                return list;
            }
        }

        /// <summary>
        /// Creates the folder: <paramref name="outDir"/> when given (created if missing; existing files are overwritten),
        /// else <paramref name="root"/>/<paramref name="command"/>-&lt;timestamp&gt;.
        /// </summary>
        public static ResultsFolder Create(string command, string? outDir, DateTime? nowUtc = null, string root = "runs")
        {
            if (string.IsNullOrWhiteSpace(command))
            {
                throw new ArgumentException("a results folder needs a command name");
            }
            DateTime now = (nowUtc ?? DateTime.UtcNow).ToUniversalTime();
            string path;
            if (!string.IsNullOrWhiteSpace(outDir))
            {
                path = System.IO.Path.GetFullPath(outDir);
                if (System.IO.File.Exists(path))
                {
                    throw new IOException(outDir + " is a file; give a directory");
                }
            }
            else
            {
                string baseName = System.IO.Path.Combine(root, Safe(command) + "-" + now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
                path = System.IO.Path.GetFullPath(baseName);
                for (int k = 2; Directory.Exists(path); k++)
                {
                    path = System.IO.Path.GetFullPath(baseName + "-" + k);
                }
            }
            Directory.CreateDirectory(path);
            return new ResultsFolder(path, command, now);
        }

        /// <summary>Full path of a file <paramref name="name"/> in the folder.</summary>
        public string File(string name) => System.IO.Path.Combine(Path, name);

        /// <summary>Writes a CSV table and lists it in the summary. Numbers use invariant culture with round-trip precision.</summary>
        public string WriteCsv(string name, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
        {
            var text = new StringBuilder();
            text.AppendLine(string.Join(",", Quote(header)));
            foreach (IReadOnlyList<object?> row in rows)
            {
                if (row.Count != header.Count)
                {
                    throw new ArgumentException("a row of " + name + " has " + row.Count + " fields for " + header.Count + " columns");
                }
                var fields = new List<string>();
                foreach (object? v in row)
                {
                    fields.Add(Format(v));
                }
                text.AppendLine(string.Join(",", Quote(fields)));
            }
            string path = File(name);
            System.IO.File.WriteAllText(path, text.ToString());
            _files.Add(name);
            return path;
        }

        /// <summary>Writes an indented JSON document (non-finite numbers as null) and lists it in the summary.</summary>
        public string WriteJson(string name, JsonNode document)
        {
            string path = File(name);
            System.IO.File.WriteAllText(path, Sanitize(document.DeepClone())!.ToJsonString(Indented) + "\n");
            _files.Add(name);
            return path;
        }

        /// <summary>Lists a file written by someone else (e.g. a model file) in the summary.</summary>
        public string AddFile(string name)
        {
            _files.Add(name);
            return File(name);
        }

        /// <summary>Renders a figure into <paramref name="name"/> with <paramref name="render"/> (given the full path) and lists it with its caption.</summary>
        public string AddFigure(string name, string caption, Action<string> render)
        {
            ArgumentNullException.ThrowIfNull(render);
            string path = File(name);
            render(path);
            _figures.Add(new JsonObject { ["file"] = name, ["caption"] = caption });
            return path;
        }

        /// <summary>
        /// Writes the summary.json of a run that has started: <c>command</c>, <c>commandLine</c>, <c>status</c> "running",
        /// <c>startedUtc</c>. <see cref="WriteSummary"/> replaces it at the end, so a run stopped before (Ctrl-C, a lost
        /// board) leaves a folder that says so and how it was started.
        /// </summary>
        public string WriteStarted(string commandLine)
        {
            var summary = new JsonObject
            {
                ["command"] = Command,
                ["commandLine"] = commandLine,
                ["status"] = "running",
                ["startedUtc"] = StartedUtc.ToString("o", CultureInfo.InvariantCulture),
            };
            return Write(summary);
        }

        /// <summary>
        /// Writes summary.json: <c>command</c>, <c>commandLine</c>, <c>status</c> "complete", <c>seed</c>, <c>profile</c>,
        /// <c>board</c>, <c>startedUtc</c>, <c>finishedUtc</c>, <c>figures</c> [{file, caption}], <c>files</c>, <c>results</c>.
        /// </summary>
        public string WriteSummary(string commandLine, int seed, string profile, string board, JsonObject results)
        {
            var summary = new JsonObject
            {
                ["command"] = Command,
                ["commandLine"] = commandLine,
                ["status"] = "complete",
                ["seed"] = seed,
                ["profile"] = profile,
                ["board"] = board,
                ["startedUtc"] = StartedUtc.ToString("o", CultureInfo.InvariantCulture),
                ["finishedUtc"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
                ["figures"] = _figures.DeepClone(),
                ["files"] = _files.DeepClone(),
                ["results"] = Sanitize(results.DeepClone()),
            };
            return Write(summary);
        }

        /// <summary>Writes <paramref name="summary"/> as the folder's summary.json (indented); returns its path.</summary>
        private string Write(JsonObject summary)
        {
            string path = File("summary.json");
            System.IO.File.WriteAllText(path, summary.ToJsonString(Indented) + "\n");
            return path;
        }

        /// <summary>
        /// Replaces NaN and infinite numbers in <paramref name="node"/> (in place) by null, which JSON can carry
        /// (System.Text.Json refuses to write them); returns the node, or null when it is such a number itself.
        /// </summary>
        public static JsonNode? Sanitize(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (string key in new List<string>(System.Linq.Enumerable.Select(o, kv => kv.Key)))
                    {
                        if (NonFinite(o[key]))
                        {
                            o[key] = null;
                        }
                        else
                        {
                            Sanitize(o[key]);
                        }
                    }
                    return o;
                case JsonArray a:
                    for (int i = 0; i < a.Count; i++)
                    {
                        if (NonFinite(a[i]))
                        {
                            a[i] = null;
                        }
                        else
                        {
                            Sanitize(a[i]);
                        }
                    }
                    return a;
                default:
                    return NonFinite(node) ? null : node;
            }
        }

        private static bool NonFinite(JsonNode? node) =>
            node is JsonValue v && ((v.TryGetValue(out double d) && !double.IsFinite(d)) || (v.TryGetValue(out float f) && !float.IsFinite(f)));

        /// <summary>A value as a CSV field: numbers invariant round-trip, booleans true/false, null empty.</summary>
        public static string Format(object? v) => v switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString() ?? "",
        };

        private static IEnumerable<string> Quote(IEnumerable<string> fields)
        {
            foreach (string f in fields)
            {
                yield return f.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + f.Replace("\"", "\"\"") + "\"" : f;
            }
        }

        private static string Safe(string name)
        {
            var s = new StringBuilder();
            foreach (char c in name)
            {
                s.Append(char.IsLetterOrDigit(c) || c == '-' || c == '_' ? c : '-');
            }
            return s.ToString();
        }
    }
}

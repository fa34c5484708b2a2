using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CimController.Analysis
{
    /// <summary>
    /// Diao 2025's device program-error sampler (eq. 4/5): y_actual = Q(y_ideal) + T(loc(y_ideal), s(y_ideal), nu(y_ideal)),
    /// with y the resistance normalised to the window [0, 1], Q the quantisation of y_ideal to the achieved level r_a,j of
    /// the nearest target r_i,j (the segmentation's bit-precision error), and T a Student-t variate whose parameters are
    /// fitted per target level from measured programming errors. Saved as a versioned JSON file (see
    /// <see cref="FormatName"/>, <see cref="CurrentVersion"/>) that weight-transfer and hardware-aware simulations read
    /// with <see cref="Load"/>.
    /// <para>File layout (version 1):</para>
    /// <code>
    /// {
    ///   "format": "cimcontroller.program-error-model", "version": 1,
    ///   "equation": "y_actual = Q(y_ideal) + T(loc, scale, nu)  (Diao 2025 eq. 4/5)",
    ///   "normalisation": "y = (R - minOhms) / (maxOhms - minOhms)",
    ///   "direction": "potentiation" | "depression", "levelCount": n, "minOhms": 740.0, "maxOhms": 880.0,
    ///   "provenance": { free-form: profile, seed, command, created },
    ///   "levels": [ { "level": 1, "target": 1.0, "achieved": 0.999, "achievedOhms": 879.9, "occupied": true,
    ///                 "loc": 0.0, "scale": 0.001, "nu": 4.2, "samples": 8, "fit": "mle" | "moments" | "borrowed" }, ... ]
    /// }
    /// </code>
    /// Levels are listed in sweep order (level 1 = start state); targets are evenly spaced from 1 to 0 (potentiation)
    /// or 0 to 1 (depression). loc, scale are in normalised units (multiply by maxOhms − minOhms for ohms).
    /// </summary>
    public sealed class ProgramErrorModel
    {
        /// <summary>The "format" string of the file.</summary>
        public const string FormatName = "cimcontroller.program-error-model";
        /// <summary>The file version this build writes and reads.</summary>
        public const int CurrentVersion = 1;

        private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions { WriteIndented = true };

        /// <summary>A model from its parts (validated like a loaded file).</summary>
        public ProgramErrorModel(SweepDirection direction, double minOhms, double maxOhms, IReadOnlyList<ProgramErrorLevel> levels, JsonObject? provenance = null)
        {
            ArgumentNullException.ThrowIfNull(levels);
            Direction = direction;
            MinOhms = minOhms;
            MaxOhms = maxOhms;
            Levels = levels;
            Provenance = provenance ?? new JsonObject();
            string? problem = Validate();
            if (problem != null)
            {
                throw new ProgramErrorModelException("program-error model: " + problem);
            }
        }

        /// <summary>Potentiation or depression.</summary>
        public SweepDirection Direction { get; }
        /// <summary>r_min of the normalisation, ohm.</summary>
        public double MinOhms { get; }
        /// <summary>r_max of the normalisation, ohm.</summary>
        public double MaxOhms { get; }
        /// <summary>The n levels in sweep order.</summary>
        public IReadOnlyList<ProgramErrorLevel> Levels { get; }
        /// <summary>n.</summary>
        public int LevelCount => Levels.Count;
        /// <summary>Where the model came from (profile, seed, command ...).</summary>
        public JsonObject Provenance { get; }

        /// <summary>
        /// Fits the model: level j's T is fitted to <paramref name="errorsPerLevel"/>[j − 1] (normalised errors measured
        /// when programming level j). Levels without enough data (unoccupied, or no samples) borrow the parameters of the
        /// level that owns their sweep point, else of the nearest fitted level.
        /// </summary>
        public static ProgramErrorModel Fit(SegmentationResult plan, IReadOnlyList<double[]?> errorsPerLevel, JsonObject? provenance = null)
        {
            ArgumentNullException.ThrowIfNull(plan);
            ArgumentNullException.ThrowIfNull(errorsPerLevel);
            if (errorsPerLevel.Count != plan.LevelCount)
            {
                throw new ArgumentException("errorsPerLevel has " + errorsPerLevel.Count + " entries for " + plan.LevelCount + " levels");
            }
            var fits = new StudentTParameters?[plan.LevelCount];
            for (int j = 0; j < plan.LevelCount; j++)
            {
                double[]? e = errorsPerLevel[j];
                if (plan.Levels[j].Occupied && e != null && e.Length > 0)
                {
                    fits[j] = StudentTFit.Fit(e);
                }
            }
            var levels = new List<ProgramErrorLevel>();
            for (int j = 0; j < plan.LevelCount; j++)
            {
                ProgramLevel level = plan.Levels[j];
                StudentTParameters? p = fits[j];
                if (p == null)
                {
                    int? source = level.SharesPointWith is int owner && fits[owner - 1] != null ? owner - 1 : Nearest(fits, j);
                    if (source == null)
                    {
                        throw new ArgumentException("no level has programming-error samples; the model cannot be fitted");
                    }
                    StudentTParameters s = fits[source.Value]!;
                    p = s with { Method = FitMethod.Borrowed, Samples = 0, LogLikelihood = double.NaN };
                }
                levels.Add(new ProgramErrorLevel(level.Index, level.Target, level.Achieved, level.AchievedOhms, level.Occupied, p.Loc, p.Scale, p.Nu, p.Samples, p.Method));
            }
            return new ProgramErrorModel(plan.Sweep.Direction, plan.Sweep.MinOhms, plan.Sweep.MaxOhms, levels, provenance);
        }

        /// <summary>
        /// Programming errors per level measured on repeated sweeps, normalised by the plan's window: level 1 — each
        /// sweep's start state minus r_a,1; level j' reached by a group from j — in each sweep, start at the state nearest
        /// r_a,j, apply the group's k events, and take the state reached minus r_a,j'. Unoccupied levels get null.
        /// </summary>
        public static double[]?[] ErrorsFromSweeps(SegmentationResult plan, IReadOnlyList<FfpSweep> sweeps)
        {
            ArgumentNullException.ThrowIfNull(plan);
            ArgumentNullException.ThrowIfNull(sweeps);
            double window = plan.Sweep.MaxOhms - plan.Sweep.MinOhms;
            if (!(window > 0))
            {
                throw new ArgumentException("the plan's sweep has no resistance window (flat sweep)");
            }
            var errors = new double[]?[plan.LevelCount];
            var first = new List<double>();
            foreach (FfpSweep s in sweeps)
            {
                first.Add((s.Ohms[0] - plan.Levels[0].AchievedOhms) / window);
            }
            errors[0] = first.ToArray();
            foreach (PulseGroup g in plan.Groups)
            {
                ProgramLevel from = plan.Levels[g.FromLevel - 1];
                ProgramLevel to = plan.Levels[g.ToLevel - 1];
                var e = new List<double>();
                foreach (FfpSweep s in sweeps)
                {
                    int p = FfpSegmentation.ArgMinDistance(s.Ohms, from.AchievedOhms);
                    if (p + g.Pulses < s.Ohms.Length)
                    {
                        e.Add((s.Ohms[p + g.Pulses] - to.AchievedOhms) / window);
                    }
                }
                errors[g.ToLevel - 1] = e.ToArray();
            }
            return errors;
        }

        /// <summary>Index (0-based) of the target level nearest <paramref name="yIdeal"/> (clamped to the window).</summary>
        public int NearestLevel(double yIdeal)
        {
            double t0 = Levels[0].Target, tn = Levels[LevelCount - 1].Target;
            double f = (yIdeal - t0) / (tn - t0) * (LevelCount - 1);
            return (int)Math.Clamp(Math.Round(double.IsFinite(f) ? f : 0, MidpointRounding.AwayFromZero), 0, LevelCount - 1);
        }

        /// <summary>Q(y_ideal): the achieved level r_a,j of the target nearest <paramref name="yIdeal"/>.</summary>
        public double Quantize(double yIdeal)
        {
            return Levels[NearestLevel(yIdeal)].Achieved;
        }

        /// <summary>The model as the JSON document described in the class summary.</summary>
        public JsonObject ToJson()
        {
            var levels = new JsonArray();
            foreach (ProgramErrorLevel l in Levels)
            {
                levels.Add(new JsonObject
                {
                    ["level"] = l.Level,
                    ["target"] = l.Target,
                    ["achieved"] = l.Achieved,
                    ["achievedOhms"] = l.AchievedOhms,
                    ["occupied"] = l.Occupied,
                    ["loc"] = l.Loc,
                    ["scale"] = l.Scale,
                    ["nu"] = l.Nu,
                    ["samples"] = l.Samples,
                    ["fit"] = MethodName(l.Method),
                });
            }
            return new JsonObject
            {
                ["format"] = FormatName,
                ["version"] = CurrentVersion,
                ["equation"] = "y_actual = Q(y_ideal) + T(loc, scale, nu)  (Diao 2025 eq. 4/5)",
                ["normalisation"] = "y = (R - minOhms) / (maxOhms - minOhms)",
                ["direction"] = Direction == SweepDirection.Potentiation ? "potentiation" : "depression",
                ["levelCount"] = LevelCount,
                ["minOhms"] = MinOhms,
                ["maxOhms"] = MaxOhms,
                ["provenance"] = Provenance.DeepClone(),
                ["levels"] = levels,
            };
        }

        /// <summary>Writes the model file.</summary>
        public void Save(string path)
        {
            File.WriteAllText(path, ToJson().ToJsonString(Indented) + "\n");
        }

        /// <summary>Reads and validates a model file; throws <see cref="ProgramErrorModelException"/> naming the file and the problem.</summary>
        public static ProgramErrorModel Load(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ProgramErrorModelException("program-error model " + path + " cannot be read: " + e.Message, e);
            }
            return Parse(text, path);
        }

        /// <summary>Parses and validates model JSON; <paramref name="origin"/> names it in messages.</summary>
        public static ProgramErrorModel Parse(string json, string origin)
        {
            string where = "program-error model " + origin + ": ";
            JsonObject root;
            try
            {
                root = JsonNode.Parse(json) as JsonObject ?? throw new ProgramErrorModelException(where + "not a JSON object");
            }
            catch (JsonException e)
            {
                throw new ProgramErrorModelException(where + "not valid JSON (" + e.Message + ")", e);
            }
            try
            {
                string format = Str(root, "format");
                if (format != FormatName)
                {
                    throw new ProgramErrorModelException(where + "\"format\" is \"" + format + "\", expected \"" + FormatName + "\"");
                }
                int version = Int(root, "version");
                if (version != CurrentVersion)
                {
                    throw new ProgramErrorModelException(where + "version " + version + " is not supported; this build reads version " + CurrentVersion
                        + (version > CurrentVersion ? " (the file is newer: update cimctl)" : ""));
                }
                string dir = Str(root, "direction");
                SweepDirection direction = dir switch
                {
                    "potentiation" => SweepDirection.Potentiation,
                    "depression" => SweepDirection.Depression,
                    _ => throw new ProgramErrorModelException(where + "\"direction\" is \"" + dir + "\", expected \"potentiation\" or \"depression\""),
                };
                int count = Int(root, "levelCount");
                double min = Num(root, "minOhms"), max = Num(root, "maxOhms");
                JsonArray array = root["levels"] as JsonArray ?? throw new ProgramErrorModelException(where + "\"levels\" is missing or not an array");
                if (array.Count != count)
                {
                    throw new ProgramErrorModelException(where + "\"levelCount\" is " + count + " but \"levels\" holds " + array.Count + " entries");
                }
                var levels = new List<ProgramErrorLevel>();
                for (int i = 0; i < array.Count; i++)
                {
                    JsonObject o = array[i] as JsonObject ?? throw new ProgramErrorModelException(where + "levels[" + i + "] is not an object");
                    string fit = o["fit"] is JsonValue ? Str(o, "fit") : "mle";
                    FitMethod method = fit switch
                    {
                        "mle" => FitMethod.MaximumLikelihood,
                        "moments" => FitMethod.Moments,
                        "borrowed" => FitMethod.Borrowed,
                        _ => throw new ProgramErrorModelException(where + "levels[" + i + "].fit is \"" + fit + "\", expected mle, moments or borrowed"),
                    };
                    try
                    {
                        levels.Add(new ProgramErrorLevel(Int(o, "level"), Num(o, "target"), Num(o, "achieved"), Num(o, "achievedOhms"),
                            o["occupied"]?.GetValue<bool>() ?? throw new ProgramErrorModelException("\"occupied\" is missing"),
                            Num(o, "loc"), Num(o, "scale"), Num(o, "nu"), Int(o, "samples"), method));
                    }
                    catch (ProgramErrorModelException e)
                    {
                        throw new ProgramErrorModelException(where + "levels[" + i + "]: " + e.Message, e);
                    }
                }
                var provenance = root["provenance"] as JsonObject;
                return new ProgramErrorModel(direction, min, max, levels, (JsonObject?)provenance?.DeepClone());
            }
            catch (ProgramErrorModelException e) when (!e.Message.StartsWith(where, StringComparison.Ordinal))
            {
                throw new ProgramErrorModelException(where + e.Message.Replace("program-error model: ", ""), e);
            }
            catch (Exception e) when (e is InvalidOperationException || e is FormatException)
            {
                throw new ProgramErrorModelException(where + "a field has the wrong type (" + e.Message + ")", e);
            }
        }

        private string? Validate()
        {
            if (!(MinOhms > 0) || !(MaxOhms > MinOhms) || !double.IsFinite(MaxOhms))
            {
                return "minOhms " + MinOhms + " and maxOhms " + MaxOhms + " must be positive with minOhms < maxOhms";
            }
            int n = Levels.Count;
            if (n < 2)
            {
                return "a model needs at least 2 levels, it has " + n;
            }
            double start = Direction == SweepDirection.Potentiation ? 1 : 0;
            for (int i = 0; i < n; i++)
            {
                ProgramErrorLevel l = Levels[i];
                string at = "levels[" + i + "]";
                if (l.Level != i + 1)
                {
                    return at + ".level is " + l.Level + "; levels must be numbered 1.." + n + " in order";
                }
                double expected = start + (1 - 2 * start) * i / (n - 1);
                if (!(Math.Abs(l.Target - expected) <= 1e-6))
                {
                    return at + ".target is " + l.Target.ToString(CultureInfo.InvariantCulture) + "; the targets of a " + n + "-level "
                        + (Direction == SweepDirection.Potentiation ? "potentiation" : "depression") + " model are evenly spaced, this one should be "
                        + expected.ToString("0.######", CultureInfo.InvariantCulture);
                }
                if (!double.IsFinite(l.Achieved) || l.Achieved < -1e-9 || l.Achieved > 1 + 1e-9)
                {
                    return at + ".achieved is " + l.Achieved + "; it must lie in the normalised window [0, 1]";
                }
                if (!double.IsFinite(l.Loc))
                {
                    return at + ".loc is not a finite number";
                }
                if (!(l.Scale > 0) || !double.IsFinite(l.Scale))
                {
                    return at + ".scale is " + l.Scale.ToString(CultureInfo.InvariantCulture) + "; it must be a positive finite number";
                }
                if (!(l.Nu > 0) || !double.IsFinite(l.Nu))
                {
                    return at + ".nu is " + l.Nu.ToString(CultureInfo.InvariantCulture) + "; the degrees of freedom must be a positive finite number";
                }
                if (l.Samples < 0)
                {
                    return at + ".samples is negative";
                }
            }
            return null;
        }

        private static int? Nearest(StudentTParameters?[] fits, int j)
        {
            for (int d = 1; d < fits.Length; d++)
            {
                if (j - d >= 0 && fits[j - d] != null)
                {
                    return j - d;
                }
                if (j + d < fits.Length && fits[j + d] != null)
                {
                    return j + d;
                }
            }
            return null;
        }

        private static string MethodName(FitMethod m) => m switch
        {
            FitMethod.MaximumLikelihood => "mle",
            FitMethod.Moments => "moments",
            _ => "borrowed",
        };

        private static JsonNode Field(JsonObject o, string name) => o[name] ?? throw new ProgramErrorModelException("\"" + name + "\" is missing");

        private static string Str(JsonObject o, string name) => Field(o, name) is JsonValue v && v.TryGetValue(out string? s) ? s : throw new ProgramErrorModelException("\"" + name + "\" must be a string");

        private static int Int(JsonObject o, string name) => Field(o, name) is JsonValue v && v.TryGetValue(out int i) ? i : throw new ProgramErrorModelException("\"" + name + "\" must be an integer");

        private static double Num(JsonObject o, string name) => Field(o, name) is JsonValue v && v.TryGetValue(out double d) ? d : throw new ProgramErrorModelException("\"" + name + "\" must be a number");
    }

    /// <summary>One level of a <see cref="ProgramErrorModel"/>: target r_i,j, achieved r_a,j and the error distribution T(loc, scale, nu) (normalised units).</summary>
    public sealed record ProgramErrorLevel(int Level, double Target, double Achieved, double AchievedOhms, bool Occupied, double Loc, double Scale, double Nu, int Samples, FitMethod Method);

    /// <summary>A program-error model file is unreadable, corrupt or of an unsupported version.</summary>
    public sealed class ProgramErrorModelException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public ProgramErrorModelException(string message, Exception? inner = null) : base(message, inner)
        {
        }
    }
}

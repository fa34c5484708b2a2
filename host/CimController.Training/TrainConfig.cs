using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CimController.Training;

/// <summary>A config file or config value that cannot be used; the message names the key and what is accepted.</summary>
public sealed class TrainConfigException : Exception
{
    public TrainConfigException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// The whole config of a training run: the trainer's <see cref="TrainRunOptions"/> and the <see cref="RunSetup"/> around
/// it, as one flat JSON object with camelCase keys (<c>config.json</c> in the run folder; <c>cimctl train --config</c>
/// reads it back). Every key of both parts is written, so the file states the effective value of every setting.
/// </summary>
public sealed record TrainConfig(TrainRunOptions Options, RunSetup Setup)
{
    /// <summary>The file a run folder holds.</summary>
    public const string FileName = "config.json";

    private static readonly JsonSerializerOptions Indented = new(Checkpoint.Json) { WriteIndented = true };

    /// <summary>Every setting at its default.</summary>
    public static TrainConfig Default { get; } = new(new TrainRunOptions(), new RunSetup());

    private static readonly HashSet<string> OptionKeys = new(Part(new TrainRunOptions()).Select(kv => kv.Key));
    private static readonly HashSet<string> SetupKeys = new(Part(new RunSetup()).Select(kv => kv.Key));

    /// <summary>Every accepted key, in file order.</summary>
    public static IReadOnlyList<string> Keys { get; } = Default.ToJson().Select(kv => kv.Key).ToArray();

    /// <summary>The flat JSON object: the options' keys, then the setup's.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (KeyValuePair<string, JsonNode?> kv in Part(Options).Concat(Part(Setup)))
        {
            o[kv.Key] = kv.Value?.DeepClone();
        }

        return o;
    }

    /// <summary>
    /// The config of <paramref name="json"/>: keys it lacks keep the values of <paramref name="defaults"/>. An unknown key, a
    /// value of the wrong type, or per-layer values (repeats, copies) that are not one per crossbar layer are refused,
    /// naming the key as <paramref name="nameOf"/> gives it (default: the key) and where it came from (<paramref name="source"/>).
    /// </summary>
    public static TrainConfig FromJson(JsonObject json, string source, TrainConfig? defaults = null, Func<string, string>? nameOf = null)
    {
        nameOf ??= key => key;
        JsonObject merged = (defaults ?? Default).ToJson();
        foreach (KeyValuePair<string, JsonNode?> kv in json)
        {
            if (!OptionKeys.Contains(kv.Key) && !SetupKeys.Contains(kv.Key))
            {
                string near = Keys.FirstOrDefault(k => string.Equals(k, kv.Key, StringComparison.OrdinalIgnoreCase)) is string k2 ? $" (did you mean '{k2}'?)" : "";
                throw new TrainConfigException($"{Where(source)}key '{kv.Key}' is not a training setting{near}; accepted keys: {string.Join(", ", Keys)}");
            }

            merged[kv.Key] = kv.Value?.DeepClone();
        }

        var options = new JsonObject();
        var setup = new JsonObject();
        foreach (KeyValuePair<string, JsonNode?> kv in merged)
        {
            (OptionKeys.Contains(kv.Key) ? options : setup)[kv.Key] = kv.Value?.DeepClone();
        }

        var config = new TrainConfig(Deserialize<TrainRunOptions>(options, source), Deserialize<RunSetup>(setup, source));
        foreach ((string key, int[]? values) in new[] { ("repeats", config.Options.Repeats), ("copies", config.Options.Copies) })
        {
            if (json.ContainsKey(key) && values is not null)
            {
                try
                {
                    config.Options.CheckOnePerLayer(nameOf(key), values);
                }
                catch (ArgumentException e)
                {
                    throw new TrainConfigException($"{Where(source)}{e.Message}", e);
                }
            }
        }

        return config;
    }

    /// <summary>Reads a config file (<c>--config</c>).</summary>
    public static TrainConfig Read(string path, TrainConfig? defaults = null)
    {
        if (!File.Exists(path))
        {
            throw new TrainConfigException($"{path}: no such file; give a config.json written by an earlier run (its run folder) or one of your own");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllBytes(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new TrainConfigException($"{path} is not valid JSON: {e.Message}", e);
        }

        if (node is not JsonObject o)
        {
            throw new TrainConfigException($"{path}: a config file holds one JSON object of settings, e.g. {{\"epochs\": 2, \"mode\": \"mixed\"}}");
        }

        return FromJson(o, path, defaults);
    }

    /// <summary>Writes the config as indented JSON (temporary file, then renamed).</summary>
    public void Write(string path)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, ToJson().ToJsonString(Indented) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The keys whose values differ between this config and <paramref name="other"/>, with both values as text.</summary>
    public IReadOnlyList<(string Key, string From, string To)> DifferencesTo(TrainConfig other)
    {
        JsonObject a = ToJson(), b = other.ToJson();
        var list = new List<(string, string, string)>();
        foreach (string key in Keys)
        {
            string from = Text(a[key]), to = Text(b[key]);
            if (from != to)
            {
                list.Add((key, from, to));
            }
        }

        return list;
    }

    /// <summary>A JSON value as message text: strings without quotes, null as "default".</summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => "default",
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => value.ToJsonString(),
    };

    private static string Where(string source) => source.Length == 0 ? "" : source + ": ";

    private static JsonObject Part<T>(T value) => JsonSerializer.SerializeToNode(value, Checkpoint.Json)!.AsObject();

    private static T Deserialize<T>(JsonObject part, string source)
    {
        try
        {
            return part.Deserialize<T>(Checkpoint.Json)!;
        }
        catch (JsonException e)
        {
            string key = e.Path is { Length: > 2 } p ? p[2..].Split('[', '.')[0] : "?";
            string value = part.TryGetPropertyValue(key, out JsonNode? n) ? n?.ToJsonString() ?? "null" : "?";
            string want = key == "mode" ? ": " + string.Join(", ", Enum.GetNames<TrainingMode>().Select(n => n.ToLowerInvariant()))
                : Default.ToJson()[key] is JsonNode d ? " like the default " + d.ToJsonString() : "";
            throw new TrainConfigException($"{Where(source)}key '{key}' has the value {value}, which is not valid there; give a value{want}", e);
        }
    }
}

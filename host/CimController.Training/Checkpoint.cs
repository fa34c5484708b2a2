using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CimController.Training;

/// <summary>The checkpoint file could not be used; the message says which file and why.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// Checkpoint files: one JSON object <c>{"format": "cimcontroller-checkpoint", "version": 2, "sha256": HEX, "state": {...}}</c>
/// where <c>sha256</c> is the SHA-256 of the <c>state</c> value's bytes exactly as they stand in the file, and the state
/// is the <see cref="RunState"/> (floats round-trip exactly). Written to a temporary file and renamed, so a kill never
/// leaves half a checkpoint. On load the checksum is checked, then every field (<see cref="CheckpointValidation"/>): a
/// damaged, foreign or hand-edited file is refused with a message naming the file and the field. Files of the first
/// format (a line <c>CIMTRAIN 1 &lt;sha256&gt;</c>, then the state) are still read.
/// </summary>
public static class Checkpoint
{
    public const string FileName = "checkpoint.json";

    /// <summary>The value of the file's <c>format</c> key.</summary>
    public const string Format = "cimcontroller-checkpoint";

    /// <summary>The file format written.</summary>
    public const int FileVersion = 2;

    private const string LegacyMagic = "CIMTRAIN 1 ";

    /// <summary>
    /// JSON settings of checkpoints, configs and metrics: camelCase keys (read case-insensitively, so the first format's
    /// PascalCase keys load), enums as camelCase names, NaN and infinities as the strings "NaN", "Infinity".
    /// </summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void Save(string path, RunState state)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(state, Json);
        string head = $"{{\"format\":\"{Format}\",\"version\":{FileVersion},\"sha256\":\"{Convert.ToHexString(SHA256.HashData(body))}\",\"state\":";
        string temp = path + ".tmp";
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            f.Write(Encoding.ASCII.GetBytes(head));
            f.Write(body);
            f.Write("}\n"u8);
            f.Flush(true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads and validates a checkpoint; throws <see cref="CheckpointException"/> naming the file and what is wrong.</summary>
    public static RunState Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"no checkpoint at {path}: --resume needs the run folder of an earlier `cimctl train` (it holds {FileName})");
        }

        byte[] all = File.ReadAllBytes(path);
        (byte[] body, string expected) = all.AsSpan().StartsWith(Encoding.ASCII.GetBytes(LegacyMagic)) ? SplitLegacy(path, all) : Split(path, all);
        string actual = Convert.ToHexString(SHA256.HashData(body));
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw new CheckpointException($"checkpoint {path} is corrupt: its state's SHA-256 is {actual[..12]}.. but the file says {Short(expected)}; resume from an intact copy or start a new run");
        }

        RunState? state;
        try
        {
            state = JsonSerializer.Deserialize<RunState>(body, Json);
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"checkpoint {path} could not be read: {e.Message}", e);
        }

        if (state is null || state.Version < 1 || state.Version > RunState.CurrentVersion)
        {
            throw new CheckpointException($"checkpoint {path} holds state version {state?.Version}; this build reads versions 1..{RunState.CurrentVersion}");
        }

        try
        {
            CheckpointValidation.Check(state);
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"checkpoint {path}: {e.Message}", e);
        }

        return state;
    }

    private static string Short(string hex) => hex.Length > 12 ? hex[..12] + ".." : "'" + hex + "'";

    // The format-2 file: the state's bytes are found with the reader's token positions, so the checksum covers them as written.
    private static (byte[] Body, string Sha256) Split(string path, byte[] all)
    {
        string notOurs = $"{path} is not a CimController training checkpoint (it should be a JSON object with \"format\": \"{Format}\")";
        string? format = null, sha = null;
        int version = 0;
        byte[]? body = null;
        try
        {
            var reader = new Utf8JsonReader(all, new JsonReaderOptions { AllowTrailingCommas = false });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new CheckpointException(notOurs);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "format" when reader.TokenType == JsonTokenType.String:
                        format = reader.GetString();
                        break;
                    case "version" when reader.TokenType == JsonTokenType.Number:
                        version = reader.TryGetInt32(out int v) ? v : -1;
                        break;
                    case "sha256" when reader.TokenType == JsonTokenType.String:
                        sha = reader.GetString();
                        break;
                    case "state" when reader.TokenType == JsonTokenType.StartObject:
                        long start = reader.TokenStartIndex;
                        reader.Skip();
                        body = all[(int)start..(int)reader.BytesConsumed];
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw new CheckpointException(format == Format ? $"checkpoint {path} is corrupt: it is not valid JSON ({e.Message}); resume from an intact copy or start a new run" : notOurs, e);
        }

        if (format != Format)
        {
            throw new CheckpointException(notOurs);
        }

        if (version != FileVersion)
        {
            throw new CheckpointException($"checkpoint {path} has file version {version}; this build reads version {FileVersion} (and the first format)");
        }

        if (sha is null || body is null)
        {
            throw new CheckpointException($"checkpoint {path} is corrupt: it lacks its {(sha is null ? "\"sha256\"" : "\"state\"")}; resume from an intact copy or start a new run");
        }

        return (body, sha);
    }

    private static (byte[] Body, string Sha256) SplitLegacy(string path, byte[] all)
    {
        int nl = Array.IndexOf(all, (byte)'\n');
        string header = nl > 0 ? Encoding.ASCII.GetString(all, 0, nl) : "";
        if (header.Length != LegacyMagic.Length + 64)
        {
            throw new CheckpointException($"{path} is not a CimController training checkpoint (its first line should be '{LegacyMagic}<sha256>')");
        }

        return (all[(nl + 1)..], header[LegacyMagic.Length..]);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The manifest the ESP32 app's build writes beside its .pe set (firmware/CimController.Firmware.Esp32/Esp32PeSet.targets),
/// read from manifest.tsv or manifest.json. Throws <see cref="FormatException"/> naming the file and line on bad input.
/// </summary>
public sealed record Esp32PeManifest(IReadOnlyList<Esp32PeManifest.Entry> Entries, long TotalBytes)
{
    /// <summary>One assembly of the set.</summary>
    public sealed record Entry(string Name, string Version, string File, long Bytes, string Sha256);

    /// <summary>Reads manifest.tsv: a header, one row per assembly, then "total" with the sum of the sizes.</summary>
    public static Esp32PeManifest ReadTsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[0] != "assembly\tversion\tfile\tbytes\tsha256")
            throw new FormatException(path + ": line 1 is not the header \"assembly version file bytes sha256\" (tab-separated)");
        var entries = new List<Entry>();
        for (int i = 1; i < lines.Length; i++)
        {
            string[] f = lines[i].Split('\t');
            if (f.Length != 5) throw new FormatException($"{path}:{i + 1}: {f.Length} fields, expected 5");
            if (!long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out long bytes))
                throw new FormatException($"{path}:{i + 1}: bytes \"{f[3]}\" is not a whole number");
            if (f[0] == "total")
            {
                if (i != lines.Length - 1) throw new FormatException($"{path}:{i + 1}: \"total\" must be the last line");
                return new Esp32PeManifest(entries, bytes);
            }
            entries.Add(new Entry(f[0], f[1], f[2], bytes, f[4]));
        }
        throw new FormatException(path + ": no \"total\" line");
    }

    /// <summary>Reads manifest.json: { "assemblies": [ { name, version, file, bytes, sha256 } ... ], "totalBytes": N }.</summary>
    public static Esp32PeManifest ReadJson(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        try
        {
            JsonElement root = doc.RootElement;
            var entries = root.GetProperty("assemblies").EnumerateArray().Select(a => new Entry(
                a.GetProperty("name").GetString() ?? "", a.GetProperty("version").GetString() ?? "", a.GetProperty("file").GetString() ?? "",
                a.GetProperty("bytes").GetInt64(), a.GetProperty("sha256").GetString() ?? "")).ToList();
            return new Esp32PeManifest(entries, root.GetProperty("totalBytes").GetInt64());
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException(path + ": " + e.Message, e);
        }
    }
}

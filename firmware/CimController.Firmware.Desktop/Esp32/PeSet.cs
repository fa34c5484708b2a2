using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;

namespace CimController.Firmware.Desktop.Esp32;

/// <summary>
/// A deployable .pe set as the ESP32 build writes it (firmware/CimController.Firmware.Esp32, Esp32PeSet.targets): the
/// .pe files and manifest.tsv listing them in load order (mscorlib first, the app last) with their sizes and SHA-256.
/// <see cref="Load"/> checks every file against the manifest.
/// </summary>
public sealed class PeSet
{
    private PeSet(string directory, IReadOnlyList<string> files, IReadOnlyList<string> assemblies, long totalBytes)
    {
        Directory = directory;
        Files = files;
        Assemblies = assemblies;
        TotalBytes = totalBytes;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>The .pe files' full paths in load order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The assemblies' names in load order.</summary>
    public IReadOnlyList<string> Assemblies { get; }

    /// <summary>Bytes of all files.</summary>
    public long TotalBytes { get; }

    /// <summary>The application (the manifest's last assembly).</summary>
    public string App => Assemblies[^1];

    /// <summary>Reads and checks the set in <paramref name="directory"/>.</summary>
    /// <exception cref="VirtualEsp32Exception">No manifest, a missing file, or a file that is not the one the manifest lists.</exception>
    public static PeSet Load(string directory)
    {
        string manifest = Path.Combine(directory, "manifest.tsv");
        if (!File.Exists(manifest))
            throw new VirtualEsp32Exception($"no .pe set in {directory}: manifest.tsv is missing (give the folder the ESP32 build writes, bin/Release/pe/, or let the command build it)");
        var files = new List<string>();
        var names = new List<string>();
        long total = 0;
        foreach (string line in File.ReadAllLines(manifest))
        {
            string[] f = line.Split('\t');
            if (f.Length < 5 || f[0] == "assembly" || f[0] == "total") continue;
            string path = Path.Combine(directory, f[2]);
            if (!File.Exists(path))
                throw new VirtualEsp32Exception($".pe set {directory}: {f[2]} is listed in manifest.tsv but missing");
            long bytes = new FileInfo(path).Length;
            if (bytes != long.Parse(f[3], CultureInfo.InvariantCulture) || !Sha256(path).Equals(f[4], StringComparison.OrdinalIgnoreCase))
                throw new VirtualEsp32Exception($".pe set {directory}: {f[2]} is not the file manifest.tsv lists ({bytes} bytes, expected {f[3]} with SHA-256 {f[4]}); rebuild the set");
            files.Add(Path.GetFullPath(path));
            names.Add(f[0]);
            total += bytes;
        }
        if (files.Count < 2 || names[0] != "mscorlib")
            throw new VirtualEsp32Exception($".pe set {directory}: manifest.tsv must list mscorlib first and the app last ({files.Count} assemblies listed)");
        return new PeSet(Path.GetFullPath(directory), files, names, total);
    }

    private static string Sha256(string path)
    {
        using FileStream s = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(s));
    }
}

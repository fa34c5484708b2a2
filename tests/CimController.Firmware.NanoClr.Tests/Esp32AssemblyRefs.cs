using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// Assembly references read from .NET metadata (System.Reflection.Metadata, nothing loaded): what an assembly names,
/// and the closure an app needs, resolved by file name in the given folders.
/// </summary>
public static class Esp32AssemblyRefs
{
    /// <summary>One assembly: its own name and version, and the file it was found in.</summary>
    public sealed record Found(string Name, Version Version, string Path);

    /// <summary>The assembly's own name and version.</summary>
    public static (string Name, Version Version) Identity(string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        MetadataReader md = pe.GetMetadataReader();
        AssemblyDefinition def = md.GetAssemblyDefinition();
        return (md.GetString(def.Name), def.Version);
    }

    /// <summary>The (name, version) pairs the assembly's metadata references.</summary>
    public static IReadOnlyList<(string Name, Version Version)> Of(string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        MetadataReader md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(h => md.GetAssemblyReference(h)).Select(r => (md.GetString(r.Name), r.Version)).ToList();
    }

    /// <summary>
    /// Every assembly <paramref name="appDll"/> needs, transitively (the app itself excluded), each resolved as
    /// NAME.dll in the first of <paramref name="folders"/> holding it; names found nowhere go to <paramref name="missing"/>,
    /// and references whose version differs from the file found go to <paramref name="versionMismatches"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, Found> Closure(string appDll, IReadOnlyList<string> folders,
        out IReadOnlyList<string> missing, out IReadOnlyList<string> versionMismatches)
    {
        var found = new Dictionary<string, Found>(StringComparer.Ordinal);
        var notFound = new SortedSet<string>(StringComparer.Ordinal);
        var mismatches = new List<string>();
        var pending = new Queue<(string From, string Dll)>();
        pending.Enqueue((Identity(appDll).Name, appDll));
        while (pending.Count > 0)
        {
            var (from, dll) = pending.Dequeue();
            foreach (var (name, version) in Of(dll))
            {
                if (!found.TryGetValue(name, out Found? f))
                {
                    string? path = folders.Select(d => Path.Combine(d, name + ".dll")).FirstOrDefault(File.Exists);
                    if (path == null)
                    {
                        notFound.Add(name + " " + version + " (referenced by " + from + ")");
                        continue;
                    }
                    f = new Found(name, Identity(path).Version, path);
                    found.Add(name, f);
                    pending.Enqueue((name, path));
                }
                if (f.Version != version) mismatches.Add($"{from} references {name} {version}, the set has {f.Version}");
            }
        }
        missing = notFound.ToList();
        versionMismatches = mismatches;
        return found;
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// One Release build of the ESP32 app's SDK project (firmware/CimController.Firmware.Esp32/*.Sdk.csproj) with
/// `dotnet build` as a child process, into a temporary folder (its obj/ there too), bounded by <see cref="Timeout"/>.
/// Built once per test run and shared by the tests that need it; <see cref="DeleteOutput"/> removes the folder.
/// </summary>
public sealed class Esp32AppBuild
{
    /// <summary>Upper bound for the build (about 15 s alone; much more while other builds share the 2 cores).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public const string AssemblyName = "CimController.Firmware.Esp32";

    private static readonly object Gate = new();
    private static Esp32AppBuild? _built;

    private Esp32AppBuild(string root, int exitCode, string output, TimeSpan elapsed)
    {
        Root = root;
        ExitCode = exitCode;
        Output = output;
        Elapsed = elapsed;
    }

    /// <summary>The SDK project that builds the .nfproj.</summary>
    public static string ProjectPath =>
        Path.Combine(RepoPaths.Root, "firmware", "CimController.Firmware.Esp32", "CimController.Firmware.Esp32.Sdk.csproj");

    /// <summary>The temporary folder holding bin/ and obj/.</summary>
    public string Root { get; }

    /// <summary>dotnet build's exit code (-1: killed at the timeout).</summary>
    public int ExitCode { get; }

    /// <summary>Everything dotnet build printed.</summary>
    public string Output { get; }

    public TimeSpan Elapsed { get; }

    public string OutDir => Path.Combine(Root, "bin");
    public string AppDll => Path.Combine(OutDir, AssemblyName + ".dll");

    /// <summary>The deployable set: every .pe the nanoCLR loads, with manifest.tsv and manifest.json.</summary>
    public string PeSetDir => Path.Combine(OutDir, "pe");

    /// <summary>The compiler and MSBuild warning lines of the output (e.g. "x.cs(1,2): warning CS0168: ...").</summary>
    public IReadOnlyList<string> WarningLines =>
        Output.Split('\n').Where(l => Regex.IsMatch(l, @"\bwarning [A-Z]+[0-9]+\s*:")).Select(l => l.Trim()).Distinct().ToList();

    /// <summary>The count in the build summary's "N Warning(s)" line, or -1 when there is none.</summary>
    public int SummaryWarnings
    {
        get
        {
            Match m = Regex.Match(Output, @"^\s*(\d+) Warning\(s\)", RegexOptions.Multiline);
            return m.Success ? int.Parse(m.Groups[1].Value) : -1;
        }
    }

    public bool Succeeded => ExitCode == 0;

    /// <summary>The build, made on first use with this kit.</summary>
    public static Esp32AppBuild Get(NanoClrKit kit)
    {
        lock (Gate)
        {
            return _built ??= Run(kit);
        }
    }

    /// <summary>Deletes the build's folder, if there was a build.</summary>
    public static void DeleteOutput()
    {
        lock (Gate)
        {
            if (_built != null && Directory.Exists(_built.Root)) Directory.Delete(_built.Root, recursive: true);
            _built = null;
        }
    }

    private static Esp32AppBuild Run(NanoClrKit kit)
    {
        string root = Directory.CreateTempSubdirectory("esp32app-").FullName;
        string nflibs = Path.GetDirectoryName(Path.GetFullPath(kit.NfLibsDir).TrimEnd(Path.DirectorySeparatorChar))!;
        var args = new List<string>
        {
            "build", ProjectPath, "-c", "Release", "-nologo", "-tl:off", "--disable-build-servers",
            "-p:NfKit=" + Path.GetFullPath(kit.KitDir),
            "-p:NfLibs=" + nflibs,
            "-p:BaseIntermediateOutputPath=" + Path.Combine(root, "obj") + Path.DirectorySeparatorChar,
            "-p:OutDir=" + Path.Combine(root, "bin") + Path.DirectorySeparatorChar,
        };
        // The test host's MSBuild variables would point the child build at the test build's MSBuild.
        var environment = new Dictionary<string, string?>
        {
            ["MSBuildExtensionsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildSDKsPath"] = null,
            ["DOTNET_CLI_UI_LANGUAGE"] = "en",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var clock = Stopwatch.StartNew();
        using var build = Esp32ProcessWatch.Start(dotnet, args, RepoPaths.Root, environment);
        bool ended = build.WaitForExit(Timeout);
        string output = build.Transcript;
        int exitCode = ended ? build.ExitCode : -1;
        if (!ended) output += $"\n[test] dotnet build killed after {Timeout.TotalSeconds:F0} s";
        return new Esp32AppBuild(root, exitCode, output, clock.Elapsed);
    }
}

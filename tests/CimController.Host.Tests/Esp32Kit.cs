using System;
using System.IO;
using CimController.Firmware.Desktop.Esp32;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>
/// The nanoCLR kit and the nanoFramework libraries for the <c>cimctl esp32 run</c> tests: ../shared/tools/nanoclr and
/// ../shared/tools/nflibs beside the repository, or NANOCLR_KIT and NFLIBS. Under CI (CI set to anything but 0/false) a
/// missing kit fails the test; elsewhere the test ends "not run" with one line saying how to get it. Also the ESP32 app's
/// .pe set, built once per test run into a temporary folder.
/// </summary>
internal static class Esp32Kit
{
    /// <summary>How to get a kit, for the "not run" line.</summary>
    public const string HowToGet =
        "get the team handbook's tools/nanoclr and tools/nflibs beside the repository (../shared/tools), or build them: firmware/README.md, \"The nanoCLR kit\"";

    private static readonly object Gate = new();
    private static readonly string SetsRoot = Path.Combine(Path.GetTempPath(), "cim-esp32run-tests-" + Environment.ProcessId);
    private static string? _registerMapSet;

    /// <summary>The folder holding CimController.sln, found from the tests' output folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CimController.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("CimController.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The kit folder (NANOCLR_KIT or ../shared/tools/nanoclr).</summary>
    public static string KitDir => Environment.GetEnvironmentVariable("NANOCLR_KIT") is { Length: > 0 } k ? k : SharedTool("nanoclr");

    /// <summary>The libraries folder holding lib/ (NFLIBS or ../shared/tools/nflibs).</summary>
    public static string NfLibsDir => Environment.GetEnvironmentVariable("NFLIBS") is { Length: > 0 } l ? l : SharedTool("nflibs");

    /// <summary>True under CI.</summary>
    public static bool UnderCi
    {
        get
        {
            string? ci = Environment.GetEnvironmentVariable("CI");
            return !string.IsNullOrEmpty(ci) && ci != "0" && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Fails under CI, ends the test "not run" elsewhere, when the kit or the libraries are missing.</summary>
    public static void Require()
    {
        string nanoClr = Path.Combine(KitDir, "bin", "nanoFramework.nanoCLR.test");
        string missing = !File.Exists(nanoClr) ? "no nanoCLR kit: " + nanoClr + " is missing"
            : !Directory.Exists(Path.Combine(NfLibsDir, "lib")) ? "no nanoFramework libraries: " + Path.Combine(NfLibsDir, "lib") + " is missing"
            : "";
        if (missing.Length == 0)
        {
            return;
        }
        if (UnderCi)
        {
            Assert.Fail(missing + " (under CI the virtual ESP32 tests must run; " + HowToGet + ")");
        }
        Assert.Inconclusive("not run: " + missing + "; " + HowToGet);
    }

    /// <summary>The register-map app's .pe set, built on first use (bounded) and shared by the tests of this run.</summary>
    public static string RegisterMapSet()
    {
        Require();
        lock (Gate)
        {
            if (_registerMapSet == null)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                PeSet set = PeSetBuilder.Build(RepositoryRoot, KitDir, NfLibsDir, "register-map", Path.Combine(SetsRoot, "register-map"),
                    TimeSpan.FromMinutes(5), Console.WriteLine);
                Console.WriteLine($"built the register-map .pe set in {watch.Elapsed.TotalSeconds:F1} s: {set.Directory} ({set.TotalBytes:N0} bytes)");
                _registerMapSet = set.Directory;
            }
            return _registerMapSet;
        }
    }

    /// <summary>Removes the sets built by this run.</summary>
    public static void RemoveBuiltSets()
    {
        if (Directory.Exists(SetsRoot))
        {
            Directory.Delete(SetsRoot, recursive: true);
        }
    }

    private static string SharedTool(string name) => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "tools", name));
}

using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The nanoCLR kit (../shared/tools/nanoclr: run-nf.sh, the nanoCLR, the MetadataProcessor, CoreLibrary's mscorlib)
/// and the nanoFramework libraries (../shared/tools/nflibs) beside the repository, or where the environment variables
/// NANOCLR_KIT and NFLIBS point. Under CI (environment variable CI set) a missing kit fails the test; elsewhere the test
/// ends "not run" with one line saying how to get a kit.
/// </summary>
public sealed class NanoClrKit
{
    /// <summary>How to get a kit, for the "not run" line.</summary>
    public const string HowToGet =
        "get the team handbook's tools/nanoclr and tools/nflibs beside the repository (../shared), or build them: " +
        "firmware/README.md, \"The nanoCLR kit\"";

    private NanoClrKit(string kit, string nflibs)
    {
        KitDir = kit;
        NfLibsDir = nflibs;
    }

    /// <summary>The kit folder (holds run-nf.sh, bin/, corelib/, mdp/).</summary>
    public string KitDir { get; }

    /// <summary>The nanoFramework libraries' lib/ folder (.dll to compile against, .pe to deploy).</summary>
    public string NfLibsDir { get; }

    public string RunNf => Path.Combine(KitDir, "run-nf.sh");
    public string NanoClr => Path.Combine(KitDir, "bin", "nanoFramework.nanoCLR.test");
    public string MetadataProcessor => Path.Combine(KitDir, "mdp", "nanoFramework.Tools.MetadataProcessor.dll");
    public string MscorlibDll => Path.Combine(KitDir, "corelib", "mscorlib.dll");
    public string MscorlibPe => Path.Combine(KitDir, "corelib", "mscorlib.pe");

    /// <summary>True when running under CI (the CI environment variable set to anything but 0/false).</summary>
    public static bool UnderCi
    {
        get
        {
            string? ci = Environment.GetEnvironmentVariable("CI");
            return !string.IsNullOrEmpty(ci) && ci != "0" && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The kit, or null with the reason it is missing.</summary>
    public static NanoClrKit? Find(out string missing)
    {
        string shared = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "tools"));
        string kit = Environment.GetEnvironmentVariable("NANOCLR_KIT") ?? Path.Combine(shared, "nanoclr");
        string libs = Environment.GetEnvironmentVariable("NFLIBS") ?? Path.Combine(shared, "nflibs");
        string nflibs = Path.Combine(libs, "lib");
        var k = new NanoClrKit(kit, nflibs);
        foreach (string f in new[] { k.RunNf, k.NanoClr, k.MetadataProcessor, k.MscorlibDll, k.MscorlibPe })
        {
            if (!File.Exists(f))
            {
                missing = "no nanoCLR kit: " + f + " is missing";
                return null;
            }
        }
        if (!Directory.Exists(nflibs))
        {
            missing = "no nanoFramework libraries: " + nflibs + " is missing";
            return null;
        }
        missing = "";
        return k;
    }

    /// <summary>The kit; fails under CI, ends the test "not run" elsewhere, when there is none.</summary>
    public static NanoClrKit Require()
    {
        NanoClrKit? k = Find(out string missing);
        if (k != null) return k;
        if (UnderCi) Assert.Fail(missing + " (under CI the nanoCLR tests must run; " + HowToGet + ")");
        Assert.Inconclusive("not run: " + missing + "; " + HowToGet);
        return null!;
    }

    /// <summary>The path of a nanoFramework library's reference assembly (.dll) or deployable (.pe).</summary>
    public string Library(string assemblyName, string extension) => Path.Combine(NfLibsDir, assemblyName + extension);
}

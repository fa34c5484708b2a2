using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// The ESP32 app (firmware/CimController.Firmware.Esp32/*.nfproj) is built only where the nanoFramework libraries are
/// (the IDE's NuGet packages, or the kit beside the repository: tests/CimController.Firmware.NanoClr.Tests/
/// Esp32AppBuildTests), so these checks, which need neither, keep it honest everywhere: it compiles exactly the core
/// and protocol sources that exist, every source it compiles stays inside the nanoFramework 1.x subset, its packages
/// are consistent, and its SDK build project adds no sources or references of its own.
/// </summary>
[TestClass]
public sealed class NfprojTests
{
    private static readonly string[] LinkedProjects =
    {
        Path.Combine("firmware", "CimController.Firmware.Core"),
        Path.Combine("shared", "CimController.Protocol"),
    };

    /// <summary>
    /// Files the nanoFramework-subset check skips, each with its reason. Esp32SpiBus.cs is the one adapter allowed to
    /// name SpanByte: nanoFramework 1.x's SpiDevice.TransferFullDuplex takes SpanByte, while everything else passes
    /// byte[] + count so that it also runs on the 2.0 preview and on .NET IoT (NANOFRAMEWORK.md).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SubsetExclusions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Esp32SpiBus.cs"] = "ESP32-only SpiDevice adapter: wraps byte[] in SpanByte for System.Device.Spi 1.3.89",
    };

    private static string NfprojDirectory => Path.Combine(RepoPaths.Root, "firmware", "CimController.Firmware.Esp32");
    private static string NfprojPath => Path.Combine(NfprojDirectory, "CimController.Firmware.Esp32.nfproj");

    private static XNamespace Ns => "http://schemas.microsoft.com/developer/msbuild/2003";

    /// <summary>Full paths of every Compile item of the .nfproj (backslashes as on Windows, resolved here).</summary>
    public static IReadOnlyList<string> CompiledFiles()
    {
        var doc = XDocument.Load(NfprojPath);
        return doc.Descendants(Ns + "Compile")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .Select(p => Path.GetFullPath(Path.Combine(NfprojDirectory, p.Replace('\\', Path.DirectorySeparatorChar))))
            .ToList();
    }

    private static IEnumerable<string> SourcesOf(string project) =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(RepoPaths.Root, f).Split(Path.DirectorySeparatorChar).Any(part => part == "bin" || part == "obj"))
            .Select(Path.GetFullPath);

    [TestMethod]
    public void NfprojCompilesEveryCoreAndProtocolSourceAndNothingMissing()
    {
        var compiled = CompiledFiles();
        var missing = compiled.Where(f => !File.Exists(f)).Select(f => Path.GetRelativePath(RepoPaths.Root, f)).ToList();
        var duplicates = compiled.GroupBy(f => f, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var set = new HashSet<string>(compiled, StringComparer.Ordinal);
        var notListed = LinkedProjects.SelectMany(SourcesOf).Where(f => !set.Contains(f)).Select(f => Path.GetRelativePath(RepoPaths.Root, f)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        if (missing.Count > 0)
            problems.Add("listed in the .nfproj but not on disk:\n  " + string.Join("\n  ", missing));
        if (notListed.Count > 0)
            problems.Add("core/protocol sources the .nfproj does not compile:\n  " + string.Join("\n  ", notListed));
        if (duplicates.Count > 0)
            problems.Add("compiled twice:\n  " + string.Join("\n  ", duplicates));
        Assert.AreEqual(0, problems.Count,
            string.Join("\n", problems) + "\nfix: run firmware/CimController.Firmware.Esp32/update-sources.sh (ESP32 files are listed by hand)");
    }

    [TestMethod]
    public void NfprojLinksSourcesFromTheirOwnFoldersAndCompilesItsEntryPoint()
    {
        var doc = XDocument.Load(NfprojPath);
        foreach (var e in doc.Descendants(Ns + "Compile"))
        {
            string include = (string?)e.Attribute("Include") ?? "";
            if (include.StartsWith("..", StringComparison.Ordinal))
                Assert.IsNotNull(e.Attribute("Link"), $"linked source {include} needs a Link (it must not be copied into the app folder)");
        }
        var local = CompiledFiles().Where(f => Path.GetDirectoryName(f)!.StartsWith(NfprojDirectory, StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        CollectionAssert.Contains(local, "Program.cs");
        CollectionAssert.Contains(local, "Esp32SpiBus.cs");
        var onDisk = Directory.EnumerateFiles(NfprojDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p == "bin" || p == "obj"))
            .Select(Path.GetFullPath).ToList();
        var compiled = new HashSet<string>(CompiledFiles(), StringComparer.Ordinal);
        var stray = onDisk.Where(f => !compiled.Contains(f)).ToList();
        Assert.AreEqual(0, stray.Count, "ESP32 sources not in the .nfproj: " + string.Join(", ", stray));
    }

    [TestMethod]
    public void EverySourceTheNfprojCompilesStaysInsideTheSubset()
    {
        var files = CompiledFiles().Where(File.Exists).ToList();
        var checkedFiles = files.Where(f => !SubsetExclusions.ContainsKey(Path.GetFileName(f))).ToList();
        Assert.AreEqual(files.Count - SubsetExclusions.Count, checkedFiles.Count, "each exclusion names exactly one compiled file");
        var violations = NanoFrameworkSubsetChecker.Check(checkedFiles.Select(f => (Path.GetRelativePath(RepoPaths.Root, f), File.ReadAllText(f))));
        Assert.AreEqual(0, violations.Count,
            $"{violations.Count} construct(s) outside the nanoFramework subset in .nfproj sources:\n" + string.Join("\n", violations));
    }

    [TestMethod]
    public void OnlyTheExcludedAdapterNamesSpanByteAndItsViolationsAreOnlySpanByte()
    {
        string adapter = CompiledFiles().Single(f => Path.GetFileName(f) == "Esp32SpiBus.cs");
        var violations = NanoFrameworkSubsetChecker.Check(new[] { ("Esp32SpiBus.cs", File.ReadAllText(adapter)) });
        Assert.IsTrue(violations.Count > 0, "the adapter does use SpanByte (else drop the exclusion)");
        Assert.IsTrue(violations.All(v => v.Construct == "SpanByte"), "the exclusion covers SpanByte only: " + string.Join("; ", violations));
    }

    [TestMethod]
    public void PackagesConfigAndReferencesAgreeOnRealStable1xVersions()
    {
        var config = XDocument.Load(Path.Combine(NfprojDirectory, "packages.config"));
        var packages = config.Descendants("package").ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);
        foreach (var p in config.Descendants("package"))
            Assert.AreEqual("netnano1.0", (string?)p.Attribute("targetFramework"), $"{p.Attribute("id")} targetFramework");
        Assert.AreEqual("1.17.11", packages["nanoFramework.CoreLibrary"], "stable 1.x CoreLibrary");
        foreach (var id in new[] { "nanoFramework.Hardware.Esp32", "nanoFramework.System.Device.Spi", "nanoFramework.System.IO.Ports", "nanoFramework.Runtime.Native", "nanoFramework.System.Text" })
            Assert.IsTrue(packages.ContainsKey(id), id + " is referenced");
        // Nothing in the app uses these (its built metadata references neither): they would only enlarge the deployment.
        foreach (var id in new[] { "nanoFramework.System.Math", "nanoFramework.System.Collections" })
            Assert.IsFalse(packages.ContainsKey(id), id + " is unused by the app: keep it out of packages.config");
        foreach (var (id, version) in packages)
            Assert.IsTrue(Regex.IsMatch(version, @"^1\.\d+\.\d+$"), $"{id} {version}: a stable 1.x release, no preview");

        var doc = XDocument.Load(NfprojPath);
        var hints = doc.Descendants(Ns + "HintPath").Select(h => h.Value).ToList();
        Assert.AreEqual(packages.Count, hints.Count, "one Reference per package");
        foreach (var (id, version) in packages)
            Assert.IsTrue(hints.Any(h => h.StartsWith($@"packages\{id}.{version}\lib\", StringComparison.Ordinal)), $"a Reference HintPath for {id} {version}");
    }

    [TestMethod]
    public void EspAppIsNotInTheSolution()
    {
        string sln = File.ReadAllText(Path.Combine(RepoPaths.Root, "CimController.sln"));
        Assert.IsFalse(sln.Contains("CimController.Firmware.Esp32", StringComparison.Ordinal),
            "the ESP32 app (.nfproj and its SDK build project) needs the nanoFramework libraries, which a plain checkout lacks; keep it out of the .sln");
    }

    [TestMethod]
    public void EspSdkProjectImportsTheNfprojAndListsNothingOfItsOwn()
    {
        var sdk = XDocument.Load(Path.Combine(NfprojDirectory, "CimController.Firmware.Esp32.Sdk.csproj"));
        var imports = sdk.Root!.Elements("Import").Select(e => (string?)e.Attribute("Project")).ToList();
        CollectionAssert.Contains(imports, "CimController.Firmware.Esp32.nfproj", "the SDK project takes its sources and references from the .nfproj");
        Assert.AreEqual(0, sdk.Descendants("Compile").Count(), "sources are listed in the .nfproj only");
        var references = sdk.Descendants("Reference").Select(e => (string?)e.Attribute("Include")).Where(i => i != null).ToList();
        Assert.IsTrue(references.All(i => i!.StartsWith("@(", StringComparison.Ordinal)),
            "references are mapped from the .nfproj's, never named here: " + string.Join(", ", references));
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The ESP32 app (firmware/CimController.Firmware.Esp32) builds here from its .nfproj with the nanoFramework libraries,
/// its build writes the deployable .pe set with a manifest, and that set loads, resolves and links on the nanoCLR, where
/// the app runs up to the board: with no board on the virtual SPI bus it keeps retrying, as on a device.
/// </summary>
[TestClass]
public sealed class Esp32AppBuildTests
{
    /// <summary>Wall-clock bound of the nanoCLR run: load, start-up, and a second attempt to identify the board.</summary>
    private static readonly TimeSpan ClrRunLimit = TimeSpan.FromSeconds(8);

    /// <summary>Program.OpenController waits this long between two attempts to identify the board.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    /// <summary>What the nanoCLR prints when an assembly is missing or does not link, or a thread dies (kit README).</summary>
    private static readonly string[] FailureMarkers = { "Link failure", "needs assembly", "Cannot find any entrypoint", "++++ Uncaught exception" };

    [ClassCleanup]
    public static void DeleteBuild() => Esp32AppBuild.DeleteOutput();

    [TestMethod]
    public void SdkProjectBuildsTheNfprojWithZeroWarnings()
    {
        var kit = NanoClrKit.Require();
        var build = Esp32AppBuild.Get(kit);
        Console.WriteLine($"dotnet build: exit {build.ExitCode} in {build.Elapsed.TotalSeconds:F1} s");
        Assert.AreEqual(0, build.ExitCode, "dotnet build failed:\n" + build.Output);
        Assert.AreEqual(0, build.WarningLines.Count, "warnings:\n" + string.Join("\n", build.WarningLines) + "\n\n" + build.Output);
        Assert.AreEqual(0, build.SummaryWarnings, "the build summary must say 0 Warning(s):\n" + build.Output);
        Assert.IsTrue(File.Exists(build.AppDll), build.AppDll + " was not written:\n" + build.Output);
    }

    [TestMethod]
    public void PeSetHoldsExactlyWhatTheAppReferencesAndTheManifestDescribesIt()
    {
        var kit = NanoClrKit.Require();
        var build = RequireBuild(kit);
        var tsv = Esp32PeManifest.ReadTsv(Path.Combine(build.PeSetDir, "manifest.tsv"));
        var json = Esp32PeManifest.ReadJson(Path.Combine(build.PeSetDir, "manifest.json"));
        CollectionAssert.AreEqual(tsv.Entries.ToList(), json.Entries.ToList(), "manifest.tsv and manifest.json list the same assemblies");
        Assert.AreEqual(tsv.TotalBytes, json.TotalBytes, "both manifests give the same total");

        // Each entry describes its file: size, hash, the name and version of the assembly it was made from.
        var appIdentity = Esp32AssemblyRefs.Identity(build.AppDll);
        var needed = Esp32AssemblyRefs.Closure(build.AppDll, new[] { kit.NfLibsDir, Path.GetDirectoryName(kit.MscorlibDll)! },
            out var missing, out var versionMismatches);
        Assert.AreEqual(0, missing.Count, "the app references assemblies found in neither nflibs nor the kit: " + string.Join("; ", missing));
        Assert.AreEqual(0, versionMismatches.Count, string.Join("\n", versionMismatches));
        foreach (var e in tsv.Entries)
        {
            string file = Path.Combine(build.PeSetDir, e.File);
            Assert.IsTrue(File.Exists(file), e.File + " is in the manifest but not in the set");
            Assert.AreEqual(new FileInfo(file).Length, e.Bytes, e.File + " size");
            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), e.Sha256, e.File + " SHA-256");
            Assert.AreEqual(e.Name + ".pe", e.File, "each assembly's file is NAME.pe");
            Version expected = e.Name == appIdentity.Name ? appIdentity.Version
                : needed.TryGetValue(e.Name, out var lib) ? lib.Version
                : throw new AssertFailedException(e.Name + " is in the set, but the app does not need it");
            Assert.AreEqual(expected.ToString(), e.Version, e.Name + " version");
        }
        Assert.AreEqual(tsv.Entries.Sum(e => e.Bytes), tsv.TotalBytes, "total = sum of the sizes");

        // The set is exactly mscorlib first, what the app's metadata needs, and the app last; nothing else in the folder.
        var names = tsv.Entries.Select(e => e.Name).ToList();
        Assert.AreEqual("mscorlib", names[0], "mscorlib is loaded first");
        Assert.AreEqual(appIdentity.Name, names[^1], "the app comes last");
        CollectionAssert.AreEquivalent(needed.Keys.Append(appIdentity.Name).ToList(), names, "the set = the app + its reference closure");
        var onDisk = Directory.EnumerateFiles(build.PeSetDir, "*.pe").Select(Path.GetFileName).ToList();
        CollectionAssert.AreEquivalent(tsv.Entries.Select(e => e.File).ToList(), onDisk, "every .pe in the folder is in the manifest");

        // The libraries are deployed as built: byte-identical to the kit's and nflibs' .pe files.
        foreach (var e in tsv.Entries.Where(e => e.Name != appIdentity.Name))
        {
            string source = e.Name == "mscorlib" ? kit.MscorlibPe : kit.Library(e.Name, ".pe");
            CollectionAssert.AreEqual(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(build.PeSetDir, e.File)), e.File + " = " + source);
        }

        var app = tsv.Entries[^1];
        var direct = Esp32AssemblyRefs.Of(build.AppDll).Select(r => r.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Console.WriteLine($"app .pe: {app.File} {app.Bytes:N0} bytes; set: {tsv.Entries.Count} assemblies, {tsv.TotalBytes:N0} bytes");
        Console.WriteLine("the app references directly: " + string.Join(", ", direct));
        Console.WriteLine("needed only through them: " + string.Join(", ", needed.Keys.Except(direct).OrderBy(n => n, StringComparer.Ordinal)));
        foreach (var e in tsv.Entries) Console.WriteLine($"  {e.Name,-30} {e.Version,-14} {e.Bytes,8:N0}");
    }

    [TestMethod]
    public void PeSetLinksOnTheNanoClrAndTheAppKeepsRetryingWithNoBoard()
    {
        var kit = NanoClrKit.Require();
        var build = RequireBuild(kit);
        var manifest = Esp32PeManifest.ReadTsv(Path.Combine(build.PeSetDir, "manifest.tsv"));
        string scratch = Directory.CreateTempSubdirectory("esp32clr-").FullName;
        try
        {
            using var spi = Esp32SpiPeer.Listen(Path.Combine(scratch, "spi.sock"));
            var pes = manifest.Entries.Select(e => e.File).ToList(); // in the set's folder; mscorlib first
            var env = new Dictionary<string, string?> { ["NANOCLR_SPI_SOCKET"] = spi.SocketPath };
            DateTime start = DateTime.UtcNow;
            DateTime deadline = start + ClrRunLimit;
            string transcript;
            bool ready, retried, alive;
            using (var clr = Esp32ProcessWatch.Start(kit.NanoClr, pes, build.PeSetDir, env))
            {
                ready = clr.WaitForLine(l => l == "Ready.", deadline);
                // The app asks for the board ID register; every byte reads 0xFF, no "CIMB", so Program.OpenController
                // waits 2 s and asks again: the same transfer a second time.
                retried = ready && spi.WaitFor(t => Repeated(t).Count >= 2, deadline);
                alive = !clr.HasExited;
                transcript = clr.Transcript;
            } // kills the nanoCLR

            string failure = transcript.Split('\n').FirstOrDefault(l => l.StartsWith("Error: ", StringComparison.Ordinal) ||
                FailureMarkers.Any(m => l.Contains(m, StringComparison.Ordinal))) ?? "";
            Assert.AreEqual("", failure, "the nanoCLR reported a failure:\n" + transcript);
            Assert.IsTrue(ready, "the nanoCLR did not reach \"Ready.\" within " + ClrRunLimit.TotalSeconds + " s:\n" + transcript);
            foreach (var e in manifest.Entries)
                Assert.IsTrue(transcript.Contains("Loaded: " + e.File, StringComparison.Ordinal), e.File + " was not loaded:\n" + transcript);
            Assert.IsNull(spi.ProtocolError, spi.ProtocolError);
            var transfers = spi.Transfers;
            Assert.IsTrue(retried, $"the app did not ask for the board twice within {ClrRunLimit.TotalSeconds} s " +
                $"({transfers.Count} SPI transfers):\n" + string.Join("\n", transfers.Select(Describe)) + "\n" + transcript);
            Assert.IsTrue(alive, "the nanoCLR ended while the app should keep retrying:\n" + transcript);
            var attempts = Repeated(transfers);
            TimeSpan gap = attempts[1].At - attempts[0].At;
            Assert.IsTrue(gap >= RetryInterval - TimeSpan.FromMilliseconds(100),
                $"the second attempt came {gap.TotalMilliseconds:F0} ms after the first; Program waits {RetryInterval.TotalMilliseconds:F0} ms");

            Console.WriteLine($"nanoCLR: {manifest.Entries.Count} assemblies ({manifest.TotalBytes:N0} bytes) loaded and linked; " +
                $"{attempts.Count} attempts to identify the board, {gap.TotalMilliseconds:F0} ms apart; " +
                $"still running after {(DateTime.UtcNow - start).TotalSeconds:F1} s. SPI transfers:");
            Console.WriteLine(string.Join("\n", transfers.Select(Describe)));
            Console.WriteLine(transcript.Split('\n').FirstOrDefault(l => l.StartsWith("Total:", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static Esp32AppBuild RequireBuild(NanoClrKit kit)
    {
        var build = Esp32AppBuild.Get(kit);
        if (!build.Succeeded)
            Assert.Fail("the ESP32 app did not build (SdkProjectBuildsTheNfprojWithZeroWarnings has the details):\n" + build.Output);
        return build;
    }

    private static string Describe(Esp32SpiPeer.Transfer t) =>
        $"  {t.At.TotalMilliseconds,8:F0} ms bus {t.Bus} CS {t.ChipSelect} mode {t.Mode}: out {Convert.ToHexString(t.Written)}, {t.ReadLength} bytes in";

    /// <summary>The first transfer that was issued more than once, with its repetitions, oldest first (empty: none).</summary>
    private static IReadOnlyList<Esp32SpiPeer.Transfer> Repeated(IReadOnlyList<Esp32SpiPeer.Transfer> transfers)
    {
        foreach (var first in transfers)
        {
            var same = transfers.Where(x => x.Bus == first.Bus && x.ChipSelect == first.ChipSelect && x.Mode == first.Mode &&
                x.ReadLength == first.ReadLength && x.Written.AsSpan().SequenceEqual(first.Written)).ToList();
            if (same.Count >= 2) return same;
        }
        return Array.Empty<Esp32SpiPeer.Transfer>();
    }
}

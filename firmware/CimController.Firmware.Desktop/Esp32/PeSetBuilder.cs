using System;
using System.Collections.Generic;
using System.IO;

namespace CimController.Firmware.Desktop.Esp32;

/// <summary>
/// Builds the ESP32 app's deployable .pe set from the repository with the plain SDK
/// (firmware/CimController.Firmware.Esp32/CimController.Firmware.Esp32.Sdk.csproj) against the nanoFramework kit and
/// libraries, bounded in time, into its own folder.
/// </summary>
public static class PeSetBuilder
{
    /// <summary>The SDK project, relative to the repository root.</summary>
    public static readonly string Project = Path.Combine("firmware", "CimController.Firmware.Esp32", "CimController.Firmware.Esp32.Sdk.csproj");

    /// <summary>
    /// Builds the set for <paramref name="cimBoard"/> (<c>register-map</c> or <c>discrete</c>) into
    /// <paramref name="output"/>/pe and returns it. <paramref name="nanoclrKit"/> and <paramref name="nflibs"/> are the kit
    /// folders (tools/nanoclr and tools/nflibs).
    /// </summary>
    /// <exception cref="VirtualEsp32Exception">The build failed or ran past <paramref name="timeout"/>: the message ends with its last lines.</exception>
    public static PeSet Build(string repositoryRoot, string nanoclrKit, string nflibs, string cimBoard, string output, TimeSpan timeout, Action<string>? log = null)
    {
        string project = Path.Combine(repositoryRoot, Project);
        if (!File.Exists(project))
            throw new VirtualEsp32Exception($"{project} not found: building the .pe set needs the repository (or give a built set)");
        string sep = Path.DirectorySeparatorChar.ToString();
        var args = new List<string>
        {
            "build", project, "-c", "Release", "-nologo", "-tl:off", "--disable-build-servers",
            "-p:NfKit=" + Path.GetFullPath(nanoclrKit), "-p:NfLibs=" + Path.GetFullPath(nflibs), "-p:CimBoard=" + cimBoard,
            "-p:BaseIntermediateOutputPath=" + Path.Combine(output, "obj") + sep, "-p:OutDir=" + Path.Combine(output, "bin") + sep,
            "-p:NfPeSetDir=" + Path.Combine(output, "pe") + sep,
        };
        // A parent dotnet (a test host, dotnet run) leaves MSBuild variables that would point the child build at its MSBuild.
        var environment = new Dictionary<string, string?>
        {
            ["MSBuildExtensionsPath"] = null, ["MSBUILD_EXE_PATH"] = null, ["MSBuildSDKsPath"] = null,
            ["DOTNET_CLI_UI_LANGUAGE"] = "en", ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        log?.Invoke($"building the ESP32 app ({cimBoard} board) into {output}");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        using LineCapture build = LineCapture.Start(dotnet, args, environment, repositoryRoot);
        if (!build.WaitForExit(timeout))
            throw new VirtualEsp32Exception($"building the ESP32 app took longer than {timeout.TotalSeconds:F0} s and was stopped", build.Tail());
        if (build.ExitCode != 0)
            throw new VirtualEsp32Exception($"building the ESP32 app failed (dotnet build exit {build.ExitCode})", build.Tail());
        return PeSet.Load(Path.Combine(output, "pe"));
    }
}

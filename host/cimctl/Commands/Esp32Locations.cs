using System;
using System.IO;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// Where <c>cimctl esp32 run</c> finds the repository (to build the app), the nanoCLR kit and the nanoFramework
    /// libraries: an explicit option first, then the environment variables NANOCLR_KIT and NFLIBS, then the team
    /// handbook's tools beside the repository (../shared/tools/nanoclr, ../shared/tools/nflibs).
    /// </summary>
    public static class Esp32Locations
    {
        /// <summary>How to get the kit, for error lines.</summary>
        public const string HowToGetKit = "firmware/README.md, \"The nanoCLR kit\"";

        /// <summary>The kit's nanoCLR host, relative to the kit folder.</summary>
        public static readonly string NanoClrInKit = Path.Combine("bin", "nanoFramework.nanoCLR.test");

        /// <summary>
        /// The folder holding CimController.sln: walks up from the current directory, then from cimctl's own folder
        /// (an installed cimctl run from elsewhere still finds the checkout it was built in); null when neither is inside one.
        /// </summary>
        public static string? RepositoryRoot()
        {
            return WalkUp(Environment.CurrentDirectory) ?? WalkUp(AppContext.BaseDirectory);
        }

        /// <summary>The kit folder: <paramref name="given"/>, else NANOCLR_KIT, else ../shared/tools/nanoclr from the repository.</summary>
        /// <exception cref="UsageException">No kit there (the line names the path and how to get a kit).</exception>
        public static string Kit(string? given, string? repositoryRoot)
        {
            string? kit = Choose(given, "NANOCLR_KIT", repositoryRoot, "nanoclr");
            string source = given != null ? "--kit" : Environment.GetEnvironmentVariable("NANOCLR_KIT") is { Length: > 0 } ? "NANOCLR_KIT" : "the default kit";
            if (kit == null)
            {
                throw new UsageException("no nanoCLR kit: give --kit DIR or set NANOCLR_KIT (no repository above the current directory or cimctl to find ../shared/tools/nanoclr beside it; " + HowToGetKit + ")");
            }
            if (!File.Exists(Path.Combine(kit, NanoClrInKit)))
            {
                throw new UsageException(source + " " + kit + " is not a nanoCLR kit: " + Path.Combine(kit, NanoClrInKit) + " is missing; accepted: the kit folder (the handbook's tools/nanoclr; " + HowToGetKit + ")");
            }
            return kit;
        }

        /// <summary>The libraries folder (holding lib/): <paramref name="given"/>, else NFLIBS, else ../shared/tools/nflibs from the repository.</summary>
        /// <exception cref="UsageException">No libraries there.</exception>
        public static string NfLibs(string? given, string? repositoryRoot)
        {
            string? libs = Choose(given, "NFLIBS", repositoryRoot, "nflibs");
            string source = given != null ? "--nflibs" : Environment.GetEnvironmentVariable("NFLIBS") is { Length: > 0 } ? "NFLIBS" : "the default libraries folder";
            if (libs == null || !Directory.Exists(Path.Combine(libs, "lib")))
            {
                throw new UsageException(source + " " + (libs ?? "(none)") + " holds no nanoFramework libraries (lib/ is missing); accepted: the handbook's tools/nflibs folder (" + HowToGetKit + ")");
            }
            return libs;
        }

        private static string? Choose(string? given, string variable, string? repositoryRoot, string tool)
        {
            if (!string.IsNullOrEmpty(given))
            {
                return Path.GetFullPath(given);
            }
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment)
            {
                return Path.GetFullPath(fromEnvironment);
            }
            return repositoryRoot == null ? null : Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "tools", tool));
        }

        private static string? WalkUp(string start)
        {
            for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CimController.sln")))
                {
                    return dir.FullName;
                }
            }
            return null;
        }
    }
}

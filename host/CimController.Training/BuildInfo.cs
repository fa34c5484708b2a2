using System.Reflection;

namespace CimController.Training;

/// <summary>
/// The software that produced a run: the assembly version and the git commit it was built from (the SDK appends the
/// commit to the informational version, "1.0.0+&lt;sha&gt;", when it builds inside a git checkout; "unknown" otherwise).
/// Every project of the solution is built from the same checkout, so this assembly's stamp is cimctl's.
/// </summary>
public static class BuildInfo
{
    private static readonly string Informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The version without the commit, e.g. "1.0.0".</summary>
    public static string Version => Informational.Split('+')[0];

    /// <summary>The git commit the build came from, or "unknown".</summary>
    public static string Commit => Informational.Contains('+') ? Informational[(Informational.IndexOf('+') + 1)..] : "unknown";
}

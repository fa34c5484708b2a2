using System;
using System.IO;

namespace CimController.Analysis.Tests;

/// <summary>A scratch directory under the system temp folder, deleted on dispose unless CIM_KEEP_TEST_FILES=1 (to look at the PNGs).</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cim-analysis-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("CIM_KEEP_TEST_FILES") == "1")
        {
            Console.WriteLine("kept " + Path);
            return;
        }
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

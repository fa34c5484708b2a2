using System;
using System.IO;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>The repository root (the folder holding CimController.sln), found from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CimController.sln"))) return dir.FullName;
                dir = dir.Parent;
            }
            throw new InvalidOperationException("CimController.sln not found above " + AppContext.BaseDirectory);
        }
    }
}

using System;
using System.IO;

namespace CimController.Firmware.Tests;

/// <summary>Locates the repository root (the folder holding CimController.sln) from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CimController.sln")))
                {
                    return dir.FullName;
                }
                dir = dir.Parent;
            }
            throw new InvalidOperationException("CimController.sln not found above " + AppContext.BaseDirectory);
        }
    }
}

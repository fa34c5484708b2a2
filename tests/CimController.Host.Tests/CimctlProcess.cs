using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>Runs the built cimctl.dll (copied next to the tests) as a child process with <c>dotnet</c>, and stops child processes.</summary>
internal static class CimctlProcess
{
    /// <summary>Longest wait for one cimctl command.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public static string DllPath
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "cimctl.dll");
            Assert.IsTrue(File.Exists(path), "cimctl.dll is not next to the tests at " + path + "; the test project references host/cimctl so it is built and copied");
            return path;
        }
    }

    /// <summary>The dotnet host that runs the tests (DOTNET_HOST_PATH when the SDK sets it), else dotnet on PATH.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>A start description for <c>dotnet cimctl.dll ARGS</c> with redirected streams.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        return info;
    }

    /// <summary>Runs cimctl to completion (bounded) and returns exit code, stdout and stderr.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        Console.WriteLine("$ cimctl " + string.Join(" ", args));
        using Process process = Process.Start(StartInfo(args))!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("cimctl " + string.Join(" ", args) + " did not finish within " + CommandTimeout.TotalSeconds + " s");
        }
        process.WaitForExit();
        Console.WriteLine(stderr.Result);
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Asks a process to stop with SIGTERM, waits (bounded), and kills it if it is still there.</summary>
    public static void Stop(Process process, TimeSpan wait)
    {
        if (process.HasExited)
        {
            return;
        }
        try
        {
            using Process kill = Process.Start(new ProcessStartInfo("kill", "-TERM " + process.Id) { UseShellExecute = false })!;
            kill.WaitForExit(5000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1): fall through to Kill.
        }
        if (!process.WaitForExit(wait))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }
}

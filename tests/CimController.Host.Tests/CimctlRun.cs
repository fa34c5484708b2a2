using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>
/// Runs cimctl as a child process with chosen environment variables (COLUMNS, CIMCTL_PROGRESS_SECONDS): its stdout and
/// stderr are pipes, i.e. the "not a terminal" case of a log file.
/// </summary>
internal static class CimctlRun
{
    /// <summary>The outcome of one run.</summary>
    public sealed record Result(int Exit, string Stdout, string Stderr)
    {
        /// <summary>Stdout split into lines.</summary>
        public string[] StdoutLines => Stdout.Replace("\r", "").TrimEnd('\n').Split('\n');

        /// <summary>Stderr split into lines.</summary>
        public string[] StderrLines => Stderr.Replace("\r", "").TrimEnd('\n').Split('\n');
    }

    /// <summary>Runs <c>cimctl ARGS</c> with <paramref name="environment"/> set (a null value removes the variable); COLUMNS is removed unless given.</summary>
    public static Result With(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        ProcessStartInfo info = CimctlProcess.StartInfo(args);
        info.Environment.Remove("COLUMNS");
        info.Environment.Remove("CIMCTL_PROGRESS_SECONDS");
        foreach (var (name, value) in environment)
        {
            if (value == null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        Console.WriteLine("$ " + string.Join(" ", FormatEnvironment(environment)) + "cimctl " + string.Join(" ", args));
        using Process process = Process.Start(info)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CimctlProcess.CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("cimctl " + string.Join(" ", args) + " did not finish within " + CimctlProcess.CommandTimeout.TotalSeconds + " s");
        }
        process.WaitForExit();
        Console.WriteLine(stderr.Result);
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs <c>cimctl ARGS</c> without COLUMNS and CIMCTL_PROGRESS_SECONDS.</summary>
    public static Result Plain(params string[] args) => With(new Dictionary<string, string?>(), args);

    /// <summary>A fresh folder under the system's temporary folder for one test's files, deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        /// <summary>Creates the folder.</summary>
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cimctl-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        /// <summary>The folder.</summary>
        public string Path { get; }

        /// <summary>A path inside the folder.</summary>
        public string File(string name) => System.IO.Path.Combine(Path, name);

        /// <inheritdoc />
        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Left for the system's temporary-file cleanup.
            }
        }
    }

    private static IEnumerable<string> FormatEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        foreach (var (name, value) in environment)
        {
            yield return name + "=" + (value ?? "(unset)") + " ";
        }
    }
}

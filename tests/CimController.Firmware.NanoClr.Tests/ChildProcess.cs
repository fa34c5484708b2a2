using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>Runs a child process to its end, bounded: past the timeout its whole process tree is killed.</summary>
public static class ChildProcess
{
    /// <summary>Runs and returns the exit code and stdout + stderr together.</summary>
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var (rc, stdout, stderr) = RunSplit(file, args, timeout);
        return (rc, stdout + stderr);
    }

    /// <summary>Runs and returns the exit code, stdout and stderr; -1 and a note in stderr when it had to be killed.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunSplit(string file, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        if (environment != null)
            foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            lock (stderr) stderr.AppendLine($"[harness] killed after {timeout.TotalSeconds:F0} s");
            return (-1, stdout.ToString(), stderr.ToString());
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.ToString(), stderr.ToString());
    }
}

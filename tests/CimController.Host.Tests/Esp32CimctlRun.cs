using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>
/// <c>dotnet cimctl.dll ARGS</c> as a child process whose stdout and stderr lines are kept apart as they arrive, so a
/// test can wait, up to a deadline, for the first stdout line, a stderr line or the end; signals go to it with kill(1).
/// Disposing kills its process tree if it still runs and prints what it wrote.
/// </summary>
internal sealed class Esp32CimctlRun : IDisposable
{
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<string> _stdout = new();
    private readonly List<string> _stderr = new();
    private int _openStreams = 2;

    private Esp32CimctlRun(Process process) => _process = process;

    /// <summary>Starts cimctl with <paramref name="args"/>; environment entries with a null value are removed.</summary>
    public static Esp32CimctlRun Start(IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        string[] list = args.ToArray();
        Console.WriteLine("$ cimctl " + string.Join(" ", list) + (workingDirectory != null ? "   (in " + workingDirectory + ")" : ""));
        ProcessStartInfo info = CimctlProcess.StartInfo(list);
        if (workingDirectory != null)
        {
            info.WorkingDirectory = workingDirectory;
        }
        foreach (var kv in environment ?? new Dictionary<string, string?>())
        {
            if (kv.Value == null) info.Environment.Remove(kv.Key);
            else info.Environment[kv.Key] = kv.Value;
        }
        var run = new Esp32CimctlRun(new Process { StartInfo = info });
        run._process.OutputDataReceived += (_, e) => run.Add(run._stdout, e.Data);
        run._process.ErrorDataReceived += (_, e) => run.Add(run._stderr, e.Data);
        run._process.Start();
        run._process.StandardInput.Close();
        run._process.BeginOutputReadLine();
        run._process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Runs cimctl to its end (bounded by <paramref name="timeout"/>) and returns it, ended.</summary>
    public static Esp32CimctlRun RunToEnd(TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        Esp32CimctlRun run = Start(args, null, environment);
        Assert.IsTrue(run.WaitForExit(timeout), "cimctl " + string.Join(" ", args) + " did not end within " + timeout.TotalSeconds + " s");
        return run;
    }

    /// <summary>cimctl's process id.</summary>
    public int Id => _process.Id;

    /// <summary>The exit code (after the end).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The stdout lines so far.</summary>
    public IReadOnlyList<string> Stdout
    {
        get { lock (_gate) return _stdout.ToList(); }
    }

    /// <summary>The stderr lines so far.</summary>
    public IReadOnlyList<string> Stderr
    {
        get { lock (_gate) return _stderr.ToList(); }
    }

    /// <summary>The first stdout line, waiting until <paramref name="deadlineUtc"/>; null when none came (or cimctl ended).</summary>
    public string? FirstStdoutLine(DateTime deadlineUtc) => WaitFor(_stdout, _ => true, deadlineUtc);

    /// <summary>The first stderr line <paramref name="match"/> accepts, waiting until <paramref name="deadlineUtc"/>.</summary>
    public string? StderrLine(Func<string, bool> match, DateTime deadlineUtc) => WaitFor(_stderr, match, deadlineUtc);

    /// <summary>Waits up to <paramref name="timeout"/> for the end (and for both streams to be read).</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit();
        return true;
    }

    /// <summary>Sends <paramref name="signal"/> (TERM, KILL ...) to <paramref name="pid"/> with kill(1); bounded.</summary>
    public static void Signal(int pid, string signal)
    {
        Console.WriteLine($"$ kill -{signal} {pid}");
        using Process kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString() }, UseShellExecute = false })!;
        Assert.IsTrue(kill.WaitForExit(10_000), "kill did not end within 10 s");
        Assert.AreEqual(0, kill.ExitCode, $"kill -{signal} {pid} failed");
    }

    /// <summary>The ids of running nanoCLR processes whose parent is <paramref name="parent"/> (from /proc).</summary>
    public static IReadOnlyList<int> NanoClrChildren(int parent)
    {
        var found = new List<int>();
        foreach (string entry in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out int pid) && ParentOf(entry) == parent && IsNanoClr(pid))
            {
                found.Add(pid);
            }
        }
        return found;
    }

    /// <summary>True while <paramref name="pid"/> is a running (not yet reaped) nanoCLR.</summary>
    public static bool IsNanoClr(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("nanoFramework.nanoCLR.test", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // gone
        }
    }

    /// <summary>Kills the process tree if it still runs; prints what cimctl wrote.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Console.WriteLine("cimctl still runs at the end of the test: killing it");
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        foreach (string line in Stdout) Console.WriteLine("  stdout| " + line);
        foreach (string line in Stderr) Console.WriteLine("  stderr| " + line);
        _process.Dispose();
    }

    private string? WaitFor(List<string> lines, Func<string, bool> match, DateTime deadlineUtc)
    {
        lock (_gate)
        {
            int seen = 0;
            while (true)
            {
                for (; seen < lines.Count; seen++)
                {
                    if (match(lines[seen])) return lines[seen];
                }
                TimeSpan left = deadlineUtc - DateTime.UtcNow;
                if (_openStreams == 0 || left <= TimeSpan.Zero) return null;
                Monitor.Wait(_gate, left);
            }
        }
    }

    private void Add(List<string> lines, string? line)
    {
        lock (_gate)
        {
            if (line == null) _openStreams--;
            else lines.Add(line.TrimEnd('\r'));
            Monitor.PulseAll(_gate);
        }
    }

    private static int ParentOf(string procEntry)
    {
        try
        {
            string stat = File.ReadAllText(Path.Combine(procEntry, "stat"));
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return -1;
        }
    }
}

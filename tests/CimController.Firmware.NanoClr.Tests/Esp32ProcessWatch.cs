using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// A child process whose stdout and stderr lines are collected as they arrive, so a test can wait, up to a deadline,
/// for a line to appear or for the process to end. Disposing kills the whole process tree if it is still running.
/// </summary>
public sealed class Esp32ProcessWatch : IDisposable
{
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<string> _lines = new();
    private int _openStreams = 2;

    private Esp32ProcessWatch(Process process)
    {
        _process = process;
    }

    /// <summary>
    /// Starts <paramref name="file"/>; <paramref name="environment"/> entries with a null value are removed from the
    /// inherited environment.
    /// </summary>
    public static Esp32ProcessWatch Start(string file, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (var kv in environment)
        {
            if (kv.Value == null) psi.Environment.Remove(kv.Key);
            else psi.Environment[kv.Key] = kv.Value;
        }
        var watch = new Esp32ProcessWatch(new Process { StartInfo = psi });
        watch._process.OutputDataReceived += (_, e) => watch.Add(e.Data);
        watch._process.ErrorDataReceived += (_, e) => watch.Add(e.Data);
        watch._process.Start();
        watch._process.BeginOutputReadLine();
        watch._process.BeginErrorReadLine();
        return watch;
    }

    /// <summary>Every line so far, stdout and stderr interleaved in arrival order, trailing CRs removed.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_gate) return _lines.ToList(); }
    }

    /// <summary>Every line so far, one per line.</summary>
    public string Transcript => string.Join("\n", Lines);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until a line matches (true) or the deadline passes or both streams end without one (false).</summary>
    public bool WaitForLine(Func<string, bool> match, DateTime deadlineUtc)
    {
        int seen = 0;
        lock (_gate)
        {
            while (true)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (match(_lines[seen])) return true;
                }
                TimeSpan left = deadlineUtc - DateTime.UtcNow;
                if (_openStreams == 0 || left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Waits for the process to end and its output to be read; false (process left running) on timeout.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit(); // drains the redirected streams
        return true;
    }

    /// <summary>Kills the process tree (if still running) and waits, bounded, for it to go.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // it ended between the check and the kill
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        lock (_gate)
        {
            if (line == null) _openStreams--;
            else _lines.Add(line.TrimEnd('\r'));
            Monitor.PulseAll(_gate);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace CimController.Firmware.Desktop.Esp32;

/// <summary>
/// A child process whose stdout and stderr lines are kept (the last <see cref="Keep"/>) as they arrive, so the caller can
/// wait, up to a deadline, for a line or for the end of the process. Disposing kills the whole process tree.
/// </summary>
public sealed class LineCapture : IDisposable
{
    /// <summary>Lines kept for reports.</summary>
    public const int Keep = 400;

    private readonly Process _process;
    private readonly object _gate = new();
    private readonly Queue<string> _lines = new();
    private long _count;
    private int _openStreams = 2;

    private LineCapture(Process process) => _process = process;

    /// <summary>Starts <paramref name="file"/>; an environment entry with a null value is removed from the inherited environment.</summary>
    public static LineCapture Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        if (workingDirectory != null) psi.WorkingDirectory = workingDirectory;
        foreach (string a in args) psi.ArgumentList.Add(a);
        if (environment != null)
            foreach (var kv in environment)
            {
                if (kv.Value == null) psi.Environment.Remove(kv.Key);
                else psi.Environment[kv.Key] = kv.Value;
            }
        var capture = new LineCapture(new Process { StartInfo = psi });
        capture._process.OutputDataReceived += (_, e) => capture.Add(e.Data);
        capture._process.ErrorDataReceived += (_, e) => capture.Add(e.Data);
        capture._process.Start();
        capture._process.StandardInput.Close();
        capture._process.BeginOutputReadLine();
        capture._process.BeginErrorReadLine();
        return capture;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (after it ended; negative or above 128: a signal).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The lines kept so far, stdout and stderr in arrival order.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_gate) return _lines.ToList(); }
    }

    /// <summary>The last <paramref name="count"/> lines, one per line.</summary>
    public string Tail(int count = 20) => string.Join("\n", Lines.TakeLast(count));

    /// <summary>The first kept line that <paramref name="match"/> accepts, waiting until <paramref name="deadlineUtc"/>; null when none came (or the process ended).</summary>
    public string? WaitForLine(Func<string, bool> match, DateTime deadlineUtc)
    {
        long seen = 0;
        lock (_gate)
        {
            while (true)
            {
                long first = _count - _lines.Count;
                int i = 0;
                foreach (string line in _lines)
                {
                    if (first + i >= seen && match(line)) return line;
                    i++;
                }
                seen = _count;
                TimeSpan left = deadlineUtc - DateTime.UtcNow;
                if (_openStreams == 0 || left <= TimeSpan.Zero) return null;
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to end.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit(); // drains the output readers
        return true;
    }

    /// <summary>Kills the process tree (if it runs) and waits for it.</summary>
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
            // never started or already gone
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        lock (_gate)
        {
            if (line == null)
            {
                _openStreams--;
            }
            else
            {
                _lines.Enqueue(line.TrimEnd('\r'));
                _count++;
                while (_lines.Count > Keep) _lines.Dequeue();
            }
            Monitor.PulseAll(_gate);
        }
    }
}

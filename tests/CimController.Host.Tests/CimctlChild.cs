using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>
/// A cimctl child process whose output lines are collected as they come, so a test can wait (with a deadline) for a line,
/// send the process a signal, and wait for its end. SIGINT reaches it even when the test runs where SIGINT is ignored (a
/// background job of a non-interactive shell passes the ignore on): the child is started through
/// <c>env --default-signal=INT</c>, which restores the default before dotnet starts.
/// </summary>
internal sealed class CimctlChild : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = new();
    private readonly List<string> _stderr = new();
    private readonly object _gate = new();
    private readonly Task _stdoutDone;
    private readonly Task _stderrDone;
    private int _openStreams = 2;

    private CimctlChild(Process process)
    {
        _process = process;
        _process.StandardInput.Close();
        _stdoutDone = Task.Run(() => Pump(_process.StandardOutput, _stdout, "stdout"));
        _stderrDone = Task.Run(() => Pump(_process.StandardError, _stderr, "stderr"));
    }

    /// <summary>Starts <c>cimctl ARGS</c> in <paramref name="workingDirectory"/> (default: the test's).</summary>
    public static CimctlChild Start(IEnumerable<string> args, string? workingDirectory = null)
    {
        string[] list = args.ToArray();
        Console.WriteLine("$ cimctl " + string.Join(" ", list));
        ProcessStartInfo info = CimctlProcess.StartInfo(list);
        var viaEnv = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        viaEnv.ArgumentList.Add("--default-signal=INT");
        viaEnv.ArgumentList.Add(info.FileName);
        foreach (string a in info.ArgumentList)
        {
            viaEnv.ArgumentList.Add(a);
        }

        return new CimctlChild(Process.Start(viaEnv)!);
    }

    /// <summary>Runs <c>cimctl ARGS</c> to its end (bounded by <paramref name="timeout"/>) and returns exit code, stdout and stderr.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        using CimctlChild child = Start(args, workingDirectory);
        int exit = child.WaitForExit(timeout);
        return (exit, child.Stdout, child.Stderr);
    }

    /// <summary>Everything printed on stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return string.Join("\n", _stdout);
            }
        }
    }

    /// <summary>Everything printed on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return string.Join("\n", _stderr);
            }
        }
    }

    /// <summary>Waits until a line of stdout or stderr satisfies <paramref name="match"/>; fails the test at the deadline or when the process ends first.</summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan timeout, string what)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (true)
            {
                string? line = _stdout.Concat(_stderr).FirstOrDefault(match);
                if (line is not null)
                {
                    return line;
                }

                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _openStreams == 0)
                {
                    Assert.Fail($"cimctl printed no line with {what} within {timeout.TotalSeconds} s (exited: {_process.HasExited}); stdout:\n{string.Join("\n", _stdout)}\nstderr:\n{string.Join("\n", _stderr)}");
                }

                System.Threading.Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Sends <paramref name="signal"/> ("INT", "TERM") with kill(1).</summary>
    public void Signal(string signal)
    {
        Console.WriteLine($"kill -{signal} {_process.Id}");
        using Process kill = Process.Start(new ProcessStartInfo("kill", "-" + signal + " " + _process.Id) { UseShellExecute = false })!;
        Assert.IsTrue(kill.WaitForExit(10_000), "kill did not finish");
    }

    /// <summary>Waits for the end (killing the process at the deadline and failing) and returns the exit code once all output is read.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"cimctl did not end within {timeout.TotalSeconds} s; stderr:\n{Stderr}");
        }

        _process.WaitForExit();
        Task.WaitAll(_stdoutDone, _stderrDone);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Pump(StreamReader reader, List<string> lines, string name)
    {
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            Console.WriteLine(name + ": " + line);
            lock (_gate)
            {
                lines.Add(line);
                System.Threading.Monitor.PulseAll(_gate);
            }
        }

        lock (_gate)
        {
            _openStreams--;
            System.Threading.Monitor.PulseAll(_gate);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace CimController.Cli.Commands
{
    /// <summary>How one run of a sweep ended: exit code, its JSON document (null when stdout held none) and its last error line.</summary>
    public sealed record SweepChildResult(int ExitCode, JsonObject? Document, string? ErrorLine, bool Signalled);

    /// <summary>
    /// One run of a sweep: this cimctl again as a child process with the given arguments, stdout (the run's JSON document)
    /// captured, stderr relayed line by line with a prefix. A stop signal to the sweep reaches the child once: a child in
    /// the same terminal gets Ctrl-C from the terminal itself (its line "cimctl: Ctrl-C ..." shows it), otherwise the sweep
    /// sends it the signal it got; either way the child stops gracefully and prints its own resume command. A second
    /// signal to the sweep is passed on as the child's second, which aborts it.
    /// </summary>
    public static class SweepChild
    {
        /// <summary>How long the sweep waits for the child to report a signal before passing the signal on.</summary>
        private static readonly TimeSpan SignalGrace = TimeSpan.FromSeconds(1);

        /// <summary>Runs cimctl with <paramref name="args"/> to its end.</summary>
        public static SweepChildResult Run(IReadOnlyList<string> args, string prefix, RunStopSignal stop)
        {
            using Process process = Process.Start(StartInfo(args)) ?? throw new IOException("cannot start " + Environment.ProcessPath);
            process.StandardInput.Close();
            using var childSignalled = new ManualResetEventSlim(false);
            string? lastError = null;
            var relay = Task.Run(() =>
            {
                string? line;
                while ((line = process.StandardError.ReadLine()) != null)
                {
                    if (line.StartsWith("cimctl: Ctrl-C (SIGINT)", StringComparison.Ordinal) || line.StartsWith("cimctl: SIGTERM", StringComparison.Ordinal))
                    {
                        childSignalled.Set();
                    }
                    else if (line.StartsWith("cimctl: ", StringComparison.Ordinal))
                    {
                        lastError = line["cimctl: ".Length..];
                    }

                    Console.Error.WriteLine(prefix + line);
                }
            });
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task exited = process.WaitForExitAsync();
            bool passedOn = false;
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Action abort = () => Signal(process.Id, PosixSignal.SIGTERM);
            stop.Aborting += abort;
            try
            {
                using CancellationTokenRegistration registration = stop.Token.Register(() => stopped.TrySetResult());
                if (Task.WaitAny(exited, stopped.Task) == 1 && !childSignalled.Wait(SignalGrace) && !process.HasExited)
                {
                    Signal(process.Id, stop.Signal);
                    passedOn = true;
                }

                exited.Wait();
            }
            finally
            {
                stop.Aborting -= abort;
            }

            exited.Wait();
            relay.Wait();
            JsonObject? doc = null;
            try
            {
                doc = JsonNode.Parse(stdout.Result) as JsonObject;
            }
            catch (JsonException)
            {
                // No JSON document: the child failed before printing one; its error line says why.
            }

            return new SweepChildResult(process.ExitCode, doc, lastError, passedOn || childSignalled.IsSet);
        }

        /// <summary>The start description: <c>dotnet cimctl.dll ARGS</c> when run through the dotnet host, else this executable.</summary>
        private static ProcessStartInfo StartInfo(IReadOnlyList<string> args)
        {
            string exe = Environment.ProcessPath ?? "dotnet";
            var info = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            if (string.Equals(Path.GetFileNameWithoutExtension(exe), "dotnet", StringComparison.OrdinalIgnoreCase))
            {
                info.ArgumentList.Add(typeof(SweepChild).Assembly.Location);
            }

            foreach (string a in args)
            {
                info.ArgumentList.Add(a);
            }

            return info;
        }

        private static void Signal(int pid, PosixSignal signal)
        {
            if (OperatingSystem.IsWindows())
            {
                return; // no POSIX signals: Ctrl-C reaches the child through the console
            }

            _ = Kill(pid, signal == PosixSignal.SIGINT ? 2 : 15);
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}

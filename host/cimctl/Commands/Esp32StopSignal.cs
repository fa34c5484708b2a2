using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// Ctrl-C (SIGINT) and SIGTERM for <c>cimctl esp32 run</c>: both complete <see cref="Requested"/> instead of ending
    /// the process, so the command can stop the nanoCLR and the board itself. While the app is still being built or
    /// booted (<see cref="Starting"/>), a signal also kills this process's own child processes (the build or the nanoCLR),
    /// since the library calls that wait for them take no cancellation: their wait then ends at once and nothing is left
    /// running.
    /// </summary>
    public sealed class Esp32StopSignal : IDisposable
    {
        private readonly TaskCompletionSource<PosixSignal> _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly PosixSignalRegistration _sigint;
        private readonly PosixSignalRegistration _sigterm;
        private volatile bool _starting = true;

        /// <summary>Registers the handlers.</summary>
        public Esp32StopSignal()
        {
            _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        }

        /// <summary>Completes with the first stop signal.</summary>
        public Task<PosixSignal> Requested => _requested.Task;

        /// <summary>True once a stop signal came.</summary>
        public bool IsRequested => _requested.Task.IsCompleted;

        /// <summary>True while building and booting (a signal then also kills the child processes); set false once serving.</summary>
        public bool Starting
        {
            get => _starting;
            set => _starting = value;
        }

        /// <summary>
        /// Whether a stop signal came, waiting up to <paramref name="grace"/> for one: Ctrl-C in a terminal reaches the
        /// whole process group, so the build or the nanoCLR may end from it a moment before this process's handler runs.
        /// </summary>
        public bool CameWithin(TimeSpan grace) => _requested.Task.Wait(grace);

        /// <summary>The signal's name for the stop line.</summary>
        public string Name => IsRequested ? (_requested.Task.Result == PosixSignal.SIGINT ? "Ctrl-C (SIGINT)" : "SIGTERM") : "no signal";

        /// <summary>Unregisters the handlers (signals then end the process again).</summary>
        public void Dispose()
        {
            _sigint.Dispose();
            _sigterm.Dispose();
        }

        private void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            _requested.TrySetResult(context.Signal);
            if (_starting)
            {
                KillOwnChildren();
            }
        }

        // The children are found in /proc by parent id (Linux, where the nanoCLR runs); each is killed with its descendants
        // (a dotnet build's MSBuild nodes and MetadataProcessor runs).
        private static void KillOwnChildren()
        {
            int self = Environment.ProcessId;
            string[] entries;
            try
            {
                entries = Directory.GetDirectories("/proc");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
            foreach (string entry in entries)
            {
                if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || ParentOf(entry) != self)
                {
                    continue;
                }
                try
                {
                    using Process child = Process.GetProcessById(pid);
                    child.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
        }

        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so fields count from the last ')'.
        private static int ParentOf(string procEntry)
        {
            try
            {
                string stat = File.ReadAllText(Path.Combine(procEntry, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ppid) ? ppid : -1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return -1;
            }
        }
    }
}

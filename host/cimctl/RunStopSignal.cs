using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace CimController.Cli
{
    /// <summary>
    /// Ctrl-C (SIGINT) and SIGTERM for commands that stop gracefully (train, sweep): the first signal cancels
    /// <see cref="Token"/> instead of ending the process, so the command can finish the step in flight, save its state and
    /// say how to continue; a second signal ends the process at once (the runtime's default action). The exit code of a
    /// stopped command is the shell's 128 + signal number: 130 for SIGINT, 143 for SIGTERM.
    /// </summary>
    public sealed class RunStopSignal : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly PosixSignalRegistration _sigint;
        private readonly PosixSignalRegistration _sigterm;
        private readonly Action<string> _say;
        private int _signals;
        private PosixSignal _first;

        /// <summary>Registers the handlers; <paramref name="firstSignal"/> is the line printed on the first signal (what happens now).</summary>
        public RunStopSignal(string firstSignal, Action<string>? say = null)
        {
            FirstSignalLine = firstSignal;
            _say = say ?? (line => Console.Error.WriteLine(line));
            _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        }

        /// <summary>The line printed on the first signal.</summary>
        public string FirstSignalLine { get; set; }

        /// <summary>Raised on the second signal, just before the process ends (e.g. to pass the abort on to a child process).</summary>
        public event Action? Aborting;

        /// <summary>Cancelled by the first signal.</summary>
        public CancellationToken Token => _stop.Token;

        /// <summary>True once a signal came.</summary>
        public bool IsRequested => _stop.IsCancellationRequested;

        /// <summary>The first signal (valid when <see cref="IsRequested"/>).</summary>
        public PosixSignal Signal => _first;

        /// <summary>"SIGINT" or "SIGTERM".</summary>
        public string Name => _first == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";

        /// <summary>130 after SIGINT, 143 after SIGTERM.</summary>
        public int ExitCode => ExitCodeOf(_first);

        /// <summary>The exit code for a stop by <paramref name="signal"/>: 128 + its number.</summary>
        public static int ExitCodeOf(PosixSignal signal) => signal == PosixSignal.SIGINT ? 130 : 143;

        /// <summary>Unregisters the handlers.</summary>
        public void Dispose()
        {
            _sigint.Dispose();
            _sigterm.Dispose();
            _stop.Dispose();
        }

        private void OnSignal(PosixSignalContext context)
        {
            if (Interlocked.Increment(ref _signals) == 1)
            {
                context.Cancel = true;
                _first = context.Signal;
                _say("cimctl: " + (context.Signal == PosixSignal.SIGINT ? "Ctrl-C (SIGINT)" : "SIGTERM") + ": " + FirstSignalLine + " (a second Ctrl-C or SIGTERM aborts at once)");
                _stop.Cancel();
                return;
            }

            _say("cimctl: second stop signal: aborting now");
            Aborting?.Invoke();
            context.Cancel = false;
        }
    }
}

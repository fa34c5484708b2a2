using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using CimController.Host;
using Spectre.Console;

namespace CimController.Cli
{
    /// <summary>
    /// Runs long work with a Spectre progress bar on a terminal, and otherwise (--json, output redirected to a file or a
    /// pipe) with plain progress lines on stderr (<see cref="ProgressLog"/>; interval <c>CIMCTL_PROGRESS_SECONDS</c>,
    /// default <see cref="DefaultIntervalSeconds"/>).
    /// </summary>
    public static class ProgressDisplay
    {
        /// <summary>Seconds between plain progress lines without a terminal unless <c>CIMCTL_PROGRESS_SECONDS</c> says otherwise.</summary>
        public const double DefaultIntervalSeconds = 5;

        /// <summary>The environment variable that sets the interval of plain progress lines, seconds (0 = every update).</summary>
        public const string IntervalVariable = "CIMCTL_PROGRESS_SECONDS";

        private static readonly Stopwatch Started = Stopwatch.StartNew();
        private static volatile ProgressLog? _log;
        private static Timer? _ticker;

        /// <summary>
        /// Reads <c>CIMCTL_PROGRESS_SECONDS</c> and prepares the plain progress log of this run; throws
        /// <see cref="UsageException"/> for a value that is not 0..3600 seconds.
        /// </summary>
        public static void Configure()
        {
            string? text = Environment.GetEnvironmentVariable(IntervalVariable);
            double seconds = DefaultIntervalSeconds;
            if (!string.IsNullOrWhiteSpace(text)
                && (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || !(seconds >= 0) || seconds > 3600))
            {
                throw new UsageException(IntervalVariable + " '" + text + "' is not valid; give the seconds between progress lines, 0..3600 (0 = every update)");
            }
            TimeSpan start = Started.Elapsed;
            _log = new ProgressLog(Console.Error, () => Started.Elapsed - start, TimeSpan.FromSeconds(seconds));
        }

        /// <summary>Runs <paramref name="work"/>, giving it a progress sink that drives a bar labelled <paramref name="label"/> when <paramref name="interactive"/>, else plain lines.</summary>
        public static T Run<T>(bool interactive, string label, Func<IProgress<CimProgress>?, T> work)
        {
            if (!interactive)
            {
                return RunPlain(label, work);
            }
            T result = default!;
            AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask(Markup.Escape(label));
                    result = work(new CallbackProgress<CimProgress>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                    }));
                    task.Value = task.MaxValue;
                });
            return result;
        }

        /// <summary>Runs a step that reports no progress of its own (analysis, plots) under <paramref name="label"/>: a bar-less step on a terminal, heartbeat lines otherwise.</summary>
        public static void Step(bool interactive, string label, Action work)
        {
            if (interactive)
            {
                work();
                return;
            }
            RunPlain<bool>(label, _ =>
            {
                work();
                return true;
            });
        }

        private static T RunPlain<T>(string label, Func<IProgress<CimProgress>?, T> work)
        {
            if (_log == null)
            {
                Configure();
            }
            ProgressLog log = _log!;
            // One ticker for the process: heartbeat lines for whichever step is running, however short each step is.
            _ticker ??= new Timer(_ => _log?.Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            log.Begin(label);
            T result;
            try
            {
                result = work(new CallbackProgress<CimProgress>(p => log.Report(p.Done, p.Total)));
            }
            catch
            {
                log.Abandon();
                throw;
            }
            log.End();
            return result;
        }
    }
}

using System;
using CimController.Host;
using Spectre.Console;

namespace CimController.Cli
{
    /// <summary>Runs long work with a Spectre progress bar on a terminal, and silently otherwise (--json, redirected output).</summary>
    public static class ProgressDisplay
    {
        /// <summary>Runs <paramref name="work"/>, giving it a progress sink that drives a bar labelled <paramref name="label"/> when <paramref name="interactive"/>.</summary>
        public static T Run<T>(bool interactive, string label, Func<IProgress<CimProgress>?, T> work)
        {
            if (!interactive)
            {
                return work(null);
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
    }
}

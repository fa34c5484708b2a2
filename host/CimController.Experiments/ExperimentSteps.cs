using System;
using CimController.Host;

namespace CimController.Experiments
{
    /// <summary>
    /// How an experiment shows its long steps: a client call with progress (<see cref="Run{T}"/>) or a step without
    /// progress of its own (<see cref="Step"/>, analysis and plots). cimctl draws bars or log lines; a test or a library
    /// caller uses <see cref="SilentSteps"/>.
    /// </summary>
    public interface IExperimentSteps
    {
        /// <summary>Runs <paramref name="work"/> labelled <paramref name="label"/>, handing it a progress sink (or null).</summary>
        T Run<T>(string label, Func<IProgress<CimProgress>?, T> work);

        /// <summary>Runs <paramref name="work"/>, a step that reports no progress, labelled <paramref name="label"/>.</summary>
        void Step(string label, Action work);
    }

    /// <summary>Steps run as they are, with no progress shown.</summary>
    public sealed class SilentSteps : IExperimentSteps
    {
        /// <summary>The one instance.</summary>
        public static readonly SilentSteps Instance = new();

        private SilentSteps()
        {
        }

        /// <inheritdoc/>
        public T Run<T>(string label, Func<IProgress<CimProgress>?, T> work) => work(null);

        /// <inheritdoc/>
        public void Step(string label, Action work) => work();
    }
}

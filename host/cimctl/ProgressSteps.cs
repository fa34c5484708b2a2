using System;
using CimController.Experiments;
using CimController.Host;

namespace CimController.Cli
{
    /// <summary>The steps of an experiment shown by <see cref="ProgressDisplay"/>: a bar on a terminal, plain progress lines otherwise.</summary>
    public sealed class ProgressSteps(bool interactive) : IExperimentSteps
    {
        /// <inheritdoc/>
        public T Run<T>(string label, Func<IProgress<CimProgress>?, T> work) => ProgressDisplay.Run(interactive, label, work);

        /// <inheritdoc/>
        public void Step(string label, Action work) => ProgressDisplay.Step(interactive, label, work);
    }
}

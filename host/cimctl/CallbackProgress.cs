using System;

namespace CimController.Cli
{
    /// <summary>An <see cref="IProgress{T}"/> that calls its handler synchronously on the reporting thread (unlike <see cref="Progress{T}"/>).</summary>
    public sealed class CallbackProgress<T> : IProgress<T>
    {
        private readonly Action<T> _handler;

        /// <summary>Creates the progress sink.</summary>
        public CallbackProgress(Action<T> handler)
        {
            _handler = handler;
        }

        /// <inheritdoc />
        public void Report(T value)
        {
            _handler(value);
        }
    }
}

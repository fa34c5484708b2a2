using System.Diagnostics;
using CimController.Host.Transports;

namespace CimController.Benchmarks
{
    /// <summary>The host's transport, with the time spent in reads (mostly waiting for the firmware) and writes.</summary>
    internal sealed class TimedTransport : ITransport
    {
        private readonly ITransport _inner;

        public TimedTransport(ITransport inner)
        {
            _inner = inner;
        }

        public long ReadTicks { get; private set; }

        public long WriteTicks { get; private set; }

        public string Description => _inner.Description;

        public bool CanReconnect => false;

        public void Open() => _inner.Open();

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            long t = Stopwatch.GetTimestamp();
            int n = _inner.Read(buffer, offset, count, timeoutMs);
            ReadTicks += Stopwatch.GetTimestamp() - t;
            return n;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            long t = Stopwatch.GetTimestamp();
            _inner.Write(buffer, offset, count);
            WriteTicks += Stopwatch.GetTimestamp() - t;
        }

        public void Dispose() => _inner.Dispose();
    }
}

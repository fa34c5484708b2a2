using System.Diagnostics;
using CimController.Firmware;

namespace CimController.Benchmarks
{
    /// <summary>The firmware's end of the link, with the time spent in reads (mostly waiting) and writes.</summary>
    internal sealed class TimedLink : IHostLink
    {
        private readonly IHostLink _inner;

        public TimedLink(IHostLink inner)
        {
            _inner = inner;
        }

        public long ReadTicks { get; private set; }

        public long WriteTicks { get; private set; }

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
    }
}

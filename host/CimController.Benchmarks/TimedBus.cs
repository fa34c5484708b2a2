using System.Diagnostics;
using CimController.Protocol.Board;

namespace CimController.Benchmarks
{
    /// <summary>The SPI bus with the time spent in transactions (the emulator's work, MAC included).</summary>
    internal sealed class TimedBus : ISpiBus
    {
        private readonly ISpiBus _inner;

        public TimedBus(ISpiBus inner)
        {
            _inner = inner;
        }

        public long Ticks { get; private set; }

        public void Transfer(byte[] tx, byte[] rx, int count)
        {
            long t = Stopwatch.GetTimestamp();
            _inner.Transfer(tx, rx, count);
            Ticks += Stopwatch.GetTimestamp() - t;
        }
    }
}

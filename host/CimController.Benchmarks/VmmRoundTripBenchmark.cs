using System;
using System.Diagnostics;
using CimController.Host;

namespace CimController.Benchmarks
{
    /// <summary>
    /// Round trips per second and protocol overhead of Vmm over a connected client: repeated calls of a
    /// fixed number of random input vectors on a tile window, for a bounded time each.
    /// </summary>
    public static class VmmRoundTripBenchmark
    {
        /// <summary>
        /// Times Vmm calls of <paramref name="vectorsPerCall"/> vectors through <paramref name="client"/> on
        /// tile 0, rows 0..<paramref name="rows"/>, columns 0..<paramref name="cols"/>, for about
        /// <paramref name="seconds"/> (at least one call) after a short warm-up. <paramref name="label"/> names
        /// the transport in the result (default: the client's board description).
        /// </summary>
        public static VmmRoundTripResult Measure(CimClient client, int rows, int cols, int vectorsPerCall, double seconds, int seed, string? label = null)
        {
            ArgumentNullException.ThrowIfNull(client);
            if (vectorsPerCall < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(vectorsPerCall), vectorsPerCall, "vectors per call must be at least 1");
            }
            if (!(seconds > 0) || seconds > 600)
            {
                throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "seconds must be in (0, 600]");
            }
            var inputs = new byte[vectorsPerCall * rows];
            new Random(seed).NextBytes(inputs);
            // Warm-up, so that tiered JIT has promoted the hot paths before timing starts.
            var warm = Stopwatch.StartNew();
            do
            {
                client.Vmm(0, 0, rows, 0, cols, inputs, vectorsPerCall);
            }
            while (warm.Elapsed.TotalSeconds < Math.Min(0.2, seconds / 2));

            long sent0 = client.BytesSent;
            long received0 = client.BytesReceived;
            long roundTrips = 0;
            long calls = 0;
            var timer = Stopwatch.StartNew();
            do
            {
                roundTrips += client.Vmm(0, 0, rows, 0, cols, inputs, vectorsPerCall).Requests;
                calls++;
            }
            while (timer.Elapsed.TotalSeconds < seconds);
            double elapsed = timer.Elapsed.TotalSeconds;
            long wire = client.BytesSent - sent0 + client.BytesReceived - received0;
            long useful = calls * vectorsPerCall * (long)(rows + cols);
            return new VmmRoundTripResult(label ?? client.BoardDescription, vectorsPerCall, roundTrips, calls * vectorsPerCall, elapsed, wire, useful);
        }
    }
}

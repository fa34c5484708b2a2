using System.Collections.Generic;

namespace CimController.Benchmarks
{
    /// <summary>One timed repeat of <see cref="TrainForwardBenchmark.Run"/>.</summary>
    /// <param name="Blocks">Per block.</param>
    /// <param name="BatchMs">Wall time per batch.</param>
    /// <param name="EpochSeconds">Projected chip forward time of an epoch (batch time x batches per epoch).</param>
    /// <param name="LoadAverage">1-minute load average of the machine at the end of the repeat (Linux), or -1.</param>
    /// <param name="CpuMsPerBatch">Processor time of this process per batch (all threads): on a busy machine a steadier
    /// measure of the work than wall time, which also counts the time the threads wait for a core.</param>
    public readonly record struct TrainForwardRepeat(IReadOnlyList<ForwardBlockTiming> Blocks, double BatchMs, double EpochSeconds, double LoadAverage, double CpuMsPerBatch);
}

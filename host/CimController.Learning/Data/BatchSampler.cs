using System;
using System.Collections.Generic;

namespace CimController.Learning.Data;

/// <summary>
/// Seeded shuffled batching. Each epoch draws a fresh permutation of the data set from a generator seeded by
/// (seed, epoch) alone, so epoch e's batches are the same whether or not the earlier epochs ran (a resumed run sees
/// the batches an uninterrupted one would). Wu 2023 trains on "400 randomly shuffled batches of 64" per epoch: the
/// first <c>batchesPerEpoch</c> batches of the permutation.
/// </summary>
public sealed class BatchSampler
{
    private readonly int _count;

    /// <summary>Creates a sampler over <paramref name="datasetCount"/> items.</summary>
    public BatchSampler(int datasetCount, int batchSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(datasetCount, batchSize);
        _count = datasetCount;
        BatchSize = batchSize;
        Seed = seed;
    }

    /// <summary>Items per batch.</summary>
    public int BatchSize { get; }

    /// <summary>The run's seed.</summary>
    public int Seed { get; }

    /// <summary>Number of whole batches one permutation holds.</summary>
    public int MaxBatchesPerEpoch => _count / BatchSize;

    /// <summary>The permutation of epoch <paramref name="epoch"/> (Fisher-Yates over a generator seeded by seed and epoch).</summary>
    public int[] Permutation(int epoch)
    {
        var order = new int[_count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var rng = new Random(DeriveSeed(Seed, epoch));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    /// <summary>The index arrays of the first <paramref name="batchesPerEpoch"/> batches of epoch <paramref name="epoch"/>.</summary>
    public IEnumerable<int[]> Batches(int epoch, int batchesPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchesPerEpoch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchesPerEpoch, MaxBatchesPerEpoch);
        int[] order = Permutation(epoch);
        for (int b = 0; b < batchesPerEpoch; b++)
        {
            yield return order.AsSpan(b * BatchSize, BatchSize).ToArray();
        }
    }

    /// <summary>SplitMix64 of (seed, stream): a well-mixed 31-bit seed that depends only on its arguments.</summary>
    public static int DeriveSeed(int seed, int stream)
    {
        ulong z = ((ulong)(uint)seed << 32) ^ (uint)stream;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}

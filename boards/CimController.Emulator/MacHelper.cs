using System;
using System.Diagnostics;
using System.Threading;

namespace CimController.Emulator
{
    /// <summary>
    /// A second thread for the MACs of one board at a time (<see cref="EmulatorOptions.MacThreads"/> 2 or more): a command's
    /// vectors are cut into chunks that the calling thread and the helper take in turn, one at a time, until none is left.
    /// <para>
    /// Why a dedicated thread and not the thread pool: one command holds 40-60 us of work (conv1: 327 vectors of 25 rows x 8
    /// columns, 8 conversions each), about what waking a pool thread costs. The helper spins for a while after its last chunk
    /// (<see cref="SpinMicroseconds"/>), so consecutive commands find it awake, then sleeps until the next one.
    /// </para>
    /// <para>
    /// Why the caller never waits for a helper that has not started: the caller takes chunks as well, so a helper that is
    /// asleep or preempted only helps less; the caller waits only for a chunk the helper is computing. Results do not depend on
    /// who computes which chunk (each vector's noise stream depends only on the command key and the vector index).
    /// </para>
    /// <para>
    /// Hand-over: one 64-bit ticket holds the job's generation (high half) and the next chunk (low half). A thread takes a
    /// chunk by compare-and-swap on the ticket of the generation it serves, so a chunk of an old job is never taken after the
    /// caller moved on. The helper announces the generation it works in (<c>_helperIn</c>) before it takes a chunk, and the
    /// caller returns only when every chunk is taken and the helper is out of the generation: the job's arrays are then no
    /// longer read.
    /// </para>
    /// </summary>
    internal sealed class MacHelper
    {
        /// <summary>How long the helper stays awake after its last chunk, in microseconds (longer than the gap between two MAC
        /// commands of one Vmm, shorter than a training step's host work).</summary>
        public const int SpinMicroseconds = 300;

        private static readonly Lazy<MacHelper> Instance = new Lazy<MacHelper>(() => new MacHelper(), LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly SemaphoreSlim _wake = new SemaphoreSlim(0);
        private readonly long _spinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
        private MacJob _job;
        private int[] _chunkStarts = new int[1];
        private int _chunks;
        private long _ticket;
        private long _helperIn;
        private int _sleeping;
        private int _owned;
        private Exception? _failure;

        private MacHelper()
        {
            var thread = new Thread(Serve) { IsBackground = true, Name = "emulator MAC helper" };
            thread.Start();
        }

        /// <summary>The process's helper (started on first use).</summary>
        public static MacHelper Shared => Instance.Value;

        /// <summary>
        /// Runs <paramref name="job"/> over the chunks [starts[i], starts[i + 1]) with the helper
        /// (<see cref="MacEngine.RunRange"/> on each); false (nothing run) when another board's command holds the helper: the
        /// caller then runs the job alone.
        /// </summary>
        public bool TryRun(in MacJob job, ReadOnlySpan<int> starts)
        {
            if (Interlocked.CompareExchange(ref _owned, 1, 0) != 0)
            {
                return false;
            }

            long generation = 0;
            try
            {
                if (_chunkStarts.Length < starts.Length)
                {
                    _chunkStarts = new int[starts.Length];
                }

                starts.CopyTo(_chunkStarts);
                _chunks = starts.Length - 1;
                _job = job;
                _failure = null;
                generation = (Volatile.Read(ref _ticket) >> 32) + 1;
                Interlocked.Exchange(ref _ticket, generation << 32);
                if (Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
                {
                    _wake.Release();
                }

                int chunk;
                while ((chunk = Take(generation)) >= 0)
                {
                    MacEngine.RunRange(job, _chunkStarts[chunk], _chunkStarts[chunk + 1]);
                }
            }
            finally
            {
                // No chunk is left to take (also when this thread failed); the job's arrays are free once the helper is out of
                // the generation (0: none was published, generations count from 1).
                while (Take(generation) >= 0)
                {
                }

                var spin = new SpinWait();
                while (generation != 0 && Volatile.Read(ref _helperIn) == generation)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                _job = default;
                Volatile.Write(ref _owned, 0);
            }

            if (_failure is Exception failure)
            {
                throw new InvalidOperationException("the MAC helper thread failed: " + failure.Message, failure);
            }

            return true;
        }

        /// <summary>The next chunk of generation <paramref name="generation"/>, or -1 when it has none left (or is over).</summary>
        private int Take(long generation)
        {
            while (true)
            {
                long ticket = Volatile.Read(ref _ticket);
                int next = (int)(ticket & 0xFFFFFFFF);
                if (ticket >> 32 != generation || next >= _chunks)
                {
                    return -1;
                }

                if (Interlocked.CompareExchange(ref _ticket, ticket + 1, ticket) == ticket)
                {
                    return next;
                }
            }
        }

        private void Serve()
        {
            long served = 0;
            while (true)
            {
                long generation = WaitForJob(served);
                served = generation;
                Interlocked.Exchange(ref _helperIn, generation);
                try
                {
                    int chunk;
                    while ((chunk = Take(generation)) >= 0)
                    {
                        MacEngine.RunRange(_job, _chunkStarts[chunk], _chunkStarts[chunk + 1]);
                    }
                }
                catch (Exception e)
                {
                    _failure = e;
                    // end the job: the chunks left are taken so that the caller stops, waits for this thread and throws
                    while (Take(generation) >= 0)
                    {
                    }
                }
                finally
                {
                    Volatile.Write(ref _helperIn, 0);
                }
            }
        }

        /// <summary>Spins for <see cref="SpinMicroseconds"/> waiting for a generation after <paramref name="served"/>, then sleeps until one is published.</summary>
        private long WaitForJob(long served)
        {
            long start = Stopwatch.GetTimestamp();
            var spin = new SpinWait();
            while (true)
            {
                long generation = Volatile.Read(ref _ticket) >> 32;
                if (generation != served)
                {
                    return generation;
                }

                if (Stopwatch.GetTimestamp() - start < _spinTicks)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                    continue;
                }

                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _ticket) >> 32 != served && Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
                {
                    continue;
                }

                // asleep, or a caller took the flag and releases the semaphore
                _wake.Wait();
                start = Stopwatch.GetTimestamp();
            }
        }
    }
}

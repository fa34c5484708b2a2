using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using CimController.Learning.Layers;

namespace CimController.Training;

/// <summary>
/// The forward pass of a batch spread over several boards that each hold one copy of the network (data-parallel
/// training): every crossbar layer call's vectors are split into one contiguous share per board, the boards run their
/// shares at the same time (one thread each: boards behind TCP links, or in-process emulators, work in parallel), and
/// the outputs are put back in vector order. Each board's <see cref="ChipSession"/> applies its own input scale rule to
/// its share. The backward pass and the update then see one batch, as with one board.
/// </summary>
internal sealed class DataParallelChips : IActivationSource
{
    private readonly IReadOnlyList<ChipSession> _boards;
    private readonly float[][] _inputs;
    private readonly float[][] _outputs;
    private readonly bool[] _measured;

    public DataParallelChips(IReadOnlyList<ChipSession> boards)
    {
        ArgumentNullException.ThrowIfNull(boards);
        if (boards.Count < 2)
        {
            throw new ArgumentException("data-parallel needs two or more boards", nameof(boards));
        }

        _boards = boards;
        _inputs = new float[boards.Count][];
        _outputs = new float[boards.Count][];
        _measured = new bool[boards.Count];
        for (int b = 0; b < boards.Count; b++)
        {
            _inputs[b] = Array.Empty<float>();
            _outputs[b] = Array.Empty<float>();
        }
    }

    /// <summary>Wall time spent in <see cref="TryGetOutput"/> (the boards work at the same time).</summary>
    public TimeSpan ChipTime { get; private set; }

    /// <summary>The first vector of board <paramref name="board"/>'s share of <paramref name="vectors"/>.</summary>
    public static int ShareStart(int vectors, int boards, int board) => (int)((long)vectors * board / boards);

    public bool TryGetOutput(CrossbarLayerCall call, Span<float> output)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            return Run(call, output);
        }
        finally
        {
            ChipTime += Stopwatch.GetElapsedTime(start);
        }
    }

    private bool Run(CrossbarLayerCall call, Span<float> output)
    {
        int v = call.VectorCount, k = call.Layer.FanIn, outputs = call.Layer.Outputs, n = _boards.Count;
        for (int b = 0; b < n; b++)
        {
            int count = ShareStart(v, n, b + 1) - ShareStart(v, n, b);
            if (_inputs[b].Length < k * count)
            {
                _inputs[b] = new float[k * count];
            }

            if (_outputs[b].Length < outputs * count)
            {
                _outputs[b] = new float[outputs * count];
            }
        }

        bool[] measured = _measured;
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = n }, b =>
        {
            int first = ShareStart(v, n, b), count = ShareStart(v, n, b + 1) - first;
            if (count == 0)
            {
                measured[b] = true;
                return;
            }

            CrossbarLayerCall share = call.Slice(first, count, _inputs[b]);
            measured[b] = _boards[b].TryGetOutput(share, _outputs[b].AsSpan(0, outputs * count));
        });

        if (Array.IndexOf(measured, false) >= 0)
        {
            return false;
        }

        for (int b = 0; b < n; b++)
        {
            int first = ShareStart(v, n, b), count = ShareStart(v, n, b + 1) - first;
            for (int o = 0; o < outputs; o++)
            {
                _outputs[b].AsSpan(o * count, count).CopyTo(output.Slice((o * v) + first, count));
            }
        }

        return true;
    }
}

using System;
using System.Collections.Generic;
using CimController.Firmware;
using CimController.Host;

namespace CimController.Training;

/// <summary>
/// The pair writer of the host's <see cref="AccumulatorMirror"/>: programs nothing, records the G+ and G- targets the
/// firmware's <see cref="UpdateAccumulator"/> decides, in write order, and answers each write with the outcome the
/// firmware reported for the same position of its reply (status, trials, pulses and read-back conductances).
/// </summary>
internal sealed class RecordingPairWriter : IPairWriter
{
    private IReadOnlyList<TrainWrite> _reply = Array.Empty<TrainWrite>();

    /// <summary>Pairs written since <see cref="Begin"/>.</summary>
    public int Count { get; private set; }

    /// <summary>G+ target of each recorded write, nS.</summary>
    public uint[] PlusNs { get; private set; } = Array.Empty<uint>();

    /// <summary>G- target of each recorded write, nS.</summary>
    public uint[] MinusNs { get; private set; } = Array.Empty<uint>();

    /// <summary>Starts recording the writes of one chunk of <paramref name="weights"/> updates, answered from <paramref name="reply"/>.</summary>
    public void Begin(IReadOnlyList<TrainWrite> reply, int weights)
    {
        _reply = reply;
        Count = 0;
        if (PlusNs.Length < weights)
        {
            PlusNs = new uint[weights];
            MinusNs = new uint[weights];
        }
    }

    public void WritePair(int tile, int row, int column, uint plusNs, uint minusNs, int maxTrials, uint toleranceNs, int averages, PairWriteResult result)
    {
        TrainWrite answer = Count < _reply.Count ? _reply[Count] : default;
        result.Status = answer.Status;
        result.Trials = answer.Trials;
        result.Pulses = answer.Pulses;
        result.PlusNs = answer.PlusNs;
        result.MinusNs = answer.MinusNs;
        PlusNs[Count] = plusNs;
        MinusNs[Count] = minusNs;
        Count++;
    }
}

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
    private int _count;

    /// <summary>G+ and G- targets of the k-th write since <see cref="Begin"/>, nS.</summary>
    public uint[] PlusNanosiemens = Array.Empty<uint>(), MinusNanosiemens = Array.Empty<uint>();

    /// <summary>Starts recording the writes of one chunk of <paramref name="weights"/> updates, answered from <paramref name="reply"/>.</summary>
    public void Begin(IReadOnlyList<TrainWrite> reply, int weights)
    {
        _reply = reply;
        _count = 0;
        if (PlusNanosiemens.Length < weights)
        {
            PlusNanosiemens = new uint[weights];
            MinusNanosiemens = new uint[weights];
        }
    }

    public void WritePair(int tile, int row, int column, uint plusNanosiemens, uint minusNanosiemens, int maxTrials, uint toleranceNanosiemens, int averages, PairWriteResult result)
    {
        TrainWrite answer = _count < _reply.Count ? _reply[_count] : default;
        (result.Status, result.Trials, result.Pulses, result.PlusNanosiemens, result.MinusNanosiemens) = (answer.Status, answer.Trials, answer.Pulses, answer.PlusNanosiemens, answer.MinusNanosiemens);
        PlusNanosiemens[_count] = plusNanosiemens;
        MinusNanosiemens[_count++] = minusNanosiemens;
    }
}

using System;
using System.Collections.Generic;
using CimController.Protocol.Board;

namespace CimController.DiscreteBoard.Tests;

/// <summary>
/// The core drivers' side of the .NET IoT cross-check: an <see cref="ISpiBus"/> that records every transfer as an
/// <see cref="IotSpiRecord"/> ("Transfer"). MISO comes from <paramref name="inner"/> when given (an emulated chip),
/// else from scripted byte strings, one per transfer, zeros when none is queued.
/// </summary>
internal sealed class IotCrossCheckBus(ISpiBus? inner = null) : ISpiBus
{
    private readonly Queue<byte[]> _answers = new();

    /// <summary>Every transfer, in order.</summary>
    public List<IotSpiRecord> Records { get; } = new();

    /// <summary>Queues the MISO bytes of the next transfer.</summary>
    public void Answer(byte[] miso) => _answers.Enqueue(miso);

    public void Transfer(byte[] tx, byte[] rx, int count)
    {
        if (inner != null)
        {
            inner.Transfer(tx, rx, count);
        }
        else
        {
            Array.Clear(rx, 0, count);
            if (_answers.Count > 0)
            {
                byte[] answer = _answers.Dequeue();
                Array.Copy(answer, rx, Math.Min(answer.Length, count));
            }
        }
        Records.Add(new IotSpiRecord("Transfer", tx.AsSpan(0, count).ToArray(), rx.AsSpan(0, count).ToArray()));
    }
}

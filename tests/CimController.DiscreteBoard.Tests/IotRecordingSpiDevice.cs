using System;
using System.Collections.Generic;
using System.Device.Spi;

namespace CimController.DiscreteBoard.Tests;

/// <summary>
/// A .NET IoT <see cref="SpiDevice"/> with no hardware behind it: every Write, Read and TransferFullDuplex (and the
/// byte variants) becomes one <see cref="IotSpiRecord"/>; MISO is answered from scripted byte strings, one per
/// transaction, zeros when none is queued. Counts the reads of <see cref="ConnectionSettings"/> (mode, clock) so a
/// test can tell whether a binding looks at them.
/// </summary>
internal sealed class IotRecordingSpiDevice(SpiConnectionSettings settings) : SpiDevice
{
    private readonly Queue<byte[]> _answers = new();

    /// <summary>Every transaction, in order.</summary>
    public List<IotSpiRecord> Records { get; } = new();

    /// <summary>How often <see cref="ConnectionSettings"/> was read.</summary>
    public int SettingsReads { get; private set; }

    public override SpiConnectionSettings ConnectionSettings
    {
        get
        {
            SettingsReads++;
            return settings;
        }
    }

    /// <summary>Queues the MISO bytes of the next transaction that reads.</summary>
    public void Answer(byte[] miso) => _answers.Enqueue(miso);

    public override void Write(ReadOnlySpan<byte> buffer) => Records.Add(new IotSpiRecord("Write", buffer.ToArray(), null));

    public override void WriteByte(byte value) => Records.Add(new IotSpiRecord("WriteByte", new[] { value }, null));

    /// <summary>A half-duplex read clocks out zeros (as Linux spidev does with no transmit buffer).</summary>
    public override void Read(Span<byte> buffer)
    {
        Fill(buffer);
        Records.Add(new IotSpiRecord("Read", new byte[buffer.Length], buffer.ToArray()));
    }

    public override byte ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        Fill(one);
        Records.Add(new IotSpiRecord("ReadByte", new byte[1], one.ToArray()));
        return one[0];
    }

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Fill(readBuffer);
        Records.Add(new IotSpiRecord("TransferFullDuplex", writeBuffer.ToArray(), readBuffer.ToArray()));
    }

    private void Fill(Span<byte> miso)
    {
        miso.Clear();
        if (_answers.Count > 0)
        {
            byte[] answer = _answers.Dequeue();
            answer.AsSpan(0, Math.Min(answer.Length, miso.Length)).CopyTo(miso);
        }
    }
}

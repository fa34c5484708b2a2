using CimController.Protocol.Board;

namespace CimController.Firmware.Desktop.Recording;

/// <summary>An SPI bus whose transfers (bytes sent and received) go into a <see cref="SessionRecorder"/>.</summary>
internal sealed class RecordingSpiBus(SessionRecorder recorder, ISpiBus inner, int bus) : ISpiBus
{
    public void Transfer(byte[] tx, byte[] rx, int count)
    {
        inner.Transfer(tx, rx, count);
        recorder.Record(w => w.Spi(bus, tx, rx, count));
    }
}

namespace CimController.Firmware.Desktop.Recording;

/// <summary>A delay whose waits go into a <see cref="SessionRecorder"/>.</summary>
internal sealed class RecordingDelay(SessionRecorder recorder, IDelay inner) : IDelay
{
    public void DelayMicroseconds(int microseconds)
    {
        inner.DelayMicroseconds(microseconds);
        recorder.Record(w => w.Delay(microseconds));
    }
}

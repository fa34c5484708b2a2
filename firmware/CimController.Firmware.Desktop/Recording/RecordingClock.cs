namespace CimController.Firmware.Desktop.Recording;

/// <summary>A clock whose readings go into a <see cref="SessionRecorder"/>.</summary>
internal sealed class RecordingClock(SessionRecorder recorder, IClock inner) : IClock
{
    public long NowMs
    {
        get
        {
            long v = inner.NowMs;
            recorder.RecordClock(v);
            return v;
        }
    }
}

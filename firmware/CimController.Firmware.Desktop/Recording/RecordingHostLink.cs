using System.IO;
using CimController.Firmware.Transcripts;

namespace CimController.Firmware.Desktop.Recording;

/// <summary>A host link whose reads (with what the firmware asked for) and writes go into a <see cref="SessionRecorder"/>.</summary>
internal sealed class RecordingHostLink(SessionRecorder recorder, IHostLink inner) : IHostLink
{
    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        int n;
        try
        {
            n = inner.Read(buffer, offset, count, timeoutMs);
        }
        catch (IOException)
        {
            recorder.RecordRead(count, timeoutMs, TranscriptFormat.ReadThrew, buffer, offset);
            throw;
        }
        recorder.RecordRead(count, timeoutMs, n, buffer, offset);
        return n;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            inner.Write(buffer, offset, count);
        }
        catch (IOException)
        {
            recorder.Record(w => w.LinkWrite(buffer, offset, count, true));
            throw;
        }
        recorder.Record(w => w.LinkWrite(buffer, offset, count, false));
    }
}

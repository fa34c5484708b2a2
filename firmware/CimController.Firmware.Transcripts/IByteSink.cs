namespace CimController.Firmware.Transcripts
{
    /// <summary>Where a <see cref="TranscriptWriter"/> puts its bytes (a file, a socket, memory).</summary>
    public interface IByteSink
    {
        void Write(byte[] buffer, int offset, int count);
    }
}

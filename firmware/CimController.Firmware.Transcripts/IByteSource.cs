namespace CimController.Firmware.Transcripts
{
    /// <summary>Where a <see cref="TranscriptReader"/> gets its bytes (a file, a serial port, memory).</summary>
    public interface IByteSource
    {
        /// <summary>Reads up to <paramref name="count"/> bytes; returns how many (&gt; 0), or 0 at the end of the data.</summary>
        int Read(byte[] buffer, int offset, int count);
    }
}

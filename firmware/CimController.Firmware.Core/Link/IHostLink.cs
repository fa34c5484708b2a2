namespace CimController.Firmware
{
    /// <summary>The byte stream to the host: a serial port, a TCP socket or an in-process pipe.</summary>
    public interface IHostLink
    {
        /// <summary>
        /// Reads up to <paramref name="count"/> bytes, waiting at most <paramref name="timeoutMs"/>.
        /// Returns the number read (&gt; 0), 0 when nothing arrived in time, or -1 when the link is closed.
        /// </summary>
        int Read(byte[] buffer, int offset, int count, int timeoutMs);

        /// <summary>Writes all <paramref name="count"/> bytes. Throws <see cref="System.IO.IOException"/> when the link is gone.</summary>
        void Write(byte[] buffer, int offset, int count);
    }
}

namespace CimController.Firmware
{
    /// <summary>
    /// Thrown by <see cref="ProgressReporter.Report"/> when the host link failed on a progress frame: the host has gone,
    /// so the running command stops after the pulse in flight (the board at rest) and its reply is dropped. The frame
    /// server then stops serving that link.
    /// </summary>
    public sealed class HostLinkLostException : System.Exception
    {
        /// <summary>Creates the exception; <paramref name="message"/> says what stopped and why.</summary>
        public HostLinkLostException(string message)
            : base(message)
        {
        }
    }
}

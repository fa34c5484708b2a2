namespace CimController.Firmware.Transcripts
{
    /// <summary>
    /// Thrown into the firmware by a replay interface when the firmware does something the recording did not do; it
    /// ends the replay (links read as closed from then on, every other replay call throws it again).
    /// </summary>
    public sealed class ReplayMismatchException : System.Exception
    {
        public ReplayMismatchException(string message) : base(message)
        {
        }
    }
}

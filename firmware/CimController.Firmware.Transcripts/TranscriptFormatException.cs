namespace CimController.Firmware.Transcripts
{
    /// <summary>A transcript stream that does not follow <see cref="TranscriptFormat"/>.</summary>
    public sealed class TranscriptFormatException : System.Exception
    {
        public TranscriptFormatException(string message) : base(message)
        {
        }
    }
}

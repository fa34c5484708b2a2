namespace CimController.Protocol.Messages
{
    /// <summary>FFP directions (Diao 2025). Potentiation lowers the resistance toward LRS with SET-polarity (+) pulses; depression raises it toward HRS with RESET-polarity (-) pulses.</summary>
    public static class FfpDirection
    {
        public const int Potentiation = 0;
        public const int Depression = 1;

        public static string Name(int direction)
        {
            return direction == Potentiation ? "potentiation" : direction == Depression ? "depression" : "direction " + direction.ToString();
        }
    }
}

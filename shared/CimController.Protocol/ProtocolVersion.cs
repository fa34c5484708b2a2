namespace CimController.Protocol
{
    /// <summary>Protocol version; peers whose major versions differ refuse each other at Hello.</summary>
    public static class ProtocolVersion
    {
        public const int Major = 1;
        /// <summary>1.1 appended Info.SenseLsbPicoamps and Stats.Truncations.</summary>
        public const int Minor = 1;
    }
}

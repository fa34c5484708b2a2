namespace CimController.Protocol
{
    /// <summary>Protocol version; peers whose major versions differ refuse each other at Hello.</summary>
    public static class ProtocolVersion
    {
        public const int Major = 1;
        /// <summary>1.1 appended Info.SenseLsbPicoamps and Stats.Truncations; 1.2 added Pulse, WriteVerify and the FFP messages (0x06-0x0E) and the training messages (0x10-0x14); 1.3 the inference messages NetworkLoad, Forward, NetworkStatus (0x20-0x22); 1.4 Vmm's trailing conversions byte and VmmResult's Summed flag; 1.5 Stats' free managed heap; 1.6 FfpCalibrate's trailing time budget; 1.7 Vmm's row copies (flags bits 4-7).</summary>
        public const int Minor = 7;
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>Flags of a Vmm request.</summary>
    public static class VmmFlags
    {
        /// <summary>Also return the differential result code[2k] - code[2k+1] for each adjacent column pair (columns must be even).</summary>
        public const int Differential = 0x01;
    }
}

namespace CimController.Protocol.Messages
{
    /// <summary>Flags of FfpApplyGroup.</summary>
    public static class FfpGroupFlags
    {
        /// <summary>Read after every pulse and return each resistance.</summary>
        public const int ReadEach = 0x01;
    }
}

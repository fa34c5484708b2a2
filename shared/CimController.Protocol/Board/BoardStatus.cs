namespace CimController.Protocol.Board
{
    /// <summary>Bits of the status register.</summary>
    public static class BoardStatus
    {
        public const uint Busy = 0x1;
        public const uint Done = 0x2;
        public const uint Error = 0x4;
    }
}

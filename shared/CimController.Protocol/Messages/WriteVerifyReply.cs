namespace CimController.Protocol.Messages
{
    /// <summary>
    /// WriteVerifyResult (reply to WriteVerify): u16 cells, u32 pulses applied in total, u32 elapsed ms,
    /// u16 cells that failed, then per cell in request order <see cref="CellBytes"/> bytes: u8 status
    /// (<see cref="WriteVerifyStatus"/>), u8 set-reset trials used, u16 pulses used, u32 final conductance nS.
    /// </summary>
    public static class WriteVerifyReply
    {
        public const int HeaderLength = 12;
        public const int CellBytes = 8;

        public static int PayloadLength(int cells)
        {
            return HeaderLength + CellBytes * cells;
        }
    }
}

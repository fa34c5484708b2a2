namespace CimController.Protocol.Messages
{
    /// <summary>How a WriteVerify request lists its cells.</summary>
    public static class WriteVerifyMode
    {
        /// <summary>u16 count, then count x (u16 row, u16 column, u32 target nS).</summary>
        public const int CellList = 0;
        /// <summary>u16 first row, u16 rows, u16 first column, u16 columns, then rows*columns u32 target nS, row-major.</summary>
        public const int Region = 1;
    }
}

namespace CimController.Protocol.Board
{
    /// <summary>Codes in the error register.</summary>
    public static class BoardError
    {
        public const uint None = 0;
        public const uint BadOpcode = 1;
        public const uint BadRegister = 2;
        public const uint ReadOnlyRegister = 3;
        public const uint BadTile = 4;
        public const uint WindowOutOfRange = 5;
        public const uint BufferOverflow = 6;
        public const uint BadBuffer = 7;
        public const uint BadCommand = 8;
        public const uint PulseOutOfRange = 9;
        public const uint CellOutOfRange = 10;
        public const uint VectorCountOutOfRange = 11;
        public const uint Truncated = 12;
        /// <summary>Map 1.2: CONVERSIONS outside 1..128 at a MAC.</summary>
        public const uint ConversionsOutOfRange = 13;
        /// <summary>Map 1.3: ROW_REPEAT outside 1..16, or not a divisor of the row window's row count, at a MAC.</summary>
        public const uint RowRepeatOutOfRange = 14;
    }
}

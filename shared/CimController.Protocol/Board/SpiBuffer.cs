namespace CimController.Protocol.Board
{
    /// <summary>Board buffers addressed by burst transactions.</summary>
    public static class SpiBuffer
    {
        /// <summary>Row DAC input codes, vector-major: byte [v * rowCount + r] (u8 each).</summary>
        public const byte Input = 0;
        /// <summary>Column ADC output codes, vector-major: byte [v * colCount + c] (u8 each).</summary>
        public const byte Output = 1;
    }
}

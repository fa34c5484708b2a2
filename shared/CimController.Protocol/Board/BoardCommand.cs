namespace CimController.Protocol.Board
{
    /// <summary>Values written to the control register.</summary>
    public static class BoardCommand
    {
        /// <summary>Bit-serial MAC of VectorCount input vectors over the row/column window of the selected tile.</summary>
        public const uint Mac = 1;
        /// <summary>Read the cell at CellAddress at the ReadDac voltage into CellResult.</summary>
        public const uint ReadCell = 2;
        /// <summary>Apply PulseCount pulses of PulseAmplitude/PulseWidth to the cell at CellAddress.</summary>
        public const uint Pulse = 3;
        /// <summary>Zero the cycle, tile-op, energy, pulse and read counters.</summary>
        public const uint ClearCounters = 4;
        /// <summary>Soft reset: windows, buffers, DAC registers and errors to power-on values; cell conductances are kept (non-volatile).</summary>
        public const uint SoftReset = 0xA5;
    }
}

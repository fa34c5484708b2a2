namespace CimController.Host
{
    /// <summary>Write-verify outcome of a set of cells, in the order they were given.</summary>
    public sealed class WriteVerifyResult
    {
        /// <summary>Wraps per-cell results.</summary>
        public WriteVerifyResult(WriteVerifyCellResult[] cells) { Cells = cells; }
        /// <summary>Per-cell results in the order the cells were given (row-major for a region).</summary>
        public WriteVerifyCellResult[] Cells { get; }
        /// <summary>Pulses applied in total (as the firmware counted them).</summary>
        public long TotalPulses { get; internal set; }
        /// <summary>Firmware time spent, ms (sum over requests).</summary>
        public long ElapsedMs { get; internal set; }
        /// <summary>Cells not in band.</summary>
        public int Failures { get; internal set; }
        /// <summary>Requests the cells were split into.</summary>
        public int Requests { get; internal set; }
    }
}

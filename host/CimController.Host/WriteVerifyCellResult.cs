using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>Write-verify outcome of one cell.</summary>
    public readonly record struct WriteVerifyCellResult(int Row, int Col, uint TargetNanosiemens, int Status, int Trials, int Pulses, uint FinalNanosiemens)
    {
        /// <summary>The cell ended inside its band.</summary>
        public bool Success => Status == WriteVerifyStatus.InBand;
        /// <summary>Readable <see cref="Status"/> (InBand, TrialsExhausted, Stuck, PulseBudget, TimeBudget).</summary>
        public string StatusName => WriteVerifyStatus.Name(Status);
        /// <summary>Final conductance, µS.</summary>
        public double FinalMicrosiemens => FinalNanosiemens / 1000.0;
    }
}

namespace CimController.Firmware
{
    /// <summary>
    /// Programs one differential pair (G+ at <c>column</c>, G- at <c>column + 1</c>) to conductance targets with
    /// write-verify (landing within +-<c>toleranceNanosiemens</c>, each read averaged <c>averages</c> times), for the <see cref="UpdateAccumulator"/>. The firmware's implementation
    /// (<see cref="WriteVerifyPairWriter"/>) runs the project's one write-verify algorithm (WriteVerify.cs); tests use
    /// fakes. Implementations allocate nothing per call.
    /// </summary>
    public interface IPairWriter
    {
        /// <summary>
        /// Write-verifies both devices of the pair with at most <paramref name="maxTrials"/> set-reset trials each and
        /// returns the outcome in <paramref name="result"/>.
        /// </summary>
        void WritePair(int tile, int row, int column, uint plusNanosiemens, uint minusNanosiemens, int maxTrials, uint toleranceNanosiemens, int averages, PairWriteResult result);
    }

    /// <summary>Outcome of one pair write (reused, never allocated per write).</summary>
    public sealed class PairWriteResult
    {
        /// <summary>WriteVerifyStatus of the worse device (0 = both in band).</summary>
        public int Status;
        /// <summary>Set-reset trials used (the larger of the two devices).</summary>
        public int Trials;
        /// <summary>Pulses applied to the pair.</summary>
        public int Pulses;
        /// <summary>G+ read after programming, nS.</summary>
        public uint PlusNanosiemens;
        /// <summary>G- read after programming, nS.</summary>
        public uint MinusNanosiemens;
    }
}

namespace CimController.Training;

/// <summary>
/// The programming window of a training run, nS: devices between <see cref="MinNs"/> and <see cref="MaxNs"/>, initial
/// conductances up to <see cref="InitialMaxNs"/>, update threshold (programming granularity) <see cref="ThresholdNs"/>,
/// write-verify tolerance <see cref="ToleranceNs"/>. Default: Wu 2023 on-chip training, 2-bit granularity with 4x on/off
/// over 0.82-3.29 uA at 0.1 V (8.2-32.9 uS), initial 0.82-2 uA (8.2-20 uS), threshold = range / 3.
/// </summary>
public sealed record ChipWindow(double MinNs, double MaxNs, double InitialMaxNs, double ThresholdNs, double ToleranceNs)
{
    /// <summary>Wu 2023 Sec. 2.5 with a granularity of <paramref name="bits"/> bits (threshold = range / (2^bits - 1)).</summary>
    public static ChipWindow Wu2023(int bits = 2, double toleranceNs = 500) =>
        new(8200, 32900, 20000, (32900 - 8200) / (double)((1 << bits) - 1), toleranceNs);
}

using CimController.Learning.Mapping;

namespace CimController.Crossbar;

/// <summary>
/// The conductance window a network is mapped into, nS: devices between <see cref="MinNs"/> and <see cref="MaxNs"/> in
/// <see cref="Levels"/> levels (0 = continuous targets), initial conductances up to <see cref="InitialMaxNs"/>, update
/// threshold (programming granularity) <see cref="ThresholdNs"/>, write-verify tolerance <see cref="ToleranceNs"/>;
/// <see cref="Source"/> says where the numbers come from. Training and deployment both map through it; the firmware's
/// accumulator gets it in whole nS.
/// </summary>
public sealed record ChipWindow(double MinNs, double MaxNs, double InitialMaxNs, double ThresholdNs, double ToleranceNs)
{
    /// <summary>Levels of the mapping (0 = continuous: write-verify's tolerance sets the precision).</summary>
    public int Levels { get; init; }

    /// <summary>Where the window comes from.</summary>
    public string Source { get; init; } = "";

    /// <summary>Gmin in uS (for reports).</summary>
    public double MinUs => MinNs / 1000;

    /// <summary>Gmax in uS (for reports).</summary>
    public double MaxUs => MaxNs / 1000;

    /// <summary>Gmax - Gmin, nS.</summary>
    public double WidthNs => MaxNs - MinNs;

    /// <summary>The window in siemens with its levels, as the mapping math takes it (via uS: 8200 nS gives the double 8.2e-6, as 8.2 uS does).</summary>
    public ConductanceRange Range => new(MinUs * 1e-6, MaxUs * 1e-6, Levels);

    /// <summary>
    /// Wu 2023 Sec. 2.5 on-chip training: 2-bit granularity with 4x on/off over 0.82-3.29 uA at 0.1 V (8.2-32.9 uS),
    /// initial 0.82-2 uA (8.2-20 uS), granularity <paramref name="bits"/> bits (threshold = range / (2^bits - 1)).
    /// </summary>
    public static ChipWindow Wu2023(int bits = 2, double toleranceNs = 500) =>
        new(8200, 32900, 20000, (32900 - 8200) / (double)((1 << bits) - 1), toleranceNs) { Source = "Wu 2023 on-chip training window, 0.82-3.29 uA at 0.1 V" };

    /// <summary>
    /// A window of <paramref name="minNs"/>..<paramref name="maxNs"/> in <paramref name="levels"/> levels, as a deployment
    /// maps into it: initial maximum Gmax, the Wu 2023 threshold of a third of the window, 500 nS tolerance.
    /// </summary>
    public static ChipWindow Of(double minNs, double maxNs, int levels, string source) =>
        new(minNs, maxNs, maxNs, (maxNs - minNs) / 3, 500) { Levels = levels, Source = source };

    /// <summary>The mapping window of a built-in profile name; brram's when unknown.</summary>
    public static ChipWindow ForProfile(string profile) => profile.ToLowerInvariant() switch
    {
        "brram" => Of(8200, 32900, 0, "Wu 2023 on-chip training window, 0.82-3.29 uA at 0.1 V"),
        "brram-table1" or "brram-wu2023" => Of(10000, 70000, 16, "Wu 2023 Table 1: 1-7 uA at 0.1 V, 4 bits"),
        "ideal" => Of(10000, 70000, 0, "the ideal profile's 10-70 uS window (Table 1 range), continuous"),
        "tio2" => Of(1136400, 1351400, 32, "Diao 2025 HRS 880 ohm / LRS 740 ohm, 32 levels"),
        "hfo2" => Of(4600000, 6600000, 0, "hfo2 profile window 4600-6600 uS (assumption of the profile)"),
        _ => Of(8200, 32900, 0, "unknown profile '" + profile + "': the brram window"),
    };
}

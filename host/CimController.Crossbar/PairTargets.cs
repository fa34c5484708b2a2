using System;

namespace CimController.Crossbar;

/// <summary>
/// Device targets of a differential pair (Wu 2023: w = s (G+ - G-), written one-sided) in whole nS, the unit write-verify
/// takes. One rounding rule for every target the host computes: half up, (uint)(g + 0.5), the rule of the firmware's
/// UpdateAccumulator for the targets it computes, so a pair programmed by the host and one programmed by the accumulator
/// land on the same nS for the same conductance.
/// </summary>
public static class PairTargets
{
    /// <summary>Whole nS of a conductance <paramref name="nanosiemens"/> &gt;= 0, rounded half up.</summary>
    public static uint Nanosiemens(double nanosiemens) => nanosiemens <= 0 ? 0u : (uint)Math.Floor(nanosiemens + 0.5);

    /// <summary>Whole nS of a conductance <paramref name="siemens"/> &gt;= 0, rounded half up.</summary>
    public static uint FromSiemens(double siemens) => Nanosiemens(siemens * 1e9);

    /// <summary>
    /// The pair targets (nS) of a value w_G = G+ - G- (nS), clamped to +-(Gmax - Gmin) of <paramref name="window"/>:
    /// G+ = Gmin + max(w_G, 0), G- = Gmin + max(-w_G, 0).
    /// </summary>
    public static (uint Plus, uint Minus) Of(double wGNs, ChipWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        double range = window.WidthNs;
        wGNs = Math.Clamp(wGNs, -range, range);
        return (Nanosiemens(window.MinNs + Math.Max(wGNs, 0)), Nanosiemens(window.MinNs + Math.Max(-wGNs, 0)));
    }
}

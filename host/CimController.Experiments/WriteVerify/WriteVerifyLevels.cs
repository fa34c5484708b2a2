using CimController.Host;

namespace CimController.Experiments.WriteVerify
{
    /// <summary>
    /// The conductance levels a write-verify run programs: the targets (µS), the read voltage the levels are quoted at as
    /// currents, each level's band half-width (µS) and the write-verify settings (trains, limits) for the board.
    /// </summary>
    public sealed record WriteVerifyLevels(double[] TargetsMicrosiemens, double ReadVolts, double ToleranceMicrosiemens, WriteVerifyOptions Options);
}

using System;
using System.Linq;
using CimController.Analysis;

namespace CimController.Analysis.Tests;

/// <summary>Synthetic FFP sweeps with known answers.</summary>
internal static class Synthetic
{
    /// <summary>A sweep of <paramref name="events"/> equal steps from <paramref name="from"/> to <paramref name="to"/> ohm; event k has voltage 1 + k/1000 V (so groups can be checked).</summary>
    public static FfpSweep Linear(double from, double to, int events, SweepDirection direction)
    {
        double[] r = Enumerable.Range(0, events + 1).Select(k => from + (to - from) * k / events).ToArray();
        return new FfpSweep(r, Volts(events), direction);
    }

    public static double[] Volts(int events) => Enumerable.Range(0, events).Select(k => 1 + k / 1000.0).ToArray();

    /// <summary>A sweep following eq. 2 (potentiation) or eq. 3 (depression) exactly, with optional seeded Gaussian read noise (ohm).</summary>
    public static FfpSweep Eq(double nu, int events, SweepDirection direction, double noiseOhms = 0, int seed = 1, double rMin = 740, double rMax = 880)
    {
        var rnd = new Random(seed);
        double[] r = Enumerable.Range(0, events + 1)
            .Select(k => rMin + (rMax - rMin) * LinearityFit.Model(k, nu, events, direction) + noiseOhms * Gauss(rnd)).ToArray();
        return new FfpSweep(r, Volts(events), direction);
    }

    public static double Gauss(Random rnd)
    {
        double u1 = 1.0 - rnd.NextDouble(), u2 = rnd.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Analysis;
using CimController.Crossbar;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Host;
using CimController.Host.Transports;
using CimController.Learning.Data;
using CimController.Learning.Layers;
using CimController.Learning.ModelFiles;
using CimController.Learning.Models;
using CimController.Learning.Training;
using CimController.LocalBoard;

namespace CimController.Inference;

/// <summary>Box statistics of a set of accuracies.</summary>
/// <param name="Label">Which model.</param>
/// <param name="Values">The samples.</param>
public sealed record BoxStats(string Label, double[] Values)
{
    /// <summary>Quantile p of the samples.</summary>
    public double Q(double p) => Stats.EmpiricalQuantile(Values, p);

    /// <summary>Minimum.</summary>
    public double Min => Values.Min();

    /// <summary>Maximum.</summary>
    public double Max => Values.Max();

    /// <summary>Median.</summary>
    public double Median => Q(0.5);

    /// <summary>Mean.</summary>
    public double Mean => Values.Average();
}

/// <summary>
/// Weight transfer onto fresh emulated chips (Wu 2023 Fig. 7): each model is deployed to K fresh emulated boards (seed
/// base + k) whose conductances are set to the mapped targets plus a Gaussian programming error of
/// <see cref="SigmaLevels"/> level spacings (Table 1: 0.5 sigma), through the emulator's bench back door; then the test
/// images run through the whole emulated stack (firmware Forward, ADC noise of the profile).
/// </summary>
public sealed class TransferStudy
{
    /// <summary>Programming error, level spacings.</summary>
    public double SigmaLevels { get; init; } = 0.5;

    /// <summary>Levels of the mapping (Table 1: 4-bit RRAM).</summary>
    public int Levels { get; init; } = 16;

    /// <summary>Emulator profile of the fresh chips (Table 1's settings).</summary>
    public string Profile { get; init; } = "brram-table1";

    /// <summary>Noise samples (fresh chips) per model.</summary>
    public int Samples { get; init; } = 10;

    /// <summary>Seed of the first chip.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Test images per chip.</summary>
    public int TestImages { get; init; } = 1000;

    /// <summary>Runs the study for one model; returns accuracies of the K chips.</summary>
    public BoxStats Run(string label, LoadedModel model, LabeledImages calibration, LabeledImages test, IProgress<string>? progress = null)
    {
        float[] cal = InferenceRunner.Floats(calibration, 256);
        var accs = new double[Samples];
        for (int k = 0; k < Samples; k++)
        {
            int seed = Seed + k;
            using var fw = EmulatedFirmware.Start(new EmulatorOptions { ProfileName = Profile, Seed = seed });
            using var client = new CimClient(new InProcessTransport(fw.HostEnd, null, "emulator"), new CimClientOptions { TimeoutMs = 60000, ClientName = "transfer-study" });
            client.Connect();
            ChipWindow w = ChipWindow.ForProfile(Profile) with { Levels = Levels };
            double step = Levels >= 2 ? (w.MaxUs - w.MinUs) / (Levels - 1) : 0;
            var rng = new Random(seed * 7919 + 17);
            BoardEmulator board = fw.Emulator;
            var options = new DeployOptions
            {
                Method = ProgramMethod.Preset,
                Window = w,
                CalibrationImages = cal,
                CalibrationCount = cal.Length / calibration.ImageSize,
                Preset = (tile, row, col, us) =>
                {
                    double g = us + SigmaLevels * step * Gaussian(rng);
                    board.SetConductanceMicrosiemens(tile, row, col, (float)Math.Clamp(g, w.MinUs * 0.5, w.MaxUs * 1.1));
                },
            };
            Deployment d = ModelDeployer.Deploy(client, model, options);
            InferenceReport r = InferenceRunner.Run(client, d, test, TestImages);
            accs[k] = r.Accuracy;
            progress?.Report($"{label}: chip {k + 1}/{Samples} (seed {seed}) accuracy {r.Accuracy:P2}");
        }
        return new BoxStats(label, accs);
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>One row of the levels study.</summary>
public sealed record LevelsRow(string Model, int Bits, int Levels, double Mean, double Min, double Max, double Software);

/// <summary>
/// Accuracy of weight transfer versus program levels (Diao 2025 Fig. 6d): every weight is a differential pair whose two
/// devices hold y+ = max(w, 0) / s and y- = max(-w, 0) / s of the window (s = max |w| of the layer, levels uniform
/// over the window as in the paper's [-4, 4] mapping); each device is programmed with the program-error sampler,
/// y_actual = Q_n(y) + T(loc, scale, nu) (Diao 2025 eq. 4/5), for n = 2^bits levels; the network then runs in FP32
/// with w' = s (y+' - y-').
/// </summary>
public sealed class LevelsStudy
{
    /// <summary>Error loc (normalised window units).</summary>
    public double Loc { get; init; }

    /// <summary>Error scale (normalised window units).</summary>
    public double Scale { get; init; } = 0.004;

    /// <summary>Degrees of freedom.</summary>
    public double Nu { get; init; } = 3.0;

    /// <summary>Where the error parameters come from.</summary>
    public string ErrorSource { get; init; } = "assumption";

    /// <summary>Noise samples per level count.</summary>
    public int Samples { get; init; } = 3;

    /// <summary>Seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Takes loc / scale / nu as the medians over the levels of a fitted program-error model file.</summary>
    public static LevelsStudy FromModel(ProgramErrorModel m, int samples, int seed) => new()
    {
        Loc = Median(m.Levels.Select(l => l.Loc)),
        Scale = Median(m.Levels.Select(l => l.Scale)),
        Nu = Median(m.Levels.Select(l => l.Nu)),
        ErrorSource = "medians of a fitted program-error model (" + m.LevelCount + " levels)",
        Samples = samples,
        Seed = seed,
    };

    private static double Median(IEnumerable<double> v)
    {
        double[] a = v.OrderBy(x => x).ToArray();
        return a.Length == 0 ? 0 : a[a.Length / 2];
    }

    /// <summary>The sampler model for <paramref name="levels"/> evenly spaced levels over [0, 1].</summary>
    public ProgramErrorModel ModelFor(int levels)
    {
        var list = new List<ProgramErrorLevel>(levels);
        for (int j = 0; j < levels; j++)
        {
            double t = (double)j / (levels - 1);
            list.Add(new ProgramErrorLevel(j + 1, t, t, 1000 + t, true, Loc, Scale, Nu, 0, FitMethod.Borrowed));
        }
        return new ProgramErrorModel(SweepDirection.Depression, 1000, 1001, list);
    }

    /// <summary>Runs bits <paramref name="bitsFrom"/>..<paramref name="bitsTo"/> for <paramref name="network"/> on <paramref name="test"/>.</summary>
    public List<LevelsRow> Run(string label, Network network, LabeledImages test, int testImages, int bitsFrom = 3, int bitsTo = 9, IProgress<string>? progress = null)
    {
        var original = network.CrossbarLayers.Select(l => (float[])l.Weights.Value.Clone()).ToList();
        double software = Evaluation.Accuracy(network, test, testImages);
        var rows = new List<LevelsRow>();
        try
        {
            for (int bits = bitsFrom; bits <= bitsTo; bits++)
            {
                int n = 1 << bits;
                var sampler = new ProgramErrorSampler(ModelFor(n), Seed * 1000 + bits);
                var accs = new double[Samples];
                for (int k = 0; k < Samples; k++)
                {
                    for (int l = 0; l < network.CrossbarLayers.Count; l++)
                    {
                        Transfer(original[l], network.CrossbarLayers[l].Weights.Value, sampler);
                    }
                    accs[k] = Evaluation.Accuracy(network, test, testImages);
                }
                var row = new LevelsRow(label, bits, n, accs.Average(), accs.Min(), accs.Max(), software);
                rows.Add(row);
                progress?.Report($"{label}: {bits} bits ({n} levels) accuracy {row.Mean:P2} (software {software:P2})");
            }
        }
        finally
        {
            for (int l = 0; l < original.Count; l++) Array.Copy(original[l], network.CrossbarLayers[l].Weights.Value, original[l].Length);
        }
        return rows;
    }

    private static void Transfer(float[] ideal, float[] into, ProgramErrorSampler sampler)
    {
        float s = 0;
        foreach (float w in ideal) s = Math.Max(s, Math.Abs(w));
        if (s == 0) s = 1;
        for (int i = 0; i < ideal.Length; i++)
        {
            double yp = Math.Max(ideal[i], 0) / s, ym = Math.Max(-ideal[i], 0) / s;
            into[i] = (float)(s * (sampler.Sample(yp) - sampler.Sample(ym)));
        }
    }

    /// <summary>A quickly trained FP32 model of <paramref name="architecture"/> (Adam, lr 0.001) for the study.</summary>
    public static Network TrainSoftware(string architecture, LabeledImages train, LabeledImages test, int epochs, int batchesPerEpoch, int seed)
    {
        Network net = ModelArchitectures.Create(architecture, seed);
        var trainer = new SoftwareTrainer(net, new Adam(0.001f), new TrainingOptions(epochs, batchesPerEpoch, 64, seed, 0));
        trainer.Train(train, test);
        return net;
    }
}

using System;
using System.Diagnostics;
using CimController.Host;
using CimController.Learning.Cost;
using CimController.Learning.Data;
using CimController.Learning.Mapping;
using CimController.Learning.Models;

namespace CimController.Inference;

/// <summary>Wu 2023 Table 2's LeNet row (inference cost on analog CIM, 64x64 arrays).</summary>
public static class WuTable2
{
    /// <summary>Crossbars without / with weight copies.</summary>
    public const int Crossbars = 6, CrossbarsWithCopies = 9;

    /// <summary>Sequential ops and tile ops per image.</summary>
    public const int Ops = 641, TileOps = 707;

    /// <summary>Latency, ms: layers one after another, pipelined, pipelined with copies.</summary>
    public const double LatencyMs = 0.46, PipelinedMs = 0.42, WithCopiesMs = 0.05;

    /// <summary>Energy per image, mJ.</summary>
    public const double EnergyMj = 0.0019;
}

/// <summary>Images of the wrong size for the deployed model.</summary>
public sealed class ImageSizeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImageSizeException(string message) : base(message)
    {
    }
}

/// <summary>Result of running a data set through the chip.</summary>
public sealed class InferenceReport
{
    /// <summary>Images run.</summary>
    public int Images { get; init; }

    /// <summary>Correct predictions.</summary>
    public int Correct { get; init; }

    /// <summary>Accuracy.</summary>
    public double Accuracy => Images > 0 ? (double)Correct / Images : double.NaN;

    /// <summary>Confusion matrix [true, predicted].</summary>
    public required int[,] Confusion { get; init; }

    /// <summary>Predicted class per image.</summary>
    public required int[] Predictions { get; init; }

    /// <summary>Logits [image, class].</summary>
    public required float[] Logits { get; init; }

    /// <summary>Wall time of all Forward round trips.</summary>
    public TimeSpan Wall { get; init; }

    /// <summary>Wall time per image, ms.</summary>
    public double WallMsPerImage => Images > 0 ? Wall.TotalMilliseconds / Images : double.NaN;

    /// <summary>Images per second through the whole stack.</summary>
    public double ImagesPerSecond => Wall.TotalSeconds > 0 ? Images / Wall.TotalSeconds : double.NaN;

    /// <summary>Forward round trips.</summary>
    public int RoundTrips { get; init; }

    /// <summary>Board counters over the run: tile ops, cycles, energy (pJ).</summary>
    public long TileOps { get; init; }

    /// <summary>Board cycles over the run.</summary>
    public long ChipCycles { get; init; }

    /// <summary>Board energy over the run, pJ.</summary>
    public long EnergyPicojoules { get; init; }

    /// <summary>Board clock, Hz.</summary>
    public double ClockHz { get; init; }

    /// <summary>Bytes sent / received over the link during the run.</summary>
    public long BytesSent { get; init; }

    /// <summary>Bytes received.</summary>
    public long BytesReceived { get; init; }

    /// <summary>The Wu 2023 estimate for this model on the board's arrays (3 extra arrays for copies, as Table 2's LeNet).</summary>
    public required InferenceCost Estimate { get; init; }

    /// <summary>Tile ops per image from the board's counters.</summary>
    public double TileOpsPerImage => Images > 0 ? (double)TileOps / Images : double.NaN;

    /// <summary>Chip latency per image from the board's cycle counter (this firmware runs the arrays one after another), ms.</summary>
    public double ChipMsPerImage => Images > 0 ? ChipCycles / ClockHz / Images * 1e3 : double.NaN;

    /// <summary>Chip energy per image from the board's counter, mJ.</summary>
    public double ChipMjPerImage => Images > 0 ? EnergyPicojoules * 1e-9 / Images : double.NaN;
}

/// <summary>
/// Runs images through a deployed model on the chip: batched Forward requests (one round trip per batch; the firmware
/// runs the whole network), accuracy, confusion matrix, per-image wall time, the board's counters (tile ops, cycles,
/// energy) and the Wu 2023 Table 2 estimate (<see cref="InferenceCost"/>).
/// </summary>
public static class InferenceRunner
{
    /// <summary>Checks that <paramref name="data"/>'s images fit <paramref name="network"/>'s input.</summary>
    public static void CheckImages(Network network, LabeledImages data)
    {
        if (data.Rows != network.InputHeight || data.Columns != network.InputWidth || network.InputChannels != 1)
        {
            throw new ImageSizeException($"the images are {data.Rows}x{data.Columns} pixels (1 channel) but {network.Name} takes " +
                $"{network.InputChannels}x{network.InputHeight}x{network.InputWidth}; use images of that size");
        }
        if (data.Classes > network.Classes)
        {
            throw new ImageSizeException($"the data set has {data.Classes} classes but {network.Name} has {network.Classes} outputs");
        }
    }

    /// <summary>Runs the first <paramref name="count"/> images of <paramref name="data"/> through <paramref name="deployment"/>.</summary>
    public static InferenceReport Run(CimClient client, Deployment deployment, LabeledImages data, int count, IProgress<CimProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(data);
        Network net = deployment.Plan.Network;
        CheckImages(net, data);
        count = Math.Min(count, data.Count);
        int classes = net.Classes;
        int size = data.ImageSize;
        var predictions = new int[count];
        var logits = new float[count * classes];
        var confusion = new int[classes, classes];
        int correct = 0, trips = 0;
        var s0 = client.Stats();
        long sent0 = client.BytesSent, recv0 = client.BytesReceived;
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < count; start += deployment.MaxBatch)
        {
            int n = Math.Min(deployment.MaxBatch, count - start);
            ForwardResult r = client.Forward(deployment.ProgramId, data.Pixels, start * size, n, size);
            trips++;
            for (int i = 0; i < n; i++)
            {
                int k = start + i;
                predictions[k] = r.Classes[i];
                Array.Copy(r.Logits, i * classes, logits, k * classes, classes);
                int truth = data.Labels[k];
                confusion[truth, r.Classes[i]]++;
                if (truth == r.Classes[i]) correct++;
            }
            progress?.Report(new CimProgress("infer", start + n, count));
        }
        TimeSpan wall = clock.Elapsed;
        long sent = client.BytesSent - sent0, recv = client.BytesReceived - recv0;
        var s1 = client.Stats();
        return new InferenceReport
        {
            Images = count,
            Correct = correct,
            Confusion = confusion,
            Predictions = predictions,
            Logits = logits,
            Wall = wall,
            RoundTrips = trips,
            TileOps = (long)(s1.TileOps - s0.TileOps),
            ChipCycles = (long)(s1.ChipCycles - s0.ChipCycles),
            EnergyPicojoules = (long)(s1.EnergyPicojoules - s0.EnergyPicojoules),
            ClockHz = client.Info.ClockKilohertz * 1000.0,
            BytesSent = sent,
            BytesReceived = recv,
            Estimate = InferenceCost.Estimate(net, new TileGeometry(client.Info.Rows, client.Info.Columns), extraArrays: 3),
        };
    }

    /// <summary>Software (FP32) predictions of <paramref name="network"/> for the first <paramref name="count"/> images.</summary>
    public static int[] SoftwarePredictions(Network network, LabeledImages data, int count)
    {
        count = Math.Min(count, data.Count);
        var result = new int[count];
        const int batch = 256;
        var pixels = new float[batch * data.ImageSize];
        var labels = new int[batch];
        var idx = new int[batch];
        for (int start = 0; start < count; start += batch)
        {
            int n = Math.Min(batch, count - start);
            for (int i = 0; i < n; i++) idx[i] = start + i;
            data.FillBatch(idx.AsSpan(0, n), pixels, labels);
            var logits = network.Forward(network.InputFrom(pixels, n));
            ReadOnlySpan<float> z = logits.Span; // [classes, n]
            for (int i = 0; i < n; i++)
            {
                int best = 0;
                for (int c = 1; c < network.Classes; c++)
                    if (z[c * n + i] > z[best * n + i]) best = c;
                result[start + i] = best;
            }
        }
        return result;
    }

    /// <summary>Calibration images: the first <paramref name="count"/> of <paramref name="data"/> as [0, 1] floats.</summary>
    public static float[] Floats(LabeledImages data, int count)
    {
        count = Math.Min(count, data.Count);
        var pixels = new float[count * data.ImageSize];
        var idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = i;
        data.FillBatch(idx, pixels, new int[count]);
        return pixels;
    }
}

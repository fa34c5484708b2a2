using System;
using System.Text.Json.Serialization;
using CimController.Crossbar;
using CimController.Learning.Models;

namespace CimController.Training;

/// <summary>How a run trains: FP32 software (no chip), Wu 2023 mixed precision, or naive on-chip updates.</summary>
public enum TrainingMode
{
    /// <summary>FP32 software training, every weight updated every batch (the baseline).</summary>
    Software,

    /// <summary>Wu 2023: forward on the chip, dW accumulated in the firmware, a device written only when |dW_FP| crosses the granularity.</summary>
    Mixed,

    /// <summary>Every batch's update programmed straight into the devices, no accumulation (Wu 2023's contrast).</summary>
    Naive,
}

/// <summary>
/// Settings of a training run. Defaults are Wu 2023's LeNet demo: 13 epochs of 400 shuffled batches of 64, AdamW with
/// lr 0.004, test on 2560 images, 2-bit programming granularity over 8.2-32.9 uS, at most 2 set-reset trials per write.
/// </summary>
public sealed record TrainRunOptions
{
    /// <summary>lenet (Wu 2023), lenet5 (Diao 2025), mlp (784-256-128-10).</summary>
    public string Model { get; init; } = "lenet";

    /// <summary>The mode.</summary>
    public TrainingMode Mode { get; init; } = TrainingMode.Mixed;

    /// <summary>Epochs.</summary>
    public int Epochs { get; init; } = 13;

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch { get; init; } = 400;

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Seed of the model's initial weights, the batch order and the tracked weights.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Test images evaluated after each epoch (the first N of the test set).</summary>
    public int TestImages { get; init; } = 2560;

    /// <summary>AdamW learning rate (Wu 2023: 0.004).</summary>
    public float LearningRate { get; init; } = 0.004f;

    /// <summary>AdamW decoupled weight decay.</summary>
    public float WeightDecay { get; init; } = 0.01f;

    /// <summary>Programming granularity in bits: threshold = window / (2^bits - 1) (Wu 2023 training: 2).</summary>
    public int GranularityBits { get; init; } = 2;

    /// <summary>Write-verify tolerance, nS (nanosiemens); config and checkpoint key "toleranceNs".</summary>
    [JsonPropertyName("toleranceNs")]
    public double ToleranceNanosiemens { get; init; } = 500;

    /// <summary>Set-reset trials per write during training (Wu 2023: 2).</summary>
    public int MaxTrials { get; init; } = 2;

    /// <summary>Reads averaged per conductance read.</summary>
    public int Averages { get; init; } = 4;

    /// <summary>A checkpoint every this many batches (and at every epoch end).</summary>
    public int CheckpointEvery { get; init; } = 50;

    /// <summary>Weights whose evolution is recorded for the plot.</summary>
    public int TrackedWeights { get; init; } = 10;

    /// <summary>Lowest programmed conductance, nS (nanosiemens; Wu 2023 training: 0.82 uA at 0.1 V = 8.2 uS); key "gminNs".</summary>
    [JsonPropertyName("gminNs")]
    public double GminNanosiemens { get; init; } = 8200;

    /// <summary>Highest programmed conductance, nS (nanosiemens; Wu 2023 training: 3.29 uA at 0.1 V = 32.9 uS); key "gmaxNs".</summary>
    [JsonPropertyName("gmaxNs")]
    public double GmaxNanosiemens { get; init; } = 32900;

    /// <summary>Highest initial conductance, nS (nanosiemens; Wu 2023: initial 0.82-2 uA = 8.2-20 uS); key "ginitMaxNs".</summary>
    [JsonPropertyName("ginitMaxNs")]
    public double GinitMaxNanosiemens { get; init; } = 20000;

    /// <summary>
    /// Per-array input scale of the chip forward pass: the largest predicted column current as a fraction of the ADC full
    /// scale (<see cref="ChipSession.CurrentTarget"/>); 0 = one scale per layer call, q = max x / 255.
    /// </summary>
    public double CurrentTarget { get; init; } = ChipSession.DefaultCurrentTarget;

    /// <summary>Quantile of each array's inputs that maps to DAC code 255 (<see cref="ChipSession.ClipQuantile"/>; 1 = no clipping).</summary>
    public double ClipQuantile { get; init; } = ChipSession.DefaultClipQuantile;

    /// <summary>One input scale per input vector (<see cref="ChipSession.PerVectorScale"/>) instead of one per array and call.</summary>
    public bool PerVectorScale { get; init; } = true;

    /// <summary>
    /// Conversions averaged per input vector, per crossbar layer (<see cref="ChipSession.Repeats"/>; missing entries = 1);
    /// a 1.4 firmware has the chip do them (the input codes travel once). Default 8, 16, 64 (LeNet: conv1, conv2, fc): the
    /// b-RRAM ADC noise (2 LSB per conversion) otherwise dominates the layers' outputs (NOTES.md, "Accuracy"). Measured
    /// (13 x 400 x 64, conv1 copied twice; software 88.63 / 88.12 / 86.72 / 85.94 / 87.46 % for seeds 1-5): 8, 16, 64
    /// reached 87.34 / 87.23 / 86.41 / 86.72 / 85.90 % at ~11 s per epoch; 4, 4, 16 reached 87.07 / 85.31 % (seeds 1, 2) at ~10 s.
    /// </summary>
    public int[] Repeats { get; init; } = DefaultRepeats;

    /// <summary>Default of <see cref="Repeats"/>.</summary>
    public static readonly int[] DefaultRepeats = { 8, 16, 64 };

    /// <summary>
    /// Copies of each crossbar layer stacked on its array's rows (<see cref="DeviceLayout.Plan"/>; missing entries = 1): the
    /// same input drives every copy, so one conversion carries copies x the signal at the same ADC noise. Only layers that
    /// fit one row block can be copied (LeNet conv1: 25 rows, up to 2 copies on a 64-row array). Null (default): the first
    /// layer twice when two copies fit one array (<see cref="DeviceLayout.DefaultCopies"/>), every other layer once.
    /// Measured (seed 1, brram, 13 x 400 x 64, repeats 4, 4, 16): conv1 x2 87.07 %, x1 85.43 % (software 88.63 %).
    /// </summary>
    public int[]? Copies { get; init; }

    /// <summary>
    /// With several boards: spread one copy of the network over them (their tiles numbered one board after another; each
    /// board's firmware accumulates its own pairs) instead of one copy per board (data-parallel, the default).
    /// </summary>
    public bool Spread { get; init; }

    /// <summary>
    /// Diagnostics: run the forward pass on the host with W_FP instead of on the chip (mixed and naive modes; the update
    /// rule and the device writes are unchanged). Separates the chip forward pass from the update rule.
    /// </summary>
    public bool HostForward { get; init; }

    /// <summary>Diagnostics: every this many batches (0 = never), log the per-layer chip-vs-software agreement and the device-vs-W_FP error.</summary>
    public int DiagnoseEvery { get; init; }

    /// <summary>The programming window; threshold = (Gmax - Gmin) / (2^bits - 1).</summary>
    [JsonIgnore]
    public ChipWindow Window => new(GminNanosiemens, GmaxNanosiemens, GinitMaxNanosiemens, (GmaxNanosiemens - GminNanosiemens) / ((1 << GranularityBits) - 1), ToleranceNanosiemens);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range (by its cimctl option) and what is accepted.</summary>
    public void Validate()
    {
        int layers = CreateNetwork(Model, 1).CrossbarLayers.Count;
        Range("--epochs", Epochs, 1, 100_000);
        Range("--batches-per-epoch", BatchesPerEpoch, 1, 10_000_000);
        Range("--batch", BatchSize, 1, 65_536);
        Range("--test-images", TestImages, 0, int.MaxValue);
        Range("--granularity-bits", GranularityBits, 1, 8);
        Range("--checkpoint-every", CheckpointEvery, 1, int.MaxValue);
        Range("--diagnose", DiagnoseEvery, 0, int.MaxValue);
        Range("maxTrials", MaxTrials, 1, 255);
        Range("averages", Averages, 1, 255);
        Range("trackedWeights", TrackedWeights, 0, 1000);
        if (!(LearningRate > 0 && LearningRate <= 1))
        {
            throw new ArgumentException($"--lr {LearningRate}: give a learning rate in (0, 1] (Wu 2023: 0.004)");
        }

        if (!(WeightDecay >= 0 && WeightDecay < 1))
        {
            throw new ArgumentException($"weightDecay {WeightDecay}: give a decoupled weight decay in [0, 1)");
        }

        if (!(ToleranceNanosiemens > 0 && double.IsFinite(ToleranceNanosiemens)))
        {
            throw new ArgumentException($"toleranceNs {ToleranceNanosiemens}: give a write-verify tolerance > 0 nS");
        }

        if (!(CurrentTarget >= 0 && CurrentTarget <= 1))
        {
            throw new ArgumentException($"--current-target {CurrentTarget}: need 0 (one scale per layer call, q = max x / 255) or a fraction of the ADC full scale in (0, 1]");
        }

        if (!(ClipQuantile > 0 && ClipQuantile <= 1))
        {
            throw new ArgumentException($"--clip-quantile {ClipQuantile}: give a quantile in (0, 1] (1 = never clip)");
        }

        if (!(GminNanosiemens > 0 && GinitMaxNanosiemens > GminNanosiemens && GmaxNanosiemens >= GinitMaxNanosiemens && double.IsFinite(GmaxNanosiemens)))
        {
            throw new ArgumentException($"conductance window {GminNanosiemens / 1000}-{GmaxNanosiemens / 1000} uS with initial maximum {GinitMaxNanosiemens / 1000} uS (--gmin-us, --gmax-us, --ginit-max-us): need 0 < Gmin < Ginit_max <= Gmax");
        }

        PerLayer("--repeats", Repeats, layers, 1, 256);
        if (Copies is not null)
        {
            PerLayer("--copies", Copies, layers, 1, 64);
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="values"/> (of the option named <paramref name="name"/>)
    /// gives exactly one value per crossbar layer of the model: what a user types must not be padded or cut silently.
    /// </summary>
    public void CheckOnePerLayer(string name, int[] values)
    {
        int layers = CreateNetwork(Model, 1).CrossbarLayers.Count;
        if (values.Length != layers)
        {
            throw new ArgumentException($"{name} got {values.Length} value(s) ({string.Join(",", values)}); {Model} has {layers} crossbar layers: give {layers} comma-separated values, one per layer");
        }
    }

    /// <summary>These options with <see cref="Repeats"/> padded with 1 to one entry per crossbar layer (what the chip session does with missing entries), so a config states every layer's value.</summary>
    public TrainRunOptions WithRepeatsPerLayer()
    {
        int layers = CreateNetwork(Model, 1).CrossbarLayers.Count;
        if (Repeats.Length >= layers)
        {
            return this;
        }

        var padded = new int[layers];
        Array.Fill(padded, 1);
        Array.Copy(Repeats, padded, Repeats.Length);
        return this with { Repeats = padded };
    }

    private static void Range(string name, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException(max == int.MaxValue ? $"{name} {value} is out of range; accepted: {min} or more" : $"{name} {value} is out of range; accepted: {min}..{max}");
        }
    }

    private void PerLayer(string name, int[]? values, int layers, int min, int max)
    {
        if (values is null || values.Length == 0 || values.Length > layers || Array.Exists(values, v => v < min || v > max))
        {
            string given = values is null ? "nothing" : $"{values.Length} value(s) ({string.Join(",", values)})";
            throw new ArgumentException($"{name} got {given}; {Model} has {layers} crossbar layers: give one value in {min}..{max} per layer");
        }
    }

    /// <summary>The network named <paramref name="model"/> with weights from <paramref name="seed"/>.</summary>
    public static Network CreateNetwork(string model, int seed) => model switch
    {
        "lenet" => WuLeNet.Create(seed),
        "lenet5" => DiaoLeNet5.Create(seed),
        "mlp" => Mlp.Create(seed),
        _ => throw new ArgumentException($"--model '{model}' is not known; accepted: lenet (Wu 2023), lenet5 (Diao 2025), mlp"),
    };
}

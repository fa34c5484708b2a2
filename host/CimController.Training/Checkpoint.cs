using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CimController.Training;

/// <summary>Metrics of one finished epoch.</summary>
public sealed class EpochMetrics
{
    public int Epoch { get; set; }
    public double TrainLoss { get; set; }
    public double TrainAccuracy { get; set; }
    public double TestAccuracy { get; set; }
    public int TestImages { get; set; }
    public long Writes { get; set; }
    public long WritesTotal { get; set; }
    public long FailedWrites { get; set; }
    public long Pulses { get; set; }
    public long[] WritesPerLayer { get; set; } = Array.Empty<long>();
    public double TrainSeconds { get; set; }
    public double TestSeconds { get; set; }
    public double ChipSeconds { get; set; }
}

/// <summary>A placed slot as stored in a checkpoint.</summary>
public sealed class SlotRecord
{
    public int Layer { get; set; }
    public int Index { get; set; }
    public int RowBlock { get; set; }
    public int OutputBlock { get; set; }
    public int RowStart { get; set; }
    public int RowCount { get; set; }
    public int OutputStart { get; set; }
    public int OutputCount { get; set; }
    public int Tile { get; set; }
    public int Column { get; set; }
    public double Scale { get; set; }
    /// <summary>Copies of the block on the array's rows (checkpoints from before copies existed: 1).</summary>
    public int Copies { get; set; } = 1;
}

/// <summary>
/// Everything a run needs to continue exactly where it stopped: the position (epoch, batch, optimizer step; the batch
/// order is a function of (seed, epoch), so the position is the RNG position), every parameter (W_FP and biases), the
/// optimizer moments, the firmware accumulator mirror (W_FP and dW_FP in nS, bit-exact), write counts, and the device
/// map (placement, per-array scales, last programmed targets).
/// </summary>
public sealed class RunState
{
    public int Version { get; set; } = 1;
    public TrainRunOptions Options { get; set; } = new();
    public int Epoch { get; set; } = 1;
    public int BatchInEpoch { get; set; }
    public long Step { get; set; }
    public long OptimizerSteps { get; set; }
    public Dictionary<string, float[]> Parameters { get; set; } = new();
    public Dictionary<string, float[]> MomentM { get; set; } = new();
    public Dictionary<string, float[]> MomentV { get; set; } = new();
    public float[] WeightNs { get; set; } = Array.Empty<float>();
    public float[] AccumulatorNs { get; set; } = Array.Empty<float>();
    public int[] Writes { get; set; } = Array.Empty<int>();

    /// <summary>The network's mapped weights (without copies; 0 in checkpoints from before copies: then <see cref="Writes"/>' length).</summary>
    public int Weights { get; set; }

    /// <summary>Mapped weights of the network: <see cref="Weights"/>, or the device pairs of an older checkpoint.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int NetworkWeights => Weights > 0 ? Weights : Writes.Length;
    public uint[] TargetPlusNs { get; set; } = Array.Empty<uint>();
    public uint[] TargetMinusNs { get; set; } = Array.Empty<uint>();
    public List<SlotRecord> Slots { get; set; } = new();
    public int[] LayerFanIn { get; set; } = Array.Empty<int>();
    public int[] LayerOutputs { get; set; } = Array.Empty<int>();
    public int TileRows { get; set; }
    public int TileColumns { get; set; }
    public int Tiles { get; set; }
    public uint ThresholdNs { get; set; }
    public List<EpochMetrics> History { get; set; } = new();
    public List<EpochMetrics> Baseline { get; set; } = new();
    public double EpochLossSum { get; set; }
    public long EpochCorrect { get; set; }
    public long EpochSeen { get; set; }
    public long EpochWrites { get; set; }
    public long EpochFailed { get; set; }
    public long EpochPulses { get; set; }
    public long[] EpochLayerWrites { get; set; } = Array.Empty<long>();
    public long WritesTotal { get; set; }
    public int[] TrackedIndices { get; set; } = Array.Empty<int>();
    public List<float[]> TrackedHistory { get; set; } = new();
    public List<long> TrackedSteps { get; set; } = new();
    public List<float> ProgramErrorsNs { get; set; } = new();
    public int FirmwareResets { get; set; }
    public long RestoreWrites { get; set; }
    public double ElapsedSeconds { get; set; }
}

/// <summary>The checkpoint file could not be used; the message says which file and why.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// Checkpoint files: a first line <c>CIMTRAIN 1 &lt;SHA-256 of the rest&gt;</c>, then the <see cref="RunState"/> as JSON
/// (floats round-trip exactly). Written to a temporary file and renamed, so a kill never leaves half a checkpoint; a
/// damaged or foreign file is refused with a message naming it.
/// </summary>
public static class Checkpoint
{
    public const string FileName = "checkpoint.json";
    private const string Magic = "CIMTRAIN 1 ";

    /// <summary>JSON settings of checkpoints and metrics (NaN and infinities allowed).</summary>
    public static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save(string path, RunState state)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(state, Json);
        string header = Magic + Convert.ToHexString(SHA256.HashData(body)) + "\n";
        string temp = path + ".tmp";
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            f.Write(Encoding.ASCII.GetBytes(header));
            f.Write(body);
            f.Flush(true);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static RunState Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"no checkpoint at {path}: --resume needs the run folder of an earlier `cimctl train --out DIR` (it holds {FileName})");
        }

        byte[] all = File.ReadAllBytes(path);
        int nl = Array.IndexOf(all, (byte)'\n');
        string header = nl > 0 ? Encoding.ASCII.GetString(all, 0, nl) : "";
        if (!header.StartsWith(Magic, StringComparison.Ordinal) || header.Length != Magic.Length + 64)
        {
            throw new CheckpointException($"{path} is not a CimController training checkpoint (its first line should be '{Magic}<sha256>')");
        }

        byte[] body = all.AsSpan(nl + 1).ToArray();
        string expected = header[Magic.Length..];
        string actual = Convert.ToHexString(SHA256.HashData(body));
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw new CheckpointException($"checkpoint {path} is corrupt: its SHA-256 is {actual[..12]}.. but the header says {expected[..12]}..; resume from an intact copy or start a new run");
        }

        try
        {
            RunState? state = JsonSerializer.Deserialize<RunState>(body, Json);
            if (state is null || state.Version != 1)
            {
                throw new CheckpointException($"checkpoint {path} has version {state?.Version}; this build reads version 1");
            }

            return state;
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"checkpoint {path} could not be parsed: {e.Message}", e);
        }
    }
}

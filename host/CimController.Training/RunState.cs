using System;
using System.Collections.Generic;

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

/// <summary>One process that worked on the run: when, with which command line and software, and how it ended.</summary>
public sealed class RunSession
{
    public DateTime StartedUtc { get; set; }

    /// <summary>When the session ended; null when it did not end by itself (killed, crashed, or still running).</summary>
    public DateTime? EndedUtc { get; set; }

    public string CommandLine { get; set; } = "";
    public string Version { get; set; } = "";
    public string Commit { get; set; } = "";

    /// <summary>Step of the run when the session started.</summary>
    public long StartStep { get; set; }

    /// <summary>Step of the run when the session ended.</summary>
    public long? EndStep { get; set; }

    /// <summary>"complete", "stopped by SIGINT" / "stopped by SIGTERM"; null when the session did not end by itself.</summary>
    public string? Outcome { get; set; }
}

/// <summary>A setting changed when the run was resumed (e.g. more epochs), with where in the run it took effect.</summary>
public sealed class RunChange
{
    public DateTime Utc { get; set; }

    /// <summary>Step of the run from which the new value applies.</summary>
    public long Step { get; set; }

    /// <summary>The config key (config.json), e.g. "epochs".</summary>
    public string Key { get; set; } = "";

    public string From { get; set; } = "";
    public string To { get; set; } = "";
}

/// <summary>
/// Everything a run needs to continue exactly where it stopped: the position (epoch, batch, optimizer step; the batch
/// order is a function of (seed, epoch), so the position is the RNG position), every parameter (W_FP and biases), the
/// optimizer moments, the firmware accumulator mirror (W_FP and dW_FP in nS, bit-exact), write counts, and the device
/// map (placement, per-array scales, last programmed targets); and how the run came about: its setup (board, profile,
/// data and its checksum), the sessions that worked on it and the settings changed on resume.
/// </summary>
public sealed class RunState
{
    /// <summary>The state's schema: 2 (1: checkpoints without setup, sessions and changes).</summary>
    public const int CurrentVersion = 2;

    public int Version { get; set; } = CurrentVersion;
    public TrainRunOptions Options { get; set; } = new();

    /// <summary>Board, profile, data and other settings outside the trainer; null when not recorded (version 1 checkpoints, library use).</summary>
    public RunSetup? Setup { get; set; }

    public List<RunSession> Sessions { get; set; } = new();
    public List<RunChange> Changes { get; set; } = new();
    public int Epoch { get; set; } = 1;
    public int BatchInEpoch { get; set; }
    public long Step { get; set; }
    public long OptimizerSteps { get; set; }
    public Dictionary<string, float[]> Parameters { get; set; } = new();
    public Dictionary<string, float[]> MomentM { get; set; } = new();
    public Dictionary<string, float[]> MomentV { get; set; } = new();

    /// <summary>W_FP of each weight, nS (nanosiemens) of G+ - G- (the firmware accumulator mirror); JSON key "weightNs".</summary>
    [System.Text.Json.Serialization.JsonPropertyName("weightNs")]
    public float[] WeightNanosiemens { get; set; } = Array.Empty<float>();

    /// <summary>dW_FP of each weight, nS (nanosiemens) (the firmware accumulator mirror); JSON key "accumulatorNs".</summary>
    [System.Text.Json.Serialization.JsonPropertyName("accumulatorNs")]
    public float[] AccumulatorNanosiemens { get; set; } = Array.Empty<float>();

    public int[] Writes { get; set; } = Array.Empty<int>();

    /// <summary>The network's mapped weights (without copies; 0 in checkpoints from before copies: then <see cref="Writes"/>' length).</summary>
    public int Weights { get; set; }

    /// <summary>Mapped weights of the network: <see cref="Weights"/>, or the device pairs of an older checkpoint.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int NetworkWeights => Weights > 0 ? Weights : Writes.Length;

    /// <summary>Last programmed G+ target of each device pair, nS (nanosiemens); JSON key "targetPlusNs".</summary>
    [System.Text.Json.Serialization.JsonPropertyName("targetPlusNs")]
    public uint[] TargetPlusNanosiemens { get; set; } = Array.Empty<uint>();

    /// <summary>Last programmed G- target of each device pair, nS (nanosiemens); JSON key "targetMinusNs".</summary>
    [System.Text.Json.Serialization.JsonPropertyName("targetMinusNs")]
    public uint[] TargetMinusNanosiemens { get; set; } = Array.Empty<uint>();

    public List<SlotRecord> Slots { get; set; } = new();
    public int[] LayerFanIn { get; set; } = Array.Empty<int>();
    public int[] LayerOutputs { get; set; } = Array.Empty<int>();
    public int TileRows { get; set; }
    public int TileColumns { get; set; }
    public int Tiles { get; set; }

    /// <summary>Programming granularity (the accumulator threshold), nS (nanosiemens); JSON key "thresholdNs".</summary>
    [System.Text.Json.Serialization.JsonPropertyName("thresholdNs")]
    public uint ThresholdNanosiemens { get; set; }

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

    /// <summary>Read-back minus target of every device write (G+ and G-), nS (nanosiemens); JSON key "programErrorsNs".</summary>
    [System.Text.Json.Serialization.JsonPropertyName("programErrorsNs")]
    public List<float> ProgramErrorsNanosiemens { get; set; } = new();

    public int FirmwareResets { get; set; }
    public long RestoreWrites { get; set; }
    public double ElapsedSeconds { get; set; }

    /// <summary>Records that a process starts working on the run now, with its command line and the software's version.</summary>
    public RunSession BeginSession(string commandLine, DateTime nowUtc)
    {
        var session = new RunSession { StartedUtc = nowUtc, CommandLine = commandLine, Version = BuildInfo.Version, Commit = BuildInfo.Commit, StartStep = Step };
        Sessions.Add(session);
        return session;
    }

    /// <summary>Records how the last session ended ("complete", "stopped by SIGTERM").</summary>
    public void EndSession(string outcome, DateTime nowUtc)
    {
        if (Sessions.Count > 0)
        {
            RunSession last = Sessions[^1];
            last.EndedUtc = nowUtc;
            last.EndStep = Step;
            last.Outcome = outcome;
        }
    }

    /// <summary>True when every epoch of <see cref="TrainRunOptions.Epochs"/> is done.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsComplete => Epoch > Options.Epochs;

    /// <summary>Steps of the whole run.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long TotalSteps => (long)Options.Epochs * Options.BatchesPerEpoch;
}

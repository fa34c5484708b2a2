namespace CimController.Training;

/// <summary>
/// The settings of a training run that live outside the trainer: which board and emulator profile, the data set and
/// its checksum, whether the software baseline runs first, and the connection's limits. With
/// <see cref="TrainRunOptions"/> they make the run's whole config (<see cref="TrainConfig"/>).
/// </summary>
public sealed record RunSetup
{
    /// <summary>The board: emulator | tcp://HOST:PORT | serial:DEVICE[?baud=N] (unused in software mode).</summary>
    public string Board { get; init; } = "emulator";

    /// <summary>The emulator's device profile (ignored by a real board).</summary>
    public string Profile { get; init; } = "brram";

    /// <summary>The emulated chip (boards/chips name or path: geometry and costs; ignored by a real board).</summary>
    public string Chip { get; init; } = "wu2023";

    /// <summary>Emulator ADC and read noise on (false: diagnostics).</summary>
    public bool Noise { get; init; } = true;

    /// <summary>Emulator: draw and quantise each of a vector's N conversions (the code-for-code model) instead of drawing
    /// each column's sum of N from its distribution (default false; EmulatorOptions.DrawEachConversion).</summary>
    public bool DrawEachConversion { get; init; }

    /// <summary>Folder of the four MNIST-format IDX files; null: Fashion-MNIST at its default folder.</summary>
    public string? Data { get; init; }

    /// <summary>SHA-256 of the data set's decoded images and labels (<see cref="DataFingerprint"/>); null: not checked.</summary>
    public string? DataSha256 { get; init; }

    /// <summary>Train the FP32 software baseline (same seed and batches) before the run, for the plots and the gap.</summary>
    public bool Baseline { get; init; } = true;

    /// <summary>Emulator MAC threads (in-process emulator only).</summary>
    public int MacThreads { get; init; } = 2;

    /// <summary>Largest frame payload, bytes (64..65535).</summary>
    public int MaxPayload { get; init; } = 65535;

    /// <summary>Longest wait for one reply, ms (the trainer waits at least 60 s).</summary>
    public int TimeoutMs { get; init; } = 5000;
}

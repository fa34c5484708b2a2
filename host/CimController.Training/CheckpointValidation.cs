using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Learning.Models;

namespace CimController.Training;

/// <summary>
/// Checks every field of a loaded <see cref="RunState"/> against the run's options, the network and the invariants the
/// trainer keeps (position = step, history = finished epochs, write counts add up, the device map covers every weight
/// once and fits the tiles, the accumulator mirror is below the threshold, every number finite), so a checkpoint edited
/// by hand and re-hashed is refused instead of giving a silently wrong run or an exception deep in the trainer. The
/// message names the field (as in the file) and the accepted values. This part holds the entry point, the setup and
/// tracking checks and the shared field checks; the position and history, the host parameters and the device map are
/// checked in the other parts.
/// </summary>
public static partial class CheckpointValidation
{
    /// <summary>Throws <see cref="CheckpointException"/> naming the first field that is out of range or inconsistent.</summary>
    public static void Check(RunState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        TrainRunOptions o = s.Options ?? throw Bad("options are missing");
        try
        {
            o.Validate();
        }
        catch (ArgumentException e)
        {
            throw Bad("options: " + e.Message);
        }

        if (s.Setup is not null)
        {
            CheckSetup(s.Setup);
        }

        Network net = TrainRunOptions.CreateNetwork(o.Model, o.Seed);
        CheckPosition(s, o);
        CheckHistory(s, o, net);
        CheckHost(s, net);
        if (o.Mode == TrainingMode.Software)
        {
            CheckSoftware(s, net);
        }
        else
        {
            CheckDevices(s, o, net);
        }

        CheckTracking(s, net);
        Finite("programErrorsNs", s.ProgramErrorsNanosiemens);
        NotNegative("firmwareResets", s.FirmwareResets);
        NotNegative("restoreWrites", s.RestoreWrites);
        if (!(s.ElapsedSeconds >= 0 && double.IsFinite(s.ElapsedSeconds)))
        {
            throw Bad($"elapsedSeconds {s.ElapsedSeconds} is not a finite number of seconds >= 0");
        }
    }

    private static void CheckSetup(RunSetup u)
    {
        if (string.IsNullOrWhiteSpace(u.Board) || string.IsNullOrWhiteSpace(u.Profile))
        {
            throw Bad("setup.board and setup.profile must name the board and the emulator profile");
        }

        if (u.MacThreads < 1 || u.MaxPayload < 64 || u.MaxPayload > 65535 || u.TimeoutMs < 1)
        {
            throw Bad($"setup: macThreads {u.MacThreads} (>= 1), maxPayload {u.MaxPayload} (64..65535) or timeoutMs {u.TimeoutMs} (>= 1) is out of range");
        }

        if (u.DataSha256 is not null && (u.DataSha256.Length != 64 || !u.DataSha256.All(Uri.IsHexDigit)))
        {
            throw Bad($"setup.dataSha256 '{u.DataSha256}' is not a SHA-256 (64 hex digits)");
        }
    }

    private static void CheckTracking(RunState s, Network net)
    {
        if (s.TrackedIndices.Any(i => i < 0 || i >= net.WeightCount))
        {
            throw Bad($"trackedIndices hold an index outside 0..{net.WeightCount - 1}");
        }

        if (s.TrackedHistory.Count != s.TrackedSteps.Count || s.TrackedHistory.Any(v => v is null || v.Length != s.TrackedIndices.Length))
        {
            throw Bad($"trackedHistory ({s.TrackedHistory.Count} rows) must have one row of {s.TrackedIndices.Length} values per tracked step ({s.TrackedSteps.Count})");
        }

        for (int i = 0; i < s.TrackedHistory.Count; i++)
        {
            Finite($"trackedHistory[{i}]", s.TrackedHistory[i]);
        }

        if (s.TrackedSteps.Any(t => t < 0 || t > s.Step))
        {
            throw Bad($"trackedSteps hold a step outside 0..{s.Step}");
        }
    }

    private static bool Fraction(double v) => v >= 0 && v <= 1;

    private static void Finite(string field, IEnumerable<float> values)
    {
        int i = 0;
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                throw Bad($"{field}[{i}] is {v}; every value must be a finite number");
            }

            i++;
        }
    }

    private static void NotNegative(string field, long value)
    {
        if (value < 0)
        {
            throw Bad($"{field} {value} is negative");
        }
    }

    private static void NotNegative(string field, IEnumerable<long> values)
    {
        if (values.Any(v => v < 0))
        {
            throw Bad($"{field} holds a negative count");
        }
    }

    private static void NotNegative(string field, IEnumerable<int> values) => NotNegative(field, values.Select(v => (long)v));

    private static CheckpointException Bad(string message) => new(message);
}

using System;
using System.Collections.Generic;

namespace CimController.Training;

/// <summary>
/// What a resumed run may change. Settings that decide what the run computes (model, mode, learning rate, batches,
/// window, seed, profile, data ...) are fixed for the run's life: a different value is refused, naming the setting. Settings
/// of how it is carried out may change and are recorded as <see cref="RunChange"/>s: the epochs (to extend a finished run
/// or end it earlier, never below the epochs already trained), the checkpoint interval, diagnostics, the board's address,
/// the connection's limits, the data's folder (its content is checked by checksum) and whether the baseline is extended.
/// </summary>
public static class ResumePolicy
{
    /// <summary>Config keys a resumed run may change.</summary>
    public static readonly IReadOnlySet<string> Changeable = new HashSet<string>
    {
        "epochs", "checkpointEvery", "diagnoseEvery", "board", "macThreads", "maxPayload", "timeoutMs", "data", "baseline",
    };

    /// <summary>The fewest epochs <paramref name="state"/> can be given: those finished, plus the one in progress.</summary>
    public static int MinimumEpochs(RunState state) => Math.Max(1, state.History.Count + (state.BatchInEpoch > 0 ? 1 : 0));

    /// <summary>
    /// The changes from the run's recorded config to <paramref name="requested"/>, or a <see cref="TrainConfigException"/>
    /// naming the first setting that contradicts the run (<paramref name="nameOf"/> turns a config key into the name the
    /// user gave it, e.g. "--lr"). Nothing is changed here.
    /// </summary>
    public static IReadOnlyList<RunChange> Changes(RunState state, TrainConfig recorded, TrainConfig requested, Func<string, string> nameOf, DateTime nowUtc)
    {
        var changes = new List<RunChange>();
        foreach ((string key, string from, string to) in recorded.DifferencesTo(requested))
        {
            if (!Changeable.Contains(key))
            {
                throw new TrainConfigException($"{nameOf(key)} gives {key} {to}, which contradicts the run, trained with {key} {from}; a resumed run keeps its settings "
                    + "(to train with another value start a new run: --config with its config.json and the new value)");
            }

            if (key == "epochs" && requested.Options.Epochs < MinimumEpochs(state))
            {
                string done = state.BatchInEpoch > 0 ? $"is in epoch {state.History.Count + 1}" : $"has finished {state.History.Count} epochs";
                throw new TrainConfigException($"{nameOf(key)} {to} is fewer than the run has trained: it {done}; give {MinimumEpochs(state)} or more");
            }

            changes.Add(new RunChange { Utc = nowUtc, Step = state.Step, Key = key, From = from, To = to });
        }

        return changes;
    }
}

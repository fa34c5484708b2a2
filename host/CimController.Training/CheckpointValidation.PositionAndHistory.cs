using System.Collections.Generic;
using System.Linq;
using CimController.Learning.Models;

namespace CimController.Training;

/// <summary>The run's position (epoch, batch, step, the epoch's running sums) and its history of finished epochs.</summary>
public static partial class CheckpointValidation
{
    private static void CheckPosition(RunState s, TrainRunOptions o)
    {
        if (s.Epoch < 1 || s.Epoch > o.Epochs + 1)
        {
            throw Bad($"epoch {s.Epoch} is outside 1..{o.Epochs + 1} (epochs {o.Epochs}; {o.Epochs + 1} = finished)");
        }

        int maxBatch = s.Epoch > o.Epochs ? 0 : o.BatchesPerEpoch;
        if (s.BatchInEpoch < 0 || s.BatchInEpoch > maxBatch)
        {
            throw Bad($"batchInEpoch {s.BatchInEpoch} is outside 0..{maxBatch} (batchesPerEpoch {o.BatchesPerEpoch}, epoch {s.Epoch})");
        }

        long step = ((long)(s.Epoch - 1) * o.BatchesPerEpoch) + s.BatchInEpoch;
        if (s.Step != step)
        {
            throw Bad($"step {s.Step} does not match the position: epoch {s.Epoch}, batch {s.BatchInEpoch} of {o.BatchesPerEpoch} is step {step}");
        }

        if (s.OptimizerSteps != s.Step)
        {
            throw Bad($"optimizerSteps {s.OptimizerSteps} differs from step {s.Step} (one optimizer step per batch)");
        }

        if (s.EpochSeen != (long)s.BatchInEpoch * o.BatchSize || s.EpochCorrect < 0 || s.EpochCorrect > s.EpochSeen)
        {
            throw Bad($"epochSeen {s.EpochSeen} / epochCorrect {s.EpochCorrect} do not fit {s.BatchInEpoch} batches of {o.BatchSize} images");
        }

        if (!(s.EpochLossSum >= 0 && double.IsFinite(s.EpochLossSum)) || (s.BatchInEpoch == 0 && s.EpochLossSum != 0))
        {
            throw Bad($"epochLossSum {s.EpochLossSum} is not a finite sum of {s.BatchInEpoch} batch losses");
        }

        NotNegative("epochWrites", s.EpochWrites);
        NotNegative("epochFailed", s.EpochFailed);
        NotNegative("epochPulses", s.EpochPulses);
    }

    private static void CheckHistory(RunState s, TrainRunOptions o, Network net)
    {
        if (s.History.Count != s.Epoch - 1)
        {
            throw Bad($"history holds {s.History.Count} epochs but the run is at epoch {s.Epoch} ({s.Epoch - 1} finished)");
        }

        CheckEpochs("history", s.History, net.CrossbarLayers.Count);
        CheckEpochs("baseline", s.Baseline, net.CrossbarLayers.Count);
        long total = s.History.Sum(m => m.Writes);
        if (s.WritesTotal != total)
        {
            throw Bad($"writesTotal {s.WritesTotal} differs from the sum of the history's writes {total}");
        }

        if (s.EpochLayerWrites.Length != 0 && s.EpochLayerWrites.Length != net.CrossbarLayers.Count)
        {
            throw Bad($"epochLayerWrites has {s.EpochLayerWrites.Length} entries; {o.Model} has {net.CrossbarLayers.Count} crossbar layers");
        }

        NotNegative("epochLayerWrites", s.EpochLayerWrites);
    }

    private static void CheckEpochs(string field, List<EpochMetrics> epochs, int layers)
    {
        long total = 0;
        for (int i = 0; i < epochs.Count; i++)
        {
            EpochMetrics m = epochs[i] ?? throw Bad($"{field}[{i}] is null");
            string at = $"{field}[{i}]";
            total += m.Writes;
            if (m.Epoch != i + 1)
            {
                throw Bad($"{at}.epoch is {m.Epoch}; epochs are numbered 1, 2, ... in order");
            }

            bool accuraciesOk = Fraction(m.TrainAccuracy) && (Fraction(m.TestAccuracy) || (m.TestImages == 0 && double.IsNaN(m.TestAccuracy)));
            if (!accuraciesOk || !(m.TrainLoss >= 0 && double.IsFinite(m.TrainLoss)) || m.TestImages < 0)
            {
                throw Bad($"{at}: loss {m.TrainLoss}, train accuracy {m.TrainAccuracy}, test accuracy {m.TestAccuracy} on {m.TestImages} images: need a finite loss >= 0 and accuracies in 0..1");
            }

            if (m.Writes < 0 || m.FailedWrites < 0 || m.Pulses < 0 || m.WritesTotal != total || (m.WritesPerLayer.Length != 0 && m.WritesPerLayer.Length != layers)
                || m.WritesPerLayer.Any(w => w < 0))
            {
                throw Bad($"{at}: writes {m.Writes}, total {m.WritesTotal}, failed {m.FailedWrites}, pulses {m.Pulses}, per layer [{string.Join(", ", m.WritesPerLayer)}]: counts must be >= 0, the total the running sum, one entry per layer");
            }

            if (!(m.TrainSeconds >= 0 && m.TestSeconds >= 0 && m.ChipSeconds >= 0) || !double.IsFinite(m.TrainSeconds + m.TestSeconds + m.ChipSeconds))
            {
                throw Bad($"{at}: times must be finite seconds >= 0");
            }
        }
    }
}

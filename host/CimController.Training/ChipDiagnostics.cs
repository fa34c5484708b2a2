using System;
using System.Linq;
using System.Text;
using CimController.Learning.Models;

namespace CimController.Training;

/// <summary>A batch's per-layer chip-vs-software statistics and the devices' deviation from W_FP, as one log entry.</summary>
internal static class ChipDiagnostics
{
    /// <summary>Takes the statistics the chip gathered during the batch (clearing them), reads every pair and describes both.</summary>
    public static string Describe(ChipSession chip, Network network, RunState state, int epoch, int batch, BatchResult r)
    {
        ChipLayerStats[] stats = chip.Stats!;
        chip.Stats = null;
        (float[] gp, float[] gm) = chip.ReadAll(state.Options.Averages);
        var line = new StringBuilder($"diag epoch {epoch} batch {batch} loss {r.Loss:0.000}:");
        for (int l = 0; l < network.CrossbarLayers.Count; l++)
        {
            int s0 = chip.Layout.LayerStart[l], s1 = chip.Layout.LayerStart[l + 1];
            double e2 = 0, w2 = 0;
            for (int i = s0; i < s1; i++)
            {
                double e = gp[i] - gm[i] - state.WeightNanosiemens[i];
                e2 += e * e;
                w2 += (double)state.WeightNanosiemens[i] * state.WeightNanosiemens[i];
            }

            float[] bias = network.CrossbarLayers[l].Bias?.Value ?? Array.Empty<float>();
            line.Append($"\n  {network.CrossbarLayers[l].Name}: {stats[l]}; device-W_FP rms {Math.Sqrt(e2 / (s1 - s0)):0} nS (W_FP rms {Math.Sqrt(w2 / (s1 - s0)):0} nS)");
            line.Append($"; |bias|max {(bias.Length > 0 ? bias.Max(Math.Abs) : 0):0.###}");
        }

        return line.ToString();
    }
}

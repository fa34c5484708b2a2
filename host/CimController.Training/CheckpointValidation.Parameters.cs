using System.Collections.Generic;
using System.Linq;
using CimController.Learning.Layers;
using CimController.Learning.Models;

namespace CimController.Training;

/// <summary>The host's copy of the network: its parameters and the optimizer's first and second moments.</summary>
public static partial class CheckpointValidation
{
    private static void CheckHost(RunState s, Network net)
    {
        if (s.Weights != 0 && s.Weights != net.WeightCount)
        {
            throw Bad($"weights {s.Weights} differs from the {net.WeightCount} crossbar weights of {net.Name}");
        }

        var names = new HashSet<string>(net.Parameters.Select(p => p.Name));
        foreach (string key in s.Parameters.Keys.Concat(s.MomentM.Keys).Concat(s.MomentV.Keys))
        {
            if (!names.Contains(key))
            {
                throw Bad($"parameter '{key}' is not a parameter of {net.Name} (it has {string.Join(", ", names)})");
            }
        }

        bool moments = s.OptimizerSteps > 0;
        foreach (Parameter p in net.Parameters)
        {
            Tensor("parameters", p, s.Parameters, true);
            Tensor("momentM", p, s.MomentM, moments);
            Tensor("momentV", p, s.MomentV, moments);
            if (moments && s.MomentV[p.Name].Any(v => v < 0))
            {
                throw Bad($"momentV[{p.Name}] holds a negative second moment");
            }
        }
    }

    private static void Tensor(string field, Parameter p, Dictionary<string, float[]> map, bool required)
    {
        if (!map.TryGetValue(p.Name, out float[]? v))
        {
            if (required)
            {
                throw Bad($"{field} lacks {p.Name} [{p.Length} values]");
            }

            return;
        }

        if (v is null || v.Length != p.Length)
        {
            throw Bad($"{field}[{p.Name}] has {v?.Length ?? 0} values; {p.Name} has {p.Length}");
        }

        Finite($"{field}[{p.Name}]", v);
    }
}

using System;
using CimController.Learning.Models;

namespace CimController.Learning.ModelFiles;

/// <summary>The architectures a model file may name, and their factories.</summary>
public static class ModelArchitectures
{
    /// <summary>Accepted names, for messages: cimctl's short names (train --model, deploy/infer --arch), then the long ones.</summary>
    public const string Names = "lenet (Wu 2023 LeNet), lenet5 (Diao 2025 LeNet-5), mlp (Diao 2025 MLP); also wu-lenet, diao-lenet5";

    /// <summary>Creates the architecture <paramref name="name"/> (also accepts the network names and cimctl's short names lenet, lenet5).</summary>
    public static Network Create(string name, int seed = 1) => Normalize(name) switch
    {
        "wu-lenet" => WuLeNet.Create(seed),
        "diao-lenet5" => DiaoLeNet5.Create(seed),
        "mlp" => Mlp.Create(seed),
        _ => throw new ModelFileException($"architecture '{name}' is not supported; supported: {Names}"),
    };

    /// <summary>The canonical name of an architecture or network name.</summary>
    public static string Normalize(string name) => name.Trim().ToLowerInvariant() switch
    {
        "wu-lenet" or "wulenet" or "lenet" => "wu-lenet",
        "diao-lenet5" or "diaolenet5" or "lenet5" or "lenet-5" => "diao-lenet5",
        "mlp" => "mlp",
        var other => other,
    };
}

using System;
using CimController.Learning.Models;

namespace CimController.Learning.ModelFiles;

/// <summary>
/// The architectures cimctl trains, deploys and stores, under one vocabulary: the short names lenet, lenet5 and mlp
/// (every command's <c>--arch</c>); the long names a model file's metadata stores (wu-lenet, diao-lenet5) are accepted
/// as aliases, so existing files and scripts keep working.
/// </summary>
public static class ModelArchitectures
{
    /// <summary>Accepted names with their paper source, for help and messages: the short names, then the long aliases.</summary>
    public const string Names = "lenet (Wu 2023 LeNet), lenet5 (Diao 2025 LeNet-5), mlp (Diao 2025 MLP); also wu-lenet, diao-lenet5";

    /// <summary>Creates the architecture <paramref name="name"/> (a short name, a long name or a network name).</summary>
    public static Network Create(string name, int seed = 1) => Normalize(name) switch
    {
        "wu-lenet" => WuLeNet.Create(seed),
        "diao-lenet5" => DiaoLeNet5.Create(seed),
        "mlp" => Mlp.Create(seed),
        _ => throw new ModelFileException($"architecture '{name}' is not supported; supported: {Names}"),
    };

    /// <summary>The long name a model file stores for an architecture or network name (unknown names come back trimmed and lower-case).</summary>
    public static string Normalize(string name) => name.Trim().ToLowerInvariant() switch
    {
        "wu-lenet" or "wulenet" or "lenet" => "wu-lenet",
        "diao-lenet5" or "diaolenet5" or "lenet5" or "lenet-5" => "diao-lenet5",
        "mlp" => "mlp",
        var other => other,
    };

    /// <summary>The short name (lenet, lenet5, mlp) of an architecture or network name, or null when it names none.</summary>
    public static string? ShortName(string name) => Normalize(name) switch
    {
        "wu-lenet" => "lenet",
        "diao-lenet5" => "lenet5",
        "mlp" => "mlp",
        _ => null,
    };
}

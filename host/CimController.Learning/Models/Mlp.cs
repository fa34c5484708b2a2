using System;
using CimController.Learning.Layers;

namespace CimController.Learning.Models;

/// <summary>
/// The MLP of Diao 2025: 784-256-128-10 with ReLU ("two hidden layers comprising 256 and 128 neurons"), biases on
/// every layer: 200,960 + 32,896 + 1,290 = <b>235,146</b> parameters (234,752 weights).
/// <para>
/// Diao 2025 Table 1 lists 202,364 parameters. That number does not come from this architecture, with or without
/// biases, nor from any 784-h1-h2-10 or 784-h-10 MLP with h &lt;= 1024 (exhaustive search); the text's layer sizes are
/// kept and the table's count is taken to be an error in the paper.
/// </para>
/// </summary>
public static class Mlp
{
    /// <summary>Parameters of 784-256-128-10 with biases.</summary>
    public const int Parameters = 235146;

    /// <summary>Creates the network with weights drawn from <paramref name="seed"/>.</summary>
    public static Network Create(int seed)
    {
        var rng = new Random(seed);
        return new Network("Mlp", 1, 28, 28, 10, new ILayer[]
        {
            new Flatten(),
            new Linear("fc1", 784, 256, rng),
            new Relu("relu1"),
            new Linear("fc2", 256, 128, rng),
            new Relu("relu2"),
            new Linear("fc3", 128, 10, rng),
        });
    }
}

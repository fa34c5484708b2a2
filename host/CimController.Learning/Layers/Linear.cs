using System;
using CimController.Learning.Tensors;

namespace CimController.Learning.Layers;

/// <summary>
/// Fully connected layer: input [K, B] (features x batch, see <see cref="Flatten"/>), output [N, B] = W^T x + b.
/// Crossbar form is W itself, [K, N]; one crossbar operation per image.
/// </summary>
public sealed class Linear : CrossbarLayer
{
    /// <summary>Creates a K -> N layer initialised from <paramref name="rng"/>.</summary>
    public Linear(string name, int inputs, int outputs, Random rng, bool bias = true)
        : base(name, inputs, outputs, bias, rng)
    {
    }

    /// <inheritdoc />
    public override long MacsPerImage => (long)FanIn * Outputs;

    /// <inheritdoc />
    protected override ReadOnlyMemory<float> BuildInputs(Activations input, out int vectorCount)
    {
        if (input.Channels != FanIn || input.Height != 1 || input.Width != 1)
        {
            throw new ArgumentException($"{Name}: expects [{FanIn}, B, 1, 1], got {input} (add a Flatten layer)");
        }

        vectorCount = input.Batch;
        return input.Data.AsMemory(0, input.Length);
    }

    /// <inheritdoc />
    protected override Activations ShapeOutput(float[] z, int vectorCount) => new(z, Outputs, vectorCount);

    /// <inheritdoc />
    protected override Activations FoldInputGradient(float[] dx, int vectorCount) => new(dx, FanIn, vectorCount);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: Linear {FanIn} -> {Outputs}";
}

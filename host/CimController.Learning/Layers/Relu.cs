using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using CimController.Learning.Tensors;

namespace CimController.Learning.Layers;

/// <summary>
/// ReLU: y = max(z, 0); backward dL/dz = dL/dy * sigma'(z) with sigma'(z) = 1 for z &gt; 0, else 0 (the derivative
/// at 0 is taken as 0). z is the recorded input, i.e. the chip's output when it was measured.
/// </summary>
public sealed class Relu : ILayer
{
    private static readonly Parameter[] None = Array.Empty<Parameter>();
    private Activations? _input;
    private float[]? _output;
    private float[]? _gradient;

    /// <summary>Creates the layer.</summary>
    public Relu(string name = "relu") => Name = name;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => None;

    /// <summary>The pre-activation z of the last forward pass.</summary>
    public Activations? LastInput => _input;

    /// <inheritdoc />
    public Activations Forward(Activations input, IActivationSource? measured)
    {
        _input = input;
        float[] y = Buffers.Ensure(ref _output, input.Length);
        TensorPrimitives.Max(input.Span, 0f, y.AsSpan(0, input.Length));
        return new Activations(y, input.Channels, input.Batch, input.Height, input.Width);
    }

    /// <inheritdoc />
    public Activations? Backward(Activations outputGradient, bool needInputGradient)
    {
        if (!needInputGradient)
        {
            return null;
        }

        Activations z = _input ?? throw new InvalidOperationException("Backward before Forward");
        float[] g = Buffers.Ensure(ref _gradient, z.Length);
        ReadOnlySpan<float> zs = z.Span;
        ReadOnlySpan<float> gy = outputGradient.Span;
        for (int i = 0; i < zs.Length; i++)
        {
            g[i] = zs[i] > 0f ? gy[i] : 0f;
        }

        return new Activations(g, z.Channels, z.Batch, z.Height, z.Width);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: ReLU";
}

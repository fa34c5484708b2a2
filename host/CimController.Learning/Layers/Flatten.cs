using System;
using System.Collections.Generic;
using CimController.Learning.Tensors;

namespace CimController.Learning.Layers;

/// <summary>
/// Reshapes [C, B, H, W] into the fully connected layout [C H W, B]: feature f = (c H + y) W + x of image b goes to
/// f * B + b. Backward is the inverse permutation.
/// </summary>
public sealed class Flatten : ILayer
{
    private static readonly Parameter[] None = Array.Empty<Parameter>();
    private float[]? _output;
    private float[]? _gradient;
    private int _c, _b, _h, _w;

    /// <summary>Creates the layer.</summary>
    public Flatten(string name = "flatten") => Name = name;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => None;

    /// <inheritdoc />
    public Activations Forward(Activations input, IActivationSource? measured)
    {
        _c = input.Channels;
        _b = input.Batch;
        _h = input.Height;
        _w = input.Width;
        int hw = _h * _w;
        float[] y = Buffers.Ensure(ref _output, input.Length);
        ReadOnlySpan<float> x = input.Span;
        for (int c = 0; c < _c; c++)
        {
            for (int b = 0; b < _b; b++)
            {
                ReadOnlySpan<float> plane = x.Slice(((c * _b) + b) * hw, hw);
                for (int p = 0; p < hw; p++)
                {
                    y[(((c * hw) + p) * _b) + b] = plane[p];
                }
            }
        }

        return new Activations(y, _c * hw, _b);
    }

    /// <inheritdoc />
    public Activations? Backward(Activations outputGradient, bool needInputGradient)
    {
        if (!needInputGradient)
        {
            return null;
        }

        int hw = _h * _w;
        float[] g = Buffers.Ensure(ref _gradient, _c * _b * hw);
        ReadOnlySpan<float> gy = outputGradient.Span;
        for (int c = 0; c < _c; c++)
        {
            for (int b = 0; b < _b; b++)
            {
                Span<float> plane = g.AsSpan(((c * _b) + b) * hw, hw);
                for (int p = 0; p < hw; p++)
                {
                    plane[p] = gy[(((c * hw) + p) * _b) + b];
                }
            }
        }

        return new Activations(g, _c, _b, _h, _w);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: Flatten";
}

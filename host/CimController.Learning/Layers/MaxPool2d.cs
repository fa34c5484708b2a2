using System;
using System.Collections.Generic;
using CimController.Learning.Tensors;

namespace CimController.Learning.Layers;

/// <summary>
/// Max pooling with a square window equal to its stride (2 in all three models): output [C, B, H/s, W/s] (floor).
/// Records the position of each maximum; backward routes each output gradient to that position (first maximum on
/// ties). Done in the digital unit in Wu 2023 ("intermediate processing ... pooling").
/// </summary>
public sealed class MaxPool2d : ILayer
{
    private static readonly Parameter[] None = Array.Empty<Parameter>();
    private float[]? _output;
    private float[]? _gradient;
    private int[]? _argmax;
    private int _c, _b, _h, _w, _oh, _ow;

    /// <summary>Creates a <paramref name="size"/> x <paramref name="size"/> pool with stride <paramref name="size"/>.</summary>
    public MaxPool2d(int size = 2, string name = "pool")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        Name = name;
    }

    /// <summary>Window and stride.</summary>
    public int Size { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => None;

    /// <summary>Flat input index of each output's maximum, from the last forward pass.</summary>
    public ReadOnlySpan<int> LastArgMax => _argmax is null ? default : _argmax.AsSpan(0, _c * _b * _oh * _ow);

    /// <inheritdoc />
    public Activations Forward(Activations input, IActivationSource? measured)
    {
        _c = input.Channels;
        _b = input.Batch;
        _h = input.Height;
        _w = input.Width;
        _oh = _h / Size;
        _ow = _w / Size;
        if (_oh < 1 || _ow < 1)
        {
            throw new ArgumentException($"{Name}: input {input} is smaller than the {Size}x{Size} window");
        }

        int outLen = _c * _b * _oh * _ow;
        float[] y = Buffers.Ensure(ref _output, outLen);
        if (_argmax is null || _argmax.Length < outLen)
        {
            _argmax = new int[outLen];
        }

        ReadOnlySpan<float> x = input.Span;
        int o = 0;
        for (int plane = 0; plane < _c * _b; plane++)
        {
            int baseIndex = plane * _h * _w;
            for (int oy = 0; oy < _oh; oy++)
            {
                for (int ox = 0; ox < _ow; ox++)
                {
                    int best = baseIndex + (oy * Size * _w) + (ox * Size);
                    float max = x[best];
                    for (int dy = 0; dy < Size; dy++)
                    {
                        int rowStart = baseIndex + (((oy * Size) + dy) * _w) + (ox * Size);
                        for (int dx = 0; dx < Size; dx++)
                        {
                            float v = x[rowStart + dx];
                            if (v > max)
                            {
                                max = v;
                                best = rowStart + dx;
                            }
                        }
                    }

                    y[o] = max;
                    _argmax[o] = best;
                    o++;
                }
            }
        }

        return new Activations(y, _c, _b, _oh, _ow);
    }

    /// <inheritdoc />
    public Activations? Backward(Activations outputGradient, bool needInputGradient)
    {
        if (!needInputGradient)
        {
            return null;
        }

        int inLen = _c * _b * _h * _w;
        float[] g = Buffers.Ensure(ref _gradient, inLen);
        Array.Clear(g, 0, inLen);
        ReadOnlySpan<float> gy = outputGradient.Span;
        int[] argmax = _argmax ?? throw new InvalidOperationException("Backward before Forward");
        for (int o = 0; o < gy.Length; o++)
        {
            g[argmax[o]] += gy[o];
        }

        return new Activations(g, _c, _b, _h, _w);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: MaxPool {Size}x{Size}";
}

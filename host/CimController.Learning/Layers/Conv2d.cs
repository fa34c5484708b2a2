using System;
using CimController.Learning.Tensors;

namespace CimController.Learning.Layers;

/// <summary>
/// 2-D convolution as a crossbar VMM: im2col unrolls each KH x KW x C window into a column of X [K, B OH OW]
/// (K = C KH KW), then Z [N, B OH OW] = W^T X + b, which is the output [N, B, OH, OW]. The weight matrix in crossbar
/// form is [K, N]: row r = (c KH + ky) KW + kx is one unrolled kernel element, column n one output channel. The
/// input gradient is col2im(W G).
/// </summary>
public sealed class Conv2d : CrossbarLayer
{
    private float[]? _columns;
    private float[]? _inputGradient;
    private int _inH, _inW, _outH, _outW, _batch;

    /// <summary>Creates a convolution with <paramref name="outChannels"/> kernels of size <paramref name="kernel"/>.</summary>
    public Conv2d(string name, int inChannels, int outChannels, int kernel, Random rng, int stride = 1, int padding = 0, bool bias = true)
        : base(name, inChannels * kernel * kernel, outChannels, bias, rng)
    {
        Geometry = new ConvGeometry(inChannels, kernel, kernel, stride, padding);
    }

    /// <summary>Kernel geometry.</summary>
    public ConvGeometry Geometry { get; }

    /// <summary>Output positions per image of the last forward pass (OH x OW).</summary>
    public int LastPositionsPerImage => _outH * _outW;

    /// <inheritdoc />
    public override long MacsPerImage => (long)FanIn * Outputs * _outH * _outW;

    /// <summary>Multiply-adds per image for an input of <paramref name="h"/> x <paramref name="w"/>.</summary>
    public long MacsFor(int h, int w) => (long)FanIn * Outputs * Geometry.OutputHeight(h) * Geometry.OutputWidth(w);

    /// <inheritdoc />
    protected override ReadOnlyMemory<float> BuildInputs(Activations input, out int vectorCount)
    {
        _inH = input.Height;
        _inW = input.Width;
        _batch = input.Batch;
        _outH = Geometry.OutputHeight(_inH);
        _outW = Geometry.OutputWidth(_inW);
        if (_outH < 1 || _outW < 1)
        {
            throw new ArgumentException($"{Name}: input {input} is smaller than the kernel");
        }

        vectorCount = _batch * _outH * _outW;
        float[] cols = Buffers.Ensure(ref _columns, FanIn * vectorCount);
        Im2Col.Unroll(input, Geometry, cols);
        return cols.AsMemory(0, FanIn * vectorCount);
    }

    /// <inheritdoc />
    protected override Activations ShapeOutput(float[] z, int vectorCount) => new(z, Outputs, _batch, _outH, _outW);

    /// <inheritdoc />
    protected override Activations FoldInputGradient(float[] dx, int vectorCount)
    {
        float[] buf = Buffers.Ensure(ref _inputGradient, Geometry.Channels * _batch * _inH * _inW);
        var grad = new Activations(buf, Geometry.Channels, _batch, _inH, _inW);
        Im2Col.Fold(dx.AsSpan(0, FanIn * vectorCount), Geometry, grad);
        return grad;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: Conv2d {Geometry.Channels} -> {Outputs}, {Geometry.KernelHeight}x{Geometry.KernelWidth} (crossbar {FanIn}x{Outputs})";
}

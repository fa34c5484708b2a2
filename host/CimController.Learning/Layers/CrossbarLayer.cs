using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using CimController.Learning.Tensors;

namespace CimController.Learning.Layers;

/// <summary>
/// A layer that is a crossbar VMM: z = W^T x + b with the weight matrix W in crossbar form [FanIn, Outputs]
/// (rows = fan-in, i.e. the im2col-unrolled kernel for a convolution; columns = outputs). Weights are mapped to devices;
/// the bias is added digitally.
/// <para>Forward: X [K, V] (V input vectors) -> Z [N, V] = W^T X (+ b per row), or the measured Z.</para>
/// <para>Backward with G = dL/dZ [N, V]: dW = X G^T [K, N]; db = sum over V of G; dL/dX = W G [K, V].</para>
/// Weights start He-uniform, U(-sqrt(6/K), sqrt(6/K)); biases start at zero.
/// </summary>
public abstract class CrossbarLayer : ILayer
{
    private float[]? _z;
    private float[]? _dx;
    private ReadOnlyMemory<float> _x;
    private int _count;

    /// <summary>Creates the layer and initialises its weights from <paramref name="rng"/>.</summary>
    protected CrossbarLayer(string name, int fanIn, int outputs, bool bias, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Name = name;
        FanIn = fanIn;
        Outputs = outputs;
        Weights = new Parameter(name + ".weight", fanIn, outputs, ParameterKind.Weight);
        Bias = bias ? new Parameter(name + ".bias", 1, outputs, ParameterKind.Bias) : null;
        float bound = MathF.Sqrt(6f / fanIn);
        for (int i = 0; i < Weights.Length; i++)
        {
            Weights.Value[i] = (float)(((rng.NextDouble() * 2) - 1) * bound);
        }

        Parameters = Bias is null ? new[] { Weights } : new[] { Weights, Bias };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Crossbar rows the layer needs: its fan-in K.</summary>
    public int FanIn { get; }

    /// <summary>Crossbar output columns (logical; each is a differential pair of physical columns).</summary>
    public int Outputs { get; }

    /// <summary>The weight matrix W [FanIn, Outputs] in crossbar form, element (r, n) at r * Outputs + n.</summary>
    public Parameter Weights { get; }

    /// <summary>The digital bias [Outputs], or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>Position of this layer among the network's crossbar layers (0 = first mapped layer).</summary>
    public int CrossbarIndex { get; internal set; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The inputs X [FanIn, LastVectorCount] of the last forward pass (the chip's activations when measured).</summary>
    public ReadOnlyMemory<float> LastInputs => _x;

    /// <summary>The outputs Z [Outputs, LastVectorCount] (bias included) of the last forward pass.</summary>
    public ReadOnlyMemory<float> LastOutputs => _z is null ? ReadOnlyMemory<float>.Empty : _z.AsMemory(0, Outputs * _count);

    /// <summary>Input vectors of the last forward pass.</summary>
    public int LastVectorCount => _count;

    /// <summary>True when the last forward pass used a measured output.</summary>
    public bool LastOutputWasMeasured { get; private set; }

    /// <summary>Multiply-adds of one forward pass per image.</summary>
    public abstract long MacsPerImage { get; }

    /// <summary>Builds X [FanIn, V] from the layer input and returns it with V.</summary>
    protected abstract ReadOnlyMemory<float> BuildInputs(Activations input, out int vectorCount);

    /// <summary>Shapes Z [Outputs, V] into the layer's output activations.</summary>
    protected abstract Activations ShapeOutput(float[] z, int vectorCount);

    /// <summary>Turns dL/dX [FanIn, V] into dL/d(input).</summary>
    protected abstract Activations FoldInputGradient(float[] dx, int vectorCount);

    /// <inheritdoc />
    public Activations Forward(Activations input, IActivationSource? measured)
    {
        ReadOnlyMemory<float> x = BuildInputs(input, out int count);
        _x = x;
        _count = count;
        float[] z = Buffers.Ensure(ref _z, Outputs * count);
        Memory<float> zm = z.AsMemory(0, Outputs * count);
        LastOutputWasMeasured = measured is not null && measured.TryGetOutput(new CrossbarLayerCall(this, x, count), zm.Span);
        if (!LastOutputWasMeasured)
        {
            Gemm.Multiply(Weights.Value, true, x, false, zm, Outputs, count, FanIn);
        }

        if (Bias is not null)
        {
            for (int n = 0; n < Outputs; n++)
            {
                Span<float> row = zm.Span.Slice(n * count, count);
                TensorPrimitives.Add(row, Bias.Value[n], row);
            }
        }

        return ShapeOutput(z, count);
    }

    /// <inheritdoc />
    public Activations? Backward(Activations outputGradient, bool needInputGradient)
    {
        int count = _count;
        if (outputGradient.Length != Outputs * count)
        {
            throw new ArgumentException($"{Name}: gradient has {outputGradient.Length} values, expected {Outputs * count}");
        }

        float[] g = outputGradient.Data;
        Gemm.Multiply(_x, false, g, true, Weights.Gradient, FanIn, Outputs, count);
        if (Bias is not null)
        {
            for (int n = 0; n < Outputs; n++)
            {
                Bias.Gradient[n] = TensorPrimitives.Sum(g.AsSpan(n * count, count));
            }
        }

        if (!needInputGradient)
        {
            return null;
        }

        float[] dx = Buffers.Ensure(ref _dx, FanIn * count);
        Gemm.Multiply(Weights.Value, false, g, false, dx, FanIn, count, Outputs);
        return FoldInputGradient(dx, count);
    }
}

using System;
using CimController.Learning.Tensors;

namespace CimController.Learning.Layers;

/// <summary>
/// One crossbar layer's VMM during a forward pass: the inputs it would drive onto the crossbar rows.
/// </summary>
public sealed class CrossbarLayerCall
{
    internal CrossbarLayerCall(CrossbarLayer layer, ReadOnlyMemory<float> inputs, int vectorCount)
    {
        Layer = layer;
        Inputs = inputs;
        VectorCount = vectorCount;
    }

    /// <summary>The layer (its <see cref="CrossbarLayer.CrossbarIndex"/> says which mapped layer it is).</summary>
    public CrossbarLayer Layer { get; }

    /// <summary>
    /// The input vectors, [FanIn, VectorCount] row-major: column v is the vector for the v-th crossbar operation
    /// (for a convolution v = (b OH + oy) OW + ox; for a fully connected layer v = b).
    /// </summary>
    public ReadOnlyMemory<float> Inputs { get; }

    /// <summary>Number of input vectors (crossbar operations).</summary>
    public int VectorCount { get; }

    /// <summary>
    /// The call for vectors <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> - 1 alone (for
    /// splitting a call over several boards): their inputs are copied into <paramref name="buffer"/> (at least FanIn x
    /// <paramref name="count"/> values), [FanIn, count] row-major.
    /// </summary>
    public CrossbarLayerCall Slice(int first, int count, Memory<float> buffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, VectorCount, nameof(count));
        int k = Layer.FanIn;
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer.Length, k * count, nameof(buffer));
        ReadOnlySpan<float> x = Inputs.Span;
        Span<float> to = buffer.Span;
        for (int r = 0; r < k; r++)
        {
            x.Slice((r * VectorCount) + first, count).CopyTo(to.Slice(r * count, count));
        }

        return new CrossbarLayerCall(Layer, buffer[..(k * count)], count);
    }

    /// <summary>Copies input vector <paramref name="v"/> (length FanIn) into <paramref name="destination"/>.</summary>
    public void CopyVector(int v, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)v, (uint)VectorCount, nameof(v));
        ReadOnlySpan<float> x = Inputs.Span;
        for (int r = 0; r < Layer.FanIn; r++)
        {
            destination[r] = x[(r * VectorCount) + v];
        }
    }
}

/// <summary>
/// Supplies externally measured crossbar outputs (the chip's) in place of the software VMM, so that the backward pass
/// runs on the chip's activations with the host's weight copy W_FP, as in Wu 2023:
/// delta_l = (W_FP_l delta_l+1) * sigma'(z_l), dW = x_l delta_l+1, where z_l and x_l come from the chip.
/// </summary>
public interface IActivationSource
{
    /// <summary>
    /// Called for every crossbar layer in forward order. To replace the layer's output, write the measured VMM result
    /// z = W^T x (in weight units, without bias: the layer adds its bias digitally) into <paramref name="output"/>,
    /// [Outputs, VectorCount] row-major, and return true; return false to let the host compute it in FP32.
    /// </summary>
    bool TryGetOutput(CrossbarLayerCall call, Span<float> output);
}

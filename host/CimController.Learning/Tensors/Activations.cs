using System;

namespace CimController.Learning.Tensors;

/// <summary>
/// A batch of activations in the feature-major layout [C, B, H, W] (row-major): channel c of image b at (y, x) is
/// element <c>((c * B + b) * H + y) * W + x</c>. A fully connected activation is [features, B] (H = W = 1).
/// This is the crossbar's own layout: for a layer with fan-in K and N outputs, the inputs are a [K, count] matrix whose
/// columns are the input vectors driven onto the rows, and the outputs z = W^T x form an [N, count] matrix, which for a
/// convolution is directly the [N, B, OH, OW] output.
/// </summary>
public sealed class Activations
{
    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    public Activations(float[] data, int channels, int batch, int height = 1, int width = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (data.Length < (long)channels * batch * height * width)
        {
            throw new ArgumentException($"{data.Length} values cannot hold [{channels}, {batch}, {height}, {width}]", nameof(data));
        }

        Data = data;
        Channels = channels;
        Batch = batch;
        Height = height;
        Width = width;
    }

    /// <summary>Allocates zeroed activations.</summary>
    public static Activations Zeros(int channels, int batch, int height = 1, int width = 1) =>
        new(new float[channels * batch * height * width], channels, batch, height, width);

    /// <summary>The values; may be longer than <see cref="Length"/> (reused buffers).</summary>
    public float[] Data { get; }

    /// <summary>Channels (features for a fully connected activation).</summary>
    public int Channels { get; }

    /// <summary>Images in the batch.</summary>
    public int Batch { get; }

    /// <summary>Height (1 for fully connected).</summary>
    public int Height { get; }

    /// <summary>Width (1 for fully connected).</summary>
    public int Width { get; }

    /// <summary>Vectors per channel: B x H x W (the number of crossbar input vectors of a layer that reads this).</summary>
    public int VectorCount => Batch * Height * Width;

    /// <summary>Number of values: C x B x H x W.</summary>
    public int Length => Channels * VectorCount;

    /// <summary>The values as a span of exactly <see cref="Length"/>.</summary>
    public Span<float> Span => Data.AsSpan(0, Length);

    /// <summary>A human-readable shape, e.g. [8, 64, 24, 24].</summary>
    public override string ToString() => $"[{Channels}, {Batch}, {Height}, {Width}]";
}

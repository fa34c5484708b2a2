using System;

namespace CimController.Learning.Tensors;

/// <summary>
/// Convolution geometry: a KH x KW kernel over C input channels with a stride and zero padding.
/// Output size OH = (H + 2 P - KH) / S + 1 (and likewise OW).
/// </summary>
/// <param name="Channels">Input channels C.</param>
/// <param name="KernelHeight">KH.</param>
/// <param name="KernelWidth">KW.</param>
/// <param name="Stride">S.</param>
/// <param name="Padding">P (zeros on every side).</param>
public readonly record struct ConvGeometry(int Channels, int KernelHeight, int KernelWidth, int Stride = 1, int Padding = 0)
{
    /// <summary>Fan-in K = C x KH x KW: the crossbar rows one output column needs.</summary>
    public int FanIn => Channels * KernelHeight * KernelWidth;

    /// <summary>Output height for input height <paramref name="h"/>.</summary>
    public int OutputHeight(int h) => ((h + (2 * Padding) - KernelHeight) / Stride) + 1;

    /// <summary>Output width for input width <paramref name="w"/>.</summary>
    public int OutputWidth(int w) => ((w + (2 * Padding) - KernelWidth) / Stride) + 1;

    /// <summary>Crossbar row of kernel element (c, ky, kx): r = (c KH + ky) KW + kx.</summary>
    public int Row(int c, int ky, int kx) => (((c * KernelHeight) + ky) * KernelWidth) + kx;
}

/// <summary>
/// im2col: unrolls every kernel window of a [C, B, H, W] input into one column of a [K, B*OH*OW] matrix
/// (K = C KH KW, row r = (c KH + ky) KW + kx, column v = (b OH + oy) OW + ox), so that a convolution becomes the
/// crossbar product Z[N, v] = sum_r W[r, n] X[r, v] (Wu 2023: "the convolution kernels are unrolled into 1D vectors").
/// col2im is its adjoint: it adds each column entry back onto the input pixel it came from.
/// </summary>
public static class Im2Col
{
    /// <summary>Unrolls <paramref name="input"/> ([C, B, H, W]) into <paramref name="columns"/> ([K, B OH OW]).</summary>
    public static void Unroll(Activations input, ConvGeometry g, Span<float> columns)
    {
        if (input.Channels != g.Channels)
        {
            throw new ArgumentException($"input has {input.Channels} channels, geometry expects {g.Channels}");
        }

        int bCount = input.Batch, h = input.Height, w = input.Width;
        int oh = g.OutputHeight(h), ow = g.OutputWidth(w);
        int count = bCount * oh * ow;
        if (columns.Length < g.FanIn * count)
        {
            throw new ArgumentException("column buffer too small");
        }

        ReadOnlySpan<float> src = input.Span;
        for (int c = 0; c < g.Channels; c++)
        {
            for (int ky = 0; ky < g.KernelHeight; ky++)
            {
                for (int kx = 0; kx < g.KernelWidth; kx++)
                {
                    Span<float> row = columns.Slice(g.Row(c, ky, kx) * count, count);
                    for (int b = 0; b < bCount; b++)
                    {
                        ReadOnlySpan<float> plane = src.Slice(((c * bCount) + b) * h * w, h * w);
                        for (int oy = 0; oy < oh; oy++)
                        {
                            Span<float> dst = row.Slice(((b * oh) + oy) * ow, ow);
                            int y = (oy * g.Stride) + ky - g.Padding;
                            if ((uint)y >= (uint)h)
                            {
                                dst.Clear();
                                continue;
                            }

                            ReadOnlySpan<float> line = plane.Slice(y * w, w);
                            if (g.Stride == 1 && g.Padding == 0)
                            {
                                line.Slice(kx, ow).CopyTo(dst);
                                continue;
                            }

                            for (int ox = 0; ox < ow; ox++)
                            {
                                int x = (ox * g.Stride) + kx - g.Padding;
                                dst[ox] = (uint)x < (uint)w ? line[x] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// col2im: the adjoint of <see cref="Unroll"/>. Adds column gradients ([K, B OH OW]) onto <paramref name="inputGradient"/>
    /// ([C, B, H, W], cleared first).
    /// </summary>
    public static void Fold(ReadOnlySpan<float> columns, ConvGeometry g, Activations inputGradient)
    {
        int bCount = inputGradient.Batch, h = inputGradient.Height, w = inputGradient.Width;
        int oh = g.OutputHeight(h), ow = g.OutputWidth(w);
        int count = bCount * oh * ow;
        Span<float> dst = inputGradient.Span;
        dst.Clear();
        for (int c = 0; c < g.Channels; c++)
        {
            for (int ky = 0; ky < g.KernelHeight; ky++)
            {
                for (int kx = 0; kx < g.KernelWidth; kx++)
                {
                    ReadOnlySpan<float> row = columns.Slice(g.Row(c, ky, kx) * count, count);
                    for (int b = 0; b < bCount; b++)
                    {
                        Span<float> plane = dst.Slice(((c * bCount) + b) * h * w, h * w);
                        for (int oy = 0; oy < oh; oy++)
                        {
                            int y = (oy * g.Stride) + ky - g.Padding;
                            if ((uint)y >= (uint)h)
                            {
                                continue;
                            }

                            ReadOnlySpan<float> src = row.Slice(((b * oh) + oy) * ow, ow);
                            Span<float> line = plane.Slice(y * w, w);
                            if (g.Stride == 1 && g.Padding == 0)
                            {
                                System.Numerics.Tensors.TensorPrimitives.Add(line.Slice(kx, ow), src, line.Slice(kx, ow));
                                continue;
                            }

                            for (int ox = 0; ox < ow; ox++)
                            {
                                int x = (ox * g.Stride) + kx - g.Padding;
                                if ((uint)x < (uint)w)
                                {
                                    line[x] += src[ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

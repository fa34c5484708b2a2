using System;

namespace CimController.Learning.Data;

/// <summary>
/// A set of single-channel images with class labels. Pixels are stored as bytes (as in the IDX file) and scaled to
/// [0, 1] (x = byte / 255) when a batch is built.
/// </summary>
public sealed class LabeledImages
{
    /// <summary>Creates a set from raw pixels (count x rows x columns, row-major) and labels.</summary>
    public LabeledImages(byte[] pixels, byte[] labels, int rows, int columns, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if ((long)labels.Length * rows * columns != pixels.Length)
        {
            throw new ArgumentException($"{pixels.Length} pixel bytes do not hold {labels.Length} images of {rows}x{columns}", nameof(pixels));
        }

        foreach (byte l in labels)
        {
            if (l >= classes)
            {
                throw new ArgumentException($"label {l} is outside 0..{classes - 1}", nameof(labels));
            }
        }

        Pixels = pixels;
        Labels = labels;
        Rows = rows;
        Columns = columns;
        Classes = classes;
    }

    /// <summary>Raw pixel bytes, image after image.</summary>
    public byte[] Pixels { get; }

    /// <summary>Class label of each image.</summary>
    public byte[] Labels { get; }

    /// <summary>Image height.</summary>
    public int Rows { get; }

    /// <summary>Image width.</summary>
    public int Columns { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Pixels per image.</summary>
    public int ImageSize => Rows * Columns;

    /// <summary>
    /// Copies the images <paramref name="indices"/> into <paramref name="pixels"/> (scaled to [0, 1], image after image,
    /// i.e. the [1, B, rows, columns] activation layout) and their labels into <paramref name="labels"/>.
    /// </summary>
    public void FillBatch(ReadOnlySpan<int> indices, Span<float> pixels, Span<int> labels)
    {
        int size = ImageSize;
        if (pixels.Length < indices.Length * size || labels.Length < indices.Length)
        {
            throw new ArgumentException("destination too small for the batch");
        }

        const float scale = 1f / 255f;
        for (int b = 0; b < indices.Length; b++)
        {
            int i = indices[b];
            ReadOnlySpan<byte> src = Pixels.AsSpan(i * size, size);
            Span<float> dst = pixels.Slice(b * size, size);
            for (int p = 0; p < size; p++)
            {
                dst[p] = src[p] * scale;
            }

            labels[b] = Labels[i];
        }
    }

    /// <summary>The first <paramref name="count"/> images as a new set (shares nothing with this one).</summary>
    public LabeledImages Take(int count)
    {
        count = Math.Clamp(count, 0, Count);
        return new LabeledImages(Pixels.AsSpan(0, count * ImageSize).ToArray(), Labels.AsSpan(0, count).ToArray(), Rows, Columns, Classes);
    }
}

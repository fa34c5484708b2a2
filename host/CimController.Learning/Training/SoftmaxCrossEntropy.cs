using System;
using System.Numerics.Tensors;
using CimController.Learning.Tensors;

namespace CimController.Learning.Training;

/// <summary>
/// Softmax cross-entropy over logits [classes, B]: p = softmax(z) per image, loss = -(1/B) sum_b log p[label_b, b],
/// gradient dL/dz = (p - onehot(label)) / B.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Computes the mean loss, writes dL/dz into <paramref name="gradient"/> ([classes, B]; pass an empty span to skip) and
    /// counts the images whose largest logit is the label.
    /// </summary>
    public static double Compute(Activations logits, ReadOnlySpan<int> labels, Span<float> gradient, out int correct)
    {
        int classes = logits.Channels, batch = logits.VectorCount;
        if (labels.Length != batch)
        {
            throw new ArgumentException($"{labels.Length} labels for a batch of {batch}");
        }

        bool wantGradient = !gradient.IsEmpty;
        if (wantGradient && gradient.Length < classes * batch)
        {
            throw new ArgumentException("gradient buffer too small");
        }

        ReadOnlySpan<float> z = logits.Span;
        Span<float> column = classes <= 256 ? stackalloc float[classes] : new float[classes];
        Span<float> p = classes <= 256 ? stackalloc float[classes] : new float[classes];
        double loss = 0;
        correct = 0;
        float invB = 1f / batch;
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < classes; c++)
            {
                column[c] = z[(c * batch) + b];
            }

            int label = labels[b];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentException($"label {label} outside 0..{classes - 1}");
            }

            if (TensorPrimitives.IndexOfMax(column) == label)
            {
                correct++;
            }

            // log p_label = z_label - max - log(sum exp(z - max)), computed stably.
            float max = TensorPrimitives.Max(column);
            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(column[c] - max);
            }

            loss -= column[label] - max - Math.Log(sum);
            if (wantGradient)
            {
                TensorPrimitives.SoftMax(column, p);
                for (int c = 0; c < classes; c++)
                {
                    gradient[(c * batch) + b] = (p[c] - (c == label ? 1f : 0f)) * invB;
                }
            }
        }

        return loss / batch;
    }
}

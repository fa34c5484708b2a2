using System;
using System.Linq;
using CimController.Learning.Data;
using CimController.Learning.Models;
using CimController.Learning.Layers;

namespace CimController.Training;

/// <summary>Test accuracy and the confusion matrix of a network, its forward pass on the chip or on the host.</summary>
internal static class ConfusionEvaluation
{
    /// <summary>Accuracy on the first <paramref name="count"/> images of <paramref name="test"/>, and the confusion matrix [true * classes + predicted].</summary>
    public static (double Accuracy, int[] Confusion) Run(Network network, LabeledImages test, int count, IActivationSource? chip)
    {
        count = Math.Min(count, test.Count);
        int classes = network.Classes;
        var confusion = new int[classes * classes];
        if (count == 0)
        {
            return (double.NaN, confusion);
        }

        const int batch = 256;
        var pixels = new float[batch * test.ImageSize];
        var labels = new int[batch];
        int correct = 0;
        for (int s = 0; s < count; s += batch)
        {
            int n = Math.Min(batch, count - s);
            test.FillBatch(Enumerable.Range(s, n).ToArray(), pixels, labels);
            ReadOnlySpan<float> z = network.Forward(network.InputFrom(pixels, n), chip).Span;
            for (int b = 0; b < n; b++)
            {
                int best = 0;
                for (int c = 1; c < classes; c++)
                {
                    if (z[(c * n) + b] > z[(best * n) + b])
                    {
                        best = c;
                    }
                }

                confusion[(labels[b] * classes) + best]++;
                if (best == labels[b])
                {
                    correct++;
                }
            }
        }

        return ((double)correct / count, confusion);
    }
}

using System;
using CimController.Learning.Data;
using CimController.Learning.Layers;
using CimController.Learning.Models;
using CimController.Learning.Tensors;

namespace CimController.Learning.Training;

/// <summary>Test-set evaluation.</summary>
public static class Evaluation
{
    /// <summary>
    /// Fraction of the first <paramref name="count"/> images of <paramref name="data"/> that <paramref name="network"/>
    /// classifies correctly, in batches of <paramref name="batchSize"/> (forward only).
    /// </summary>
    public static double Accuracy(Network network, LabeledImages data, int count, int batchSize = 256, IActivationSource? measured = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        count = Math.Min(count, data.Count);
        if (count <= 0)
        {
            return double.NaN;
        }

        var pixels = new float[batchSize * data.ImageSize];
        var labels = new int[batchSize];
        var indices = new int[batchSize];
        int correct = 0;
        for (int start = 0; start < count; start += batchSize)
        {
            int n = Math.Min(batchSize, count - start);
            for (int i = 0; i < n; i++)
            {
                indices[i] = start + i;
            }

            data.FillBatch(indices.AsSpan(0, n), pixels, labels);
            Activations input = network.InputFrom(pixels, n);
            correct += network.Evaluate(input, labels.AsSpan(0, n), measured).Correct;
        }

        return (double)correct / count;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CimController.Learning.Layers;
using CimController.Learning.Tensors;
using CimController.Learning.Training;

namespace CimController.Learning.Models;

/// <summary>Loss and accuracy of one batch.</summary>
/// <param name="Loss">Mean softmax cross-entropy.</param>
/// <param name="Correct">Images classified correctly.</param>
/// <param name="Count">Images in the batch.</param>
public readonly record struct BatchResult(double Loss, int Correct, int Count);

/// <summary>
/// A feed-forward network of <see cref="ILayer"/>s on [C, B, H, W] activations. The gradient engine:
/// <see cref="Forward"/> records each layer's activations (optionally replacing crossbar outputs by measured ones),
/// <see cref="Backward"/> runs delta_l = (W_l delta_l+1) * sigma'(z_l) down the layers with the host weights and
/// leaves dL/dW in each <see cref="Parameter.Gradient"/>.
/// </summary>
public sealed class Network
{
    private readonly ILayer[] _layers;
    private float[]? _lossGradient;
    private float[]? _input;

    /// <summary>Creates a network for [inputChannels, B, inputHeight, inputWidth] inputs.</summary>
    public Network(string name, int inputChannels, int inputHeight, int inputWidth, int classes, IEnumerable<ILayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Name = name;
        InputChannels = inputChannels;
        InputHeight = inputHeight;
        InputWidth = inputWidth;
        Classes = classes;
        _layers = layers.ToArray();
        CrossbarLayers = _layers.OfType<CrossbarLayer>().ToArray();
        for (int i = 0; i < CrossbarLayers.Count; i++)
        {
            CrossbarLayers[i].CrossbarIndex = i;
        }

        Parameters = _layers.SelectMany(l => l.Parameters).ToArray();
    }

    /// <summary>Model name.</summary>
    public string Name { get; }

    /// <summary>Input channels.</summary>
    public int InputChannels { get; }

    /// <summary>Input height.</summary>
    public int InputHeight { get; }

    /// <summary>Input width.</summary>
    public int InputWidth { get; }

    /// <summary>Output classes.</summary>
    public int Classes { get; }

    /// <summary>All layers in order.</summary>
    public IReadOnlyList<ILayer> Layers => _layers;

    /// <summary>The layers a mapper puts on crossbars, in forward order (index = <see cref="CrossbarLayer.CrossbarIndex"/>).</summary>
    public IReadOnlyList<CrossbarLayer> CrossbarLayers { get; }

    /// <summary>All trainable parameters.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Number of trainable values (weights and biases).</summary>
    public int ParameterCount => Parameters.Sum(p => p.Length);

    /// <summary>Number of crossbar weights (biases excluded).</summary>
    public int WeightCount => CrossbarLayers.Sum(l => l.Weights.Length);

    /// <summary>Devices when every weight is a differential pair (w = G+ - G-): 2 x <see cref="WeightCount"/>.</summary>
    public int DeviceCount => 2 * WeightCount;

    /// <summary>Wraps a batch of <paramref name="batch"/> images (image after image) as network input.</summary>
    public Activations InputFrom(ReadOnlySpan<float> pixels, int batch)
    {
        int size = InputChannels * InputHeight * InputWidth;
        float[] buf = InputBuffer(batch * size);
        if (InputChannels == 1)
        {
            pixels[..(batch * size)].CopyTo(buf);
        }
        else
        {
            // images are [B, C, H, W]; the network wants [C, B, H, W]
            int hw = InputHeight * InputWidth;
            for (int b = 0; b < batch; b++)
            {
                for (int c = 0; c < InputChannels; c++)
                {
                    pixels.Slice(((b * InputChannels) + c) * hw, hw).CopyTo(buf.AsSpan(((c * batch) + b) * hw, hw));
                }
            }
        }

        return new Activations(buf, InputChannels, batch, InputHeight, InputWidth);
    }

    private float[] InputBuffer(int length)
    {
        if (_input is null || _input.Length < length)
        {
            _input = new float[length];
        }

        return _input;
    }

    /// <summary>
    /// Forward pass: returns the logits [Classes, B]. Every layer records its activations for <see cref="Backward"/>.
    /// When <paramref name="measured"/> is given, each crossbar layer asks it for its output first, so the recorded
    /// activations (and everything downstream) are the measured ones.
    /// </summary>
    public Activations Forward(Activations input, IActivationSource? measured = null)
    {
        Activations a = input;
        foreach (ILayer layer in _layers)
        {
            a = layer.Forward(a, measured);
        }

        return a;
    }

    /// <summary>
    /// Backward pass from dL/d(logits): fills every <see cref="Parameter.Gradient"/> using the host weights (W_FP) and the
    /// activations recorded by the last <see cref="Forward"/>. The first layer's input gradient is not computed.
    /// </summary>
    public void Backward(Activations logitsGradient)
    {
        Activations? g = logitsGradient;
        for (int i = _layers.Length - 1; i >= 0 && g is not null; i--)
        {
            g = _layers[i].Backward(g, needInputGradient: i > 0);
        }
    }

    /// <summary>Forward, softmax cross-entropy against <paramref name="labels"/>, backward. Returns the batch's loss and accuracy.</summary>
    public BatchResult ForwardBackward(Activations input, ReadOnlySpan<int> labels, IActivationSource? measured = null)
    {
        Activations logits = Forward(input, measured);
        int n = logits.Length;
        if (_lossGradient is null || _lossGradient.Length < n)
        {
            _lossGradient = new float[n];
        }

        double loss = SoftmaxCrossEntropy.Compute(logits, labels, _lossGradient.AsSpan(0, n), out int correct);
        Backward(new Activations(_lossGradient, logits.Channels, logits.Batch, logits.Height, logits.Width));
        return new BatchResult(loss, correct, labels.Length);
    }

    /// <summary>Forward and loss without backward (evaluation).</summary>
    public BatchResult Evaluate(Activations input, ReadOnlySpan<int> labels, IActivationSource? measured = null)
    {
        Activations logits = Forward(input, measured);
        double loss = SoftmaxCrossEntropy.Compute(logits, labels, Span<float>.Empty, out int correct);
        return new BatchResult(loss, correct, labels.Length);
    }

    /// <summary>A table of the layers, their crossbar shapes and parameter counts.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{Name}: input [{InputChannels}, {InputHeight}, {InputWidth}], {Classes} classes");
        foreach (ILayer l in _layers)
        {
            int p = l.Parameters.Sum(x => x.Length);
            sb.AppendLine(p > 0 ? $"  {l} ({p} parameters)" : $"  {l}");
        }

        sb.Append($"  total {ParameterCount} parameters, {WeightCount} crossbar weights, {DeviceCount} devices as differential pairs");
        return sb.ToString();
    }
}

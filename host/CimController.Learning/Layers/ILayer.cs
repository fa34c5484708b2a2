using System.Collections.Generic;
using CimController.Learning.Tensors;

namespace CimController.Learning.Layers;

/// <summary>
/// A layer of a feed-forward network. <see cref="Forward"/> records what <see cref="Backward"/> needs (its input, the
/// pooling argmax, the im2col matrix); buffers returned by either are reused and valid until the next call.
/// </summary>
public interface ILayer
{
    /// <summary>Name, e.g. "conv1".</summary>
    string Name { get; }

    /// <summary>Trainable parameters (empty for ReLU, pooling, flatten).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Computes the output and records activations. <paramref name="measured"/> may replace crossbar outputs.</summary>
    Activations Forward(Activations input, IActivationSource? measured);

    /// <summary>
    /// Back-propagates dL/d(output): fills the parameter gradients and, when <paramref name="needInputGradient"/>,
    /// returns dL/d(input) (else null).
    /// </summary>
    Activations? Backward(Activations outputGradient, bool needInputGradient);
}

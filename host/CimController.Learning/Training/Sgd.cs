using System.Numerics.Tensors;
using CimController.Learning.Layers;

namespace CimController.Learning.Training;

/// <summary>Plain stochastic gradient descent: dW_new = -eta g (Wu 2023's dW_new = eta x_l delta_l+1, with the descent sign).</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates SGD with learning rate <paramref name="learningRate"/>.</summary>
    public Sgd(float learningRate = 0.01f)
        : base(learningRate)
    {
    }

    /// <inheritdoc />
    protected override void ComputeUpdate(Parameter parameter) =>
        TensorPrimitives.Multiply(parameter.Gradient, -LearningRate, parameter.Update);
}

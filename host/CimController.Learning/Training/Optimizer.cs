using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using CimController.Learning.Layers;

namespace CimController.Learning.Training;

/// <summary>
/// An optimiser turns gradients into updates. <see cref="ComputeUpdates"/> only computes dW_new into each
/// <see cref="Parameter.Update"/> (and advances the optimiser's state), so the mixed-precision scheme can accumulate it
/// (Wu 2023: dW_FP += dW_new, program a device where |dW_FP| crosses the threshold); <see cref="Step"/> computes and
/// applies it (W += dW_new), which is plain software training.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimiser with learning rate <paramref name="learningRate"/>.</summary>
    protected Optimizer(float learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        LearningRate = learningRate;
    }

    /// <summary>Learning rate eta.</summary>
    public float LearningRate { get; set; }

    /// <summary>Number of <see cref="ComputeUpdates"/> calls so far (Adam's t).</summary>
    public long StepCount { get; protected set; }

    /// <summary>Computes dW_new for every parameter from its gradient and the current values; does not change the values.</summary>
    public void ComputeUpdates(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        StepCount++;
        foreach (Parameter p in parameters)
        {
            ComputeUpdate(p);
        }
    }

    /// <summary>Computes dW_new and applies it: W = W + dW_new.</summary>
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        ComputeUpdates(parameters);
        foreach (Parameter p in parameters)
        {
            TensorPrimitives.Add(p.Value, p.Update, p.Value);
        }
    }

    /// <summary>Writes dW_new for <paramref name="parameter"/> into its <see cref="Parameter.Update"/>.</summary>
    protected abstract void ComputeUpdate(Parameter parameter);
}

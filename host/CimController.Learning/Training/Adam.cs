using System;
using System.Collections.Generic;
using CimController.Learning.Layers;

namespace CimController.Learning.Training;

/// <summary>
/// Adam with decoupled weight decay (AdamW, Loshchilov and Hutter, Wu 2023's reference [21]), the optimiser of the Wu
/// 2023 LeNet demo with its initial learning rate 0.004. With gradient g and step t (1, 2, ...):
/// <code>
/// m = beta1 m + (1 - beta1) g
/// v = beta2 v + (1 - beta2) g^2
/// m^ = m / (1 - beta1^t),  v^ = v / (1 - beta2^t)
/// dW_new = -eta (m^ / (sqrt(v^) + eps) + lambda W)
/// </code>
/// The decay term lambda W applies to <see cref="ParameterKind.Weight"/> parameters only (biases are not decayed). The
/// paper does not give beta1, beta2, eps or lambda; the defaults are the usual AdamW ones (0.9, 0.999, 1e-8, 0.01).
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Wu 2023's initial learning rate for the LeNet demo.</summary>
    public const float WuLearningRate = 0.004f;

    private readonly Dictionary<Parameter, (float[] M, float[] V)> _state = new();

    /// <summary>Creates AdamW.</summary>
    public Adam(float learningRate = WuLearningRate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
        : base(learningRate)
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), "betas must be in [0, 1)");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>First-moment decay beta1.</summary>
    public float Beta1 { get; }

    /// <summary>Second-moment decay beta2.</summary>
    public float Beta2 { get; }

    /// <summary>eps in the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>Decoupled weight decay lambda.</summary>
    public float WeightDecay { get; }

    /// <summary>The moment estimates (m, v) of <paramref name="parameter"/>, for checkpoints; null before its first step.</summary>
    public (float[] M, float[] V)? MomentsOf(Parameter parameter) =>
        _state.TryGetValue(parameter, out var s) ? s : null;

    /// <summary>Restores a checkpoint: the step count and the moments of <paramref name="parameter"/>.</summary>
    public void Restore(long stepCount, Parameter parameter, float[] m, float[] v)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (m.Length != parameter.Length || v.Length != parameter.Length)
        {
            throw new ArgumentException("moment length differs from the parameter's");
        }

        StepCount = stepCount;
        _state[parameter] = ((float[])m.Clone(), (float[])v.Clone());
    }

    /// <inheritdoc />
    protected override void ComputeUpdate(Parameter parameter)
    {
        if (!_state.TryGetValue(parameter, out var s))
        {
            s = (new float[parameter.Length], new float[parameter.Length]);
            _state[parameter] = s;
        }

        float[] m = s.M, v = s.V, g = parameter.Gradient, w = parameter.Value, u = parameter.Update;
        float b1 = Beta1, b2 = Beta2;
        float c1 = 1f / (1f - MathF.Pow(b1, StepCount));
        float c2 = 1f / (1f - MathF.Pow(b2, StepCount));
        float lambda = parameter.Kind == ParameterKind.Weight ? WeightDecay : 0f;
        float eta = LearningRate;
        for (int i = 0; i < g.Length; i++)
        {
            float gi = g[i];
            float mi = (b1 * m[i]) + ((1f - b1) * gi);
            float vi = (b2 * v[i]) + ((1f - b2) * gi * gi);
            m[i] = mi;
            v[i] = vi;
            u[i] = -eta * (((mi * c1) / (MathF.Sqrt(vi * c2) + Epsilon)) + (lambda * w[i]));
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Learning.Layers;
using CimController.Learning.Models;
using CimController.Learning.Tensors;
using CimController.Learning.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

/// <summary>
/// Backward passes against central finite differences, (f(x + h) - f(x - h)) / 2h.
/// <para>
/// Tolerances: the networks run in float32, so f carries rounding noise of roughly 1e-7 |f| per evaluation and the
/// difference quotient an error of about 1e-7 |f| / h (3e-5 for |f| ~ 3, h = 1e-2). The truncation error is zero for
/// the linear layers and O(h^2) for softmax. ReLU and max-pool are piecewise linear: a central difference is only
/// valid when the step does not move any ReLU input across 0 or change a pooling argmax. Layer tests build inputs
/// that cannot cross (|x| &gt;= 0.05, pool values 0.01 apart, h = 1e-3); model tests record the ReLU sign pattern and
/// the pooling argmax at x, x + h and x - h and drop the entries whose pattern changed, sampling until each parameter
/// has 12 valid entries.
/// Layers: |analytic - numeric| &lt;= 2e-3 max(|analytic|, |numeric|, 0.05), i.e. 0.2 % relative, 1e-4 absolute.
/// Whole models: see <see cref="ModelRtol"/>.
/// </para>
/// </summary>
[TestClass]
public sealed class GradientTests
{
    private const double Rtol = 2e-3;
    private const double Floor = 0.05;

    // Whole models: the loss is a float32 computation through several layers, and its rounding (about 1e-7 |L| per
    // operation, accumulated over hundreds of operations) divided by 2h = 2e-3 leaves a difference-quotient noise of
    // ~1e-4 (measured: up to 6e-4 on DiaoLeNet5's conv1 weights, whose gradients are ~0.1). Accepted per entry:
    // 1 % relative plus 1e-3 absolute; over all checked entries the relative L2 error must be below 0.5 %, which a wrong
    // backward formula (errors of order 100 %) cannot meet.
    private const double ModelRtol = 1e-2;
    private const double ModelAtol = 1e-3;

    private static void AssertClose(double analytic, double numeric, string what)
    {
        double scale = Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), Floor);
        Assert.IsTrue(Math.Abs(analytic - numeric) <= Rtol * scale, $"{what}: analytic {analytic:G6} vs numeric {numeric:G6}");
    }

    /// <summary>L = sum(R * layer(x)) in double, for a fixed random projection R.</summary>
    private static double Projected(ILayer layer, Activations x, float[] r)
    {
        Activations y = layer.Forward(x, null);
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += y.Data[i] * (double)r[i];
        }

        return s;
    }

    private static void CheckLayer(ILayer layer, Activations x, int seed, double h)
    {
        Console.WriteLine($"{layer.Name}: seed {seed}, h {h}");
        var rng = new Random(seed + 1);
        Activations y = layer.Forward(x, null);
        float[] r = TestData.Uniform(rng, y.Length);
        var gy = new Activations((float[])r.Clone(), y.Channels, y.Batch, y.Height, y.Width);
        Activations? gx = layer.Backward(gy, needInputGradient: true);
        Assert.IsNotNull(gx);
        float[] dx = gx.Span.ToArray();
        Dictionary<Parameter, float[]> dp = layer.Parameters.ToDictionary(p => p, p => (float[])p.Gradient.Clone());

        double maxErr = 0;
        for (int t = 0; t < Math.Min(60, x.Length); t++)
        {
            int i = rng.Next(x.Length);
            float keep = x.Data[i];
            x.Data[i] = (float)(keep + h);
            double fp = Projected(layer, x, r);
            x.Data[i] = (float)(keep - h);
            double fm = Projected(layer, x, r);
            x.Data[i] = keep;
            double num = (fp - fm) / (2 * h);
            maxErr = Math.Max(maxErr, Math.Abs(num - dx[i]));
            AssertClose(dx[i], num, $"{layer.Name} dL/dx[{i}]");
        }

        foreach (Parameter p in layer.Parameters)
        {
            for (int t = 0; t < Math.Min(60, p.Length); t++)
            {
                int i = rng.Next(p.Length);
                float keep = p.Value[i];
                p.Value[i] = (float)(keep + h);
                double fp = Projected(layer, x, r);
                p.Value[i] = (float)(keep - h);
                double fm = Projected(layer, x, r);
                p.Value[i] = keep;
                double num = (fp - fm) / (2 * h);
                maxErr = Math.Max(maxErr, Math.Abs(num - dp[p][i]));
                AssertClose(dp[p][i], num, $"{p.Name}[{i}]");
            }
        }

        Console.WriteLine($"{layer.Name}: max |analytic - numeric| = {maxErr:G3}");
    }

    [TestMethod]
    public void Conv2dBackwardMatchesFiniteDifferences()
    {
        const int seed = 101;
        var rng = new Random(seed);
        var x = new Activations(TestData.Uniform(rng, 3 * 2 * 8 * 8), 3, 2, 8, 8);
        CheckLayer(new Conv2d("conv", 3, 5, 3, rng, stride: 1, padding: 1), x, seed, 1e-2);
        var x2 = new Activations(TestData.Uniform(rng, 2 * 2 * 9 * 9), 2, 2, 9, 9);
        CheckLayer(new Conv2d("conv-s2", 2, 3, 5, rng, stride: 2), x2, seed, 1e-2);
    }

    [TestMethod]
    public void LinearBackwardMatchesFiniteDifferences()
    {
        const int seed = 102;
        var rng = new Random(seed);
        var x = new Activations(TestData.Uniform(rng, 30 * 4), 30, 4);
        CheckLayer(new Linear("fc", 30, 7, rng), x, seed, 1e-2);
    }

    [TestMethod]
    public void ReluBackwardMatchesFiniteDifferences()
    {
        const int seed = 103;
        var rng = new Random(seed);
        float[] v = TestData.Uniform(rng, 4 * 3 * 5 * 5);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = v[i] >= 0 ? v[i] + 0.05f : v[i] - 0.05f; // |x| >= 0.05 > h: no kink crossing
        }

        CheckLayer(new Relu(), new Activations(v, 4, 3, 5, 5), seed, 1e-3);
    }

    [TestMethod]
    public void MaxPoolBackwardMatchesFiniteDifferences()
    {
        const int seed = 104;
        var rng = new Random(seed);
        int n = 2 * 3 * 6 * 7;
        // Distinct values 0.01 apart, shuffled: no argmax can change under a 1e-3 step. Width 7 leaves a ragged column.
        float[] v = Enumerable.Range(0, n).Select(i => i * 0.01f).OrderBy(_ => rng.Next()).ToArray();
        CheckLayer(new MaxPool2d(2), new Activations(v, 2, 3, 6, 7), seed, 1e-3);
    }

    [TestMethod]
    public void FlattenBackwardMatchesFiniteDifferences()
    {
        const int seed = 105;
        var rng = new Random(seed);
        CheckLayer(new Flatten(), new Activations(TestData.Uniform(rng, 3 * 2 * 4 * 5), 3, 2, 4, 5), seed, 1e-2);
    }

    [TestMethod]
    public void SoftmaxCrossEntropyGradientMatchesFiniteDifferences()
    {
        const int seed = 106;
        Console.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        float[] z = TestData.Uniform(rng, 10 * 5, -3, 3);
        int[] labels = { 0, 9, 4, 4, 7 };
        var g = new float[z.Length];
        double loss = SoftmaxCrossEntropy.Compute(new Activations(z, 10, 5), labels, g, out _);
        Assert.IsTrue(loss > 0);
        const double h = 1e-3;
        for (int i = 0; i < z.Length; i++)
        {
            float keep = z[i];
            z[i] = (float)(keep + h);
            double fp = SoftmaxCrossEntropy.Compute(new Activations(z, 10, 5), labels, Span<float>.Empty, out _);
            z[i] = (float)(keep - h);
            double fm = SoftmaxCrossEntropy.Compute(new Activations(z, 10, 5), labels, Span<float>.Empty, out _);
            z[i] = keep;
            AssertClose(g[i], (fp - fm) / (2 * h), $"dL/dz[{i}]");
        }
    }

    [TestMethod]
    [DataRow("WuLeNet", 2)]
    [DataRow("DiaoLeNet5", 1)]
    [DataRow("Mlp", 4)]
    public void WholeModelBackwardMatchesFiniteDifferences(string model, int batch)
    {
        const int seed = 200;
        const double h = 1e-3;
        Console.WriteLine($"{model}: seed {seed}, h {h}");
        Network net = model switch
        {
            "WuLeNet" => WuLeNet.Create(seed),
            "DiaoLeNet5" => DiaoLeNet5.Create(seed),
            _ => Mlp.Create(seed),
        };
        var rng = new Random(seed);
        float[] px = TestData.Uniform(rng, batch * 784, 0, 1);
        int[] labels = Enumerable.Range(0, batch).Select(i => (3 + (4 * i)) % 10).ToArray();
        // Give the biases non-zero values so their gradients are exercised away from the initial state.
        foreach (Parameter p in net.Parameters.Where(p => p.Kind == ParameterKind.Bias))
        {
            TestData.Uniform(rng, p.Length, -0.1f, 0.1f).CopyTo(p.Value, 0);
        }

        net.ForwardBackward(net.InputFrom(px, batch), labels);
        string pattern = Pattern(net);
        Dictionary<Parameter, float[]> grads = net.Parameters.ToDictionary(p => p, p => (float[])p.Gradient.Clone());

        int checkedCount = 0, dropped = 0;
        double maxErr = 0, errSq = 0, gradSq = 0;
        foreach (Parameter p in net.Parameters)
        {
            // Visit the entries in a seeded random order until 12 are checked. A step on conv1 moves every output
            // position of a channel, so there it often flips a ReLU or pool decision and the entry is dropped.
            int here = 0, tried = 0;
            foreach (int i in Enumerable.Range(0, p.Length).OrderBy(_ => rng.Next()).Take(300))
            {
                if (here >= 12)
                {
                    break;
                }

                tried++;
                float keep = p.Value[i];
                p.Value[i] = (float)(keep + h);
                double fp = net.Evaluate(net.InputFrom(px, batch), labels).Loss;
                bool samePlus = Pattern(net) == pattern;
                p.Value[i] = (float)(keep - h);
                double fm = net.Evaluate(net.InputFrom(px, batch), labels).Loss;
                bool sameMinus = Pattern(net) == pattern;
                p.Value[i] = keep;
                if (!samePlus || !sameMinus)
                {
                    dropped++;
                    continue;
                }

                double num = (fp - fm) / (2 * h);
                double a = grads[p][i];
                maxErr = Math.Max(maxErr, Math.Abs(num - a));
                errSq += (num - a) * (num - a);
                gradSq += a * a;
                Assert.IsTrue(Math.Abs(a - num) <= (ModelRtol * Math.Max(Math.Abs(a), Math.Abs(num))) + ModelAtol,
                    $"{model} {p.Name}[{i}]: analytic {a:G6} vs numeric {num:G6}");
                checkedCount++;
                here++;
            }

            Console.WriteLine($"  {p.Name}: {here} checked of {tried} tried");
            if (p.Kind == ParameterKind.Weight)
            {
                Assert.IsTrue(here >= 5, $"{p.Name}: only {here} entries without a ReLU/pool switch");
            }
        }

        double relative = Math.Sqrt(errSq / gradSq);
        Console.WriteLine($"{model}: {checkedCount} entries checked, {dropped} dropped for a ReLU/pool switch, " +
            $"max |error| {maxErr:G3}, relative L2 error {relative:G3}");
        Assert.IsTrue(relative < 5e-3, $"relative L2 error {relative}");
    }

    /// <summary>ReLU signs and pooling argmax of the last forward pass, as a string.</summary>
    private static string Pattern(Network net)
    {
        var sb = new System.Text.StringBuilder();
        foreach (ILayer l in net.Layers)
        {
            if (l is Relu r && r.LastInput is { } z)
            {
                foreach (float v in z.Span)
                {
                    sb.Append(v > 0 ? '1' : '0');
                }
            }
            else if (l is MaxPool2d m)
            {
                foreach (int a in m.LastArgMax)
                {
                    sb.Append(a).Append(',');
                }
            }
        }

        return sb.ToString();
    }
}

using System;
using System.Linq;
using CimController.Learning.Layers;
using CimController.Learning.Models;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

[TestClass]
public sealed class MeasuredActivationTests
{
    /// <summary>A fake chip: conv1's output is the software VMM times a gain (as if its devices were off by that factor).</summary>
    private sealed class GainOnFirstLayer(float gain) : IActivationSource
    {
        public int Calls { get; private set; }

        public bool TryGetOutput(CrossbarLayerCall call, Span<float> output)
        {
            Calls++;
            if (call.Layer.CrossbarIndex != 0)
            {
                return false;
            }

            CrossbarLayer l = call.Layer;
            ReadOnlySpan<float> x = call.Inputs.Span;
            var vector = new float[l.FanIn];
            for (int v = 0; v < call.VectorCount; v++)
            {
                call.CopyVector(v, vector);
                for (int n = 0; n < l.Outputs; n++)
                {
                    float s = 0;
                    for (int r = 0; r < l.FanIn; r++)
                    {
                        s += vector[r] * l.Weights.Value[(r * l.Outputs) + n];
                        Assert.AreEqual(x[(r * call.VectorCount) + v], vector[r]);
                    }

                    output[(n * call.VectorCount) + v] = gain * s;
                }
            }

            return true;
        }
    }

    [TestMethod]
    public void BackwardRunsOnMeasuredActivationsWithTheHostWeights()
    {
        // Network A: host weights W, chip measures conv1 as 2 W^T x. Network B: software with conv1 weights 2 W and
        // bias 2 b... except the bias is digital, so B's bias stays b. Then every activation A records equals B's,
        // and since conv1 is the first layer (no input gradient), all gradients must match.
        const int seed = 300;
        Console.WriteLine($"seed {seed}");
        Network a = WuLeNet.Create(seed);
        Network b = WuLeNet.Create(seed);
        float[] w1 = b.CrossbarLayers[0].Weights.Value;
        for (int i = 0; i < w1.Length; i++)
        {
            w1[i] *= 2;
        }

        var rng = new Random(seed);
        float[] px = TestData.Uniform(rng, 4 * 784, 0, 1);
        int[] labels = { 1, 2, 3, 4 };
        var chip = new GainOnFirstLayer(2f);
        BatchResult ra = a.ForwardBackward(a.InputFrom(px, 4), labels, chip);
        BatchResult rb = b.ForwardBackward(b.InputFrom(px, 4), labels);
        Assert.AreEqual(3, chip.Calls, "asked once per crossbar layer");
        Assert.IsTrue(a.CrossbarLayers[0].LastOutputWasMeasured);
        Assert.IsFalse(a.CrossbarLayers[1].LastOutputWasMeasured);
        Assert.AreEqual(rb.Loss, ra.Loss, 1e-5);
        CollectionAssert.AreEqual(b.CrossbarLayers[1].LastInputs.ToArray(), a.CrossbarLayers[1].LastInputs.ToArray());
        for (int p = 0; p < a.Parameters.Count; p++)
        {
            float[] ga = a.Parameters[p].Gradient, gb = b.Parameters[p].Gradient;
            for (int i = 0; i < ga.Length; i++)
            {
                Assert.AreEqual(gb[i], ga[i], 1e-5f + (1e-4f * Math.Abs(gb[i])), $"{a.Parameters[p].Name}[{i}]");
            }
        }

        // Without the chip, A differs: the measured activations really were used.
        BatchResult plain = a.ForwardBackward(a.InputFrom(px, 4), labels);
        Assert.AreNotEqual(ra.Loss, plain.Loss);
        Assert.IsFalse(a.CrossbarLayers.Any(l => l.LastOutputWasMeasured));
    }
}

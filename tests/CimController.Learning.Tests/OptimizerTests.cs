using CimController.Learning.Layers;
using CimController.Learning.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

[TestClass]
public sealed class OptimizerTests
{
    [TestMethod]
    public void AdamWUpdatesMatchHandComputedValues()
    {
        // w = 1 (weight) and b = 1 (bias), gradients 0.5 then -0.25, lr 0.1, betas 0.9/0.999, eps 1e-8, lambda 0.01.
        // Step 1: m^ = 0.5, v^ = 0.25, dW = -0.1 (0.5/0.5 + 0.01) = -0.101 (bias: -0.1).
        // Step 2: m = 0.02, v = 0.00031225, m^ = 0.02/0.19, v^ = 0.00031225/0.001999, dW = -0.0276337 (bias: -0.0266337).
        var w = new Parameter("w", 1, 1, ParameterKind.Weight);
        var b = new Parameter("b", 1, 1, ParameterKind.Bias);
        w.Value[0] = 1f;
        b.Value[0] = 1f;
        var adam = new Adam(0.1f, 0.9f, 0.999f, 1e-8f, 0.01f);
        var ps = new[] { w, b };
        w.Gradient[0] = b.Gradient[0] = 0.5f;
        adam.ComputeUpdates(ps);
        Assert.AreEqual(-0.101, w.Update[0], 1e-6);
        Assert.AreEqual(-0.1, b.Update[0], 1e-6);
        Assert.AreEqual(1f, w.Value[0], "ComputeUpdates must not apply the update");
        w.Gradient[0] = b.Gradient[0] = -0.25f;
        adam.ComputeUpdates(ps);
        Assert.AreEqual(-0.0276337033, w.Update[0], 1e-6);
        Assert.AreEqual(-0.0266337033, b.Update[0], 1e-6);
        Assert.AreEqual(2, adam.StepCount);
        Assert.AreEqual(0.004f, new Adam().LearningRate, "Wu 2023 default learning rate");
    }

    [TestMethod]
    public void StepAppliesTheUpdate()
    {
        var w = new Parameter("w", 1, 2, ParameterKind.Weight);
        w.Value[0] = 1f;
        w.Value[1] = -2f;
        w.Gradient[0] = 3f;
        w.Gradient[1] = -1f;
        var sgd = new Sgd(0.1f);
        sgd.ComputeUpdates(new[] { w });
        CollectionAssert.AreEqual(new[] { -0.3f, 0.1f }, w.Update);
        CollectionAssert.AreEqual(new[] { 1f, -2f }, w.Value);
        sgd.Step(new[] { w });
        Assert.AreEqual(0.7f, w.Value[0], 1e-6f);
        Assert.AreEqual(-1.9f, w.Value[1], 1e-6f);
    }

    [TestMethod]
    public void AdamCheckpointRestoreContinuesIdentically()
    {
        var w1 = new Parameter("w", 1, 1, ParameterKind.Weight);
        var w2 = new Parameter("w", 1, 1, ParameterKind.Weight);
        var a1 = new Adam();
        w1.Gradient[0] = 0.3f;
        a1.Step(new[] { w1 });
        var (m, v) = a1.MomentsOf(w1)!.Value;
        var a2 = new Adam();
        w2.Value[0] = w1.Value[0];
        a2.Restore(a1.StepCount, w2, m, v);
        w1.Gradient[0] = w2.Gradient[0] = -0.7f;
        a1.Step(new[] { w1 });
        a2.Step(new[] { w2 });
        Assert.AreEqual(w1.Value[0], w2.Value[0]);
    }
}

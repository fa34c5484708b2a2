using System;
using System.Linq;
using CimController.Learning.Layers;
using CimController.Learning.Models;
using CimController.Learning.Tensors;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

[TestClass]
public sealed class ModelTests
{
    [TestMethod]
    public void WuLeNetHasSixPointFourThousandDevices()
    {
        Network net = WuLeNet.Create(1);
        Console.WriteLine(net.Describe());
        Assert.AreEqual(WuLeNet.Weights, net.WeightCount);
        Assert.AreEqual(6440, net.DeviceCount);
        Assert.AreEqual(3246, net.ParameterCount);
        CollectionAssert.AreEqual(new[] { "25x4", "100x12", "192x10" }, net.CrossbarLayers.Select(l => $"{l.FanIn}x{l.Outputs}").ToArray());
        // FLOPs per image (Wu 2023 Table 2: 273k) = 2 x MACs.
        var conv = net.CrossbarLayers.OfType<Conv2d>().ToArray();
        long macs = conv[0].MacsFor(28, 28) + conv[1].MacsFor(12, 12) + (192 * 10);
        Assert.AreEqual(272640, 2 * macs);
    }

    [TestMethod]
    public void DiaoLeNet5HasEightyThousandAndSixtyFourParameters()
    {
        Network net = DiaoLeNet5.Create(1);
        Console.WriteLine(net.Describe());
        Assert.AreEqual(DiaoLeNet5.Parameters, net.ParameterCount);
    }

    [TestMethod]
    public void MlpHasTwoHundredThirtyFiveThousandParameters()
    {
        Network net = Mlp.Create(1);
        Console.WriteLine(net.Describe());
        Assert.AreEqual(Mlp.Parameters, net.ParameterCount);
        Assert.AreEqual(784 * 256 + 256 * 128 + 128 * 10, net.WeightCount);
    }

    [TestMethod]
    public void ModelsMapTwentyEightSquareImagesToTenLogits()
    {
        var rng = new Random(2);
        float[] px = TestData.Uniform(rng, 5 * 784, 0, 1);
        foreach (Network net in new[] { WuLeNet.Create(3), DiaoLeNet5.Create(3), Mlp.Create(3) })
        {
            Activations y = net.Forward(net.InputFrom(px, 5));
            Assert.AreEqual(10, y.Channels, net.Name);
            Assert.AreEqual(5, y.Batch, net.Name);
            Assert.IsTrue(y.Span.ToArray().All(float.IsFinite), net.Name);
        }
    }

    [TestMethod]
    public void SameSeedSameWeights()
    {
        float[] a = WuLeNet.Create(9).CrossbarLayers[1].Weights.Value;
        float[] b = WuLeNet.Create(9).CrossbarLayers[1].Weights.Value;
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, WuLeNet.Create(10).CrossbarLayers[1].Weights.Value);
    }
}

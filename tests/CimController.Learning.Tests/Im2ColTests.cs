using System;
using CimController.Learning.Layers;
using CimController.Learning.Tensors;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

[TestClass]
public sealed class Im2ColTests
{
    [TestMethod]
    [DataRow(1, 4, 5, 1, 0, 28)]
    [DataRow(4, 12, 5, 1, 0, 12)]
    [DataRow(3, 5, 3, 2, 1, 9)]
    [DataRow(2, 3, 3, 1, 2, 6)]
    public void Im2ColConvolutionMatchesDirectConvolution(int cin, int cout, int kernel, int stride, int padding, int size)
    {
        const int seed = 21;
        Console.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        const int batch = 3;
        var conv = new Conv2d("c", cin, cout, kernel, rng, stride, padding);
        float[] bias = TestData.Uniform(rng, cout);
        bias.CopyTo(conv.Bias!.Value, 0);
        var x = new Activations(TestData.Uniform(rng, cin * batch * size * size), cin, batch, size, size);
        Activations y = conv.Forward(x, null);
        int oh = ((size + (2 * padding) - kernel) / stride) + 1;
        Assert.AreEqual(oh, y.Height);
        Assert.AreEqual(oh, y.Width);
        Assert.AreEqual(cout, y.Channels);
        float[] w = conv.Weights.Value; // [(c KH + ky) KW + kx, n]
        for (int n = 0; n < cout; n++)
        {
            for (int b = 0; b < batch; b++)
            {
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < oh; ox++)
                    {
                        double s = bias[n];
                        for (int c = 0; c < cin; c++)
                        {
                            for (int ky = 0; ky < kernel; ky++)
                            {
                                for (int kx = 0; kx < kernel; kx++)
                                {
                                    int iy = (oy * stride) + ky - padding, ix = (ox * stride) + kx - padding;
                                    if (iy < 0 || ix < 0 || iy >= size || ix >= size)
                                    {
                                        continue;
                                    }

                                    s += x.Data[((((c * batch) + b) * size) + iy) * size + ix] * w[((((c * kernel) + ky) * kernel) + kx) * cout + n];
                                }
                            }
                        }

                        Assert.AreEqual(s, y.Data[((((n * batch) + b) * oh) + oy) * oh + ox], 1e-4);
                    }
                }
            }
        }
    }

    [TestMethod]
    public void FoldIsTheAdjointOfUnroll()
    {
        // <Unroll(x), y> = <x, Fold(y)> for every x, y: col2im is exactly the transpose of im2col.
        var rng = new Random(31);
        var g = new ConvGeometry(3, 3, 3, 2, 1);
        var x = new Activations(TestData.Uniform(rng, 3 * 2 * 7 * 7), 3, 2, 7, 7);
        int count = 2 * g.OutputHeight(7) * g.OutputWidth(7);
        var cols = new float[g.FanIn * count];
        Im2Col.Unroll(x, g, cols);
        float[] y = TestData.Uniform(rng, cols.Length);
        var folded = Activations.Zeros(3, 2, 7, 7);
        Im2Col.Fold(y, g, folded);
        double lhs = 0, rhs = 0;
        for (int i = 0; i < cols.Length; i++)
        {
            lhs += cols[i] * y[i];
        }

        for (int i = 0; i < x.Length; i++)
        {
            rhs += x.Data[i] * folded.Data[i];
        }

        Assert.AreEqual(lhs, rhs, 1e-4 * Math.Abs(lhs) + 1e-5);
    }
}

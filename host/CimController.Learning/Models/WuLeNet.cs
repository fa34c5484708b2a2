using System;
using CimController.Learning.Layers;

namespace CimController.Learning.Models;

/// <summary>
/// The LeNet of Wu 2023 (Fig. 5a): conv 5x5 1->4, ReLU, max-pool 2, conv 5x5 4->12, ReLU, max-pool 2, fully connected
/// 192->10, on 28x28 inputs (28 -> 24 -> 12 -> 8 -> 4; 4 x 4 x 12 = 192).
/// <para>
/// The paper names only "two 5x5 conv layers and one fully connected layer", "about 6.4k devices" and "conv1 weight
/// matrix 25x8". The channel counts follow from those numbers and from Table 2 (64x64 tiles, two devices per weight
/// on adjacent columns):
/// </para>
/// <list type="bullet">
/// <item>conv1's 25x8 matrix is in devices: 25 rows (1 channel x 5 x 5) by 8 columns = 4 differential pairs, so
/// conv1 has <b>4</b> output channels. (Eight channels would make conv2's fan-in 200 rows, i.e. four 64-row tiles,
/// and contradict the 6 crossbars / 707 tile operations below.)</item>
/// <item>Table 2 "# of Ops" = 641 = 24x24 (conv1 positions) + 8x8 (conv2 positions) + 1 (FC): no padding, pooling by 2.</item>
/// <item>Devices = 2 (25x4 + 100 C2 + 16 C2 x 10) = 200 + 520 C2 = 6.4k gives C2 = 11.9, so conv2 has <b>12</b> channels:
/// 6,440 devices (3,220 weights).</item>
/// <item>Check: crossbars = 1 (25 rows) + 2 (100 rows) + 3 (192 rows) = 6, and tile ops = 576x1 + 64x2 + 1x3 = 707,
/// both as in Table 2; FLOPs = 2 x (57,600 + 76,800 + 1,920) = 272,640, Table 2's "273k".</item>
/// </list>
/// Biases are digital (Wu 2023: "bias addition" in the digital unit) and not counted as devices: 26 more parameters.
/// </summary>
public static class WuLeNet
{
    /// <summary>conv1 output channels (derived above).</summary>
    public const int Conv1Channels = 4;

    /// <summary>conv2 output channels (derived above).</summary>
    public const int Conv2Channels = 12;

    /// <summary>Kernel size of both convolutions (Wu 2023: "a 5x5 sliding window").</summary>
    public const int Kernel = 5;

    /// <summary>Crossbar weights: 25x4 + 100x12 + 192x10 = 3,220 (6,440 devices, the paper's "6.4k").</summary>
    public const int Weights = 3220;

    /// <summary>Creates the network with weights drawn from <paramref name="seed"/>.</summary>
    public static Network Create(int seed)
    {
        var rng = new Random(seed);
        return new Network("WuLeNet", 1, 28, 28, 10, new ILayer[]
        {
            new Conv2d("conv1", 1, Conv1Channels, Kernel, rng),
            new Relu("relu1"),
            new MaxPool2d(2, "pool1"),
            new Conv2d("conv2", Conv1Channels, Conv2Channels, Kernel, rng),
            new Relu("relu2"),
            new MaxPool2d(2, "pool2"),
            new Flatten(),
            new Linear("fc", 4 * 4 * Conv2Channels, 10, rng),
        });
    }
}

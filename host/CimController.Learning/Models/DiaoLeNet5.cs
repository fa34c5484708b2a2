using System;
using CimController.Learning.Layers;

namespace CimController.Learning.Models;

/// <summary>
/// The LeNet-5 of Diao 2025 (Fig. 6b, Table 1: Fashion-MNIST, 28x28 input, 10 classes, 4 layers, 80,064 parameters,
/// "two convolutional layers having depths of 16 and 32"): conv 5x5 1->16, ReLU, max-pool 2, conv 5x5 16->32, ReLU,
/// max-pool 2, fully connected 512->128, ReLU, fully connected 128->10.
/// <para>
/// The paper gives neither kernel size nor the hidden width. 5x5 kernels without padding (28 -> 24 -> 12 -> 8 -> 4,
/// 4 x 4 x 32 = 512 features) and a 128-wide hidden layer reproduce the count exactly when the convolutions carry
/// biases and the two fully connected layers do not: (400 + 16) + (12,800 + 32) + 65,536 + 1,280 = 80,064.
/// With biases on the fully connected layers too it would be 80,202; no other plain conv-conv-fc-fc shape with
/// 3x3/5x5 kernels and biases everywhere gives 80,064.
/// </para>
/// </summary>
public static class DiaoLeNet5
{
    /// <summary>Depth of the first convolution (Diao 2025).</summary>
    public const int Conv1Channels = 16;

    /// <summary>Depth of the second convolution (Diao 2025).</summary>
    public const int Conv2Channels = 32;

    /// <summary>Hidden width of the first fully connected layer (inferred from the parameter count).</summary>
    public const int Hidden = 128;

    /// <summary>Parameter count of Diao 2025 Table 1, reproduced exactly.</summary>
    public const int Parameters = 80064;

    /// <summary>Creates the network with weights drawn from <paramref name="seed"/>.</summary>
    public static Network Create(int seed)
    {
        var rng = new Random(seed);
        return new Network("DiaoLeNet5", 1, 28, 28, 10, new ILayer[]
        {
            new Conv2d("conv1", 1, Conv1Channels, 5, rng),
            new Relu("relu1"),
            new MaxPool2d(2, "pool1"),
            new Conv2d("conv2", Conv1Channels, Conv2Channels, 5, rng),
            new Relu("relu2"),
            new MaxPool2d(2, "pool2"),
            new Flatten(),
            new Linear("fc1", 4 * 4 * Conv2Channels, Hidden, rng, bias: false),
            new Relu("relu3"),
            new Linear("fc2", Hidden, 10, rng, bias: false),
        });
    }
}

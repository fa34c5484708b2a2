using System;

namespace CimController.Learning.Training;

/// <summary>
/// Schedule of a training run. Defaults are Wu 2023's LeNet demo: 13 epochs of 400 shuffled batches of 64, test
/// accuracy on 2560 test images after each epoch.
/// </summary>
/// <param name="Epochs">Epochs to run.</param>
/// <param name="BatchesPerEpoch">Batches per epoch (at most training images / batch size).</param>
/// <param name="BatchSize">Images per batch.</param>
/// <param name="Seed">Seed of the batch shuffling.</param>
/// <param name="TestImages">Test images evaluated after each epoch (the first N of the test set).</param>
public sealed record TrainingOptions(int Epochs = 13, int BatchesPerEpoch = 400, int BatchSize = 64, int Seed = 1, int TestImages = 2560)
{
    /// <summary>Throws when a field is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchesPerEpoch, 1, nameof(BatchesPerEpoch));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(TestImages, nameof(TestImages));
    }
}
